// Three test levels (see docs/testing.md):
//  - unit: pure logic and services with mocked collaborators; fast, parallel.
//  - service: one service's Nest module on real PostgreSQL with its real repositories, no broker.
//  - integration: real PostgreSQL and a real Kafka broker, provisioned once per run by the
//    global setup; serial, because the services under test share one broker and one database.
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': swcTransform },
  moduleNameMapper: { '^@garda/(.*)$': '<rootDir>/libs/$1/src/index.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      // The service tier: one service's Nest module on a migrated scratch database, no broker
      // (libs/testing ServiceTier). Each file has a database of its own, so files run in parallel.
      ...shared,
      displayName: 'service',
      testMatch: ['<rootDir>/{apps,libs}/**/*.service-spec.ts'],
      testEnvironment: '<rootDir>/tools/testing/test-log-environment.cjs',
      globalSetup: '<rootDir>/tools/testing/service-global-setup.cjs',
      globalTeardown: '<rootDir>/tools/testing/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/tools/testing/integration-timeout.cjs'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools,deploy}/**/*.int-spec.ts'],
      // Service logs go to tmp/test-logs/<file>/<test>.log and are printed for a failing test only.
      testEnvironment: '<rootDir>/tools/testing/test-log-environment.cjs',
      globalSetup: '<rootDir>/tools/testing/global-setup.cjs',
      globalTeardown: '<rootDir>/tools/testing/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/tools/testing/integration-timeout.cjs'],
    },
  ],
};
