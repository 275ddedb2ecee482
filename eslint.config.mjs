import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettierConfig from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const depConstraints = [
  // Pure libraries: no framework, no I/O.
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  // Demo seed data (the tenant `npm start` seeds): plain constants.
  { sourceTag: 'type:seed', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:seed', 'type:domain', 'type:infra', 'type:testing'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:seed', 'type:infra', 'type:testing'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:seed', 'type:infra'] },
  // tools/ (benchmarks, simulator, docs generators, the test runner): any library, never an app.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:contracts', 'type:seed', 'type:domain', 'type:infra', 'type:testing'] },
  { sourceTag: 'scope:frontend', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];
// `x.query(…) as T`, `(await x.query(…)) as T`, `(await x.query(…))[0] as T`, `(await pg.query(…)).rows as T`: each an unchecked
// claim about what the SQL returns. Cheap to match: a type assertion whose operand is, or indexes into, a `.query(` call.
const QUERY_CALL = 'CallExpression[callee.property.name="query"]';
const QUERY_RESULT_CASTS = [
  `TSAsExpression > ${QUERY_CALL}`,
  `TSAsExpression > AwaitExpression > ${QUERY_CALL}`,
  `TSAsExpression > MemberExpression > ${QUERY_CALL}`,
  `TSAsExpression > MemberExpression > AwaitExpression > ${QUERY_CALL}`,
  `TSTypeAssertion > AwaitExpression > ${QUERY_CALL}`,
].map((selector) => ({
  selector,
  message:
    'No `as` on a query result (ADR 0061): parse the rows with queryRows/queryFirst/updatedRows/affectedRows/pgRows and a zod row schema.',
}));
const moduleBoundaries = (constraints) => ({ allow: [], depConstraints: constraints, banTransitiveDependencies: false });

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/tmp/**',
      '.garda/**',
      'test-artifacts/**',
      '**/*.cjs',
      '**/*.mjs',
      '**/vite.config.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierConfig,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { project: ['./tsconfig.check.json', './apps/console/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promise safety: an unawaited promise hides failures and breaks at-least-once handling.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      // ADR 0061: a query's rows are parsed at the boundary (queryRows/queryFirst/updatedRows/affectedRows/pgRows), never cast.
      'no-restricted-syntax': ['error', ...QUERY_RESULT_CASTS],
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries(depConstraints)],
    },
  },
  {
    // The console's browser tests run the platform from Node.js: they, never its src, use the test helpers.
    files: ['apps/console/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries(
          depConstraints.map((constraint) =>
            constraint.sourceTag === 'scope:frontend'
              ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
              : constraint,
          ),
        ),
      ],
    },
  },
  {
    // Pure libraries may not pull in frameworks or I/O.
    files: ['libs/contracts/**/*.ts', 'libs/demo-tenant/**/*.ts', 'libs/routing-engine/**/*.ts', 'libs/staffing/src/**/*.ts'],
    // The simulator's own tests read their sample scenario from disk.
    ignores: ['libs/staffing/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'socket.io', 'node:fs', 'node:net', 'node:http', 'express'] },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
