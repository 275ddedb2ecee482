// Runs the TypeScript sources directly (npm start, integration tests) without a separate build.
// SWC keeps decorator metadata, which NestJS's dependency injection needs; tsc remains the
// type checker (npm run typecheck), this hook only strips types.
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

const swcOptions = (filename) => ({
  filename,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true, tsx: filename.endsWith('.tsx') },
    transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
    keepClassNames: true,
  },
});

addHook((code, filename) => transformSync(code, swcOptions(filename)).code, {
  exts: ['.ts', '.tsx'],
  ignoreNodeModules: true,
});
