// `npm test`: every check and every test, unit and integration, against a real Kafka broker and a
// real PostgreSQL (provisioned by the jest integration global setup). Ends with one summary line
// `N passed, N failed`.
//   node tools/platform/test.mjs                 everything
//   node tools/platform/test.mjs --unit [paths]  unit tests only
//   node tools/platform/test.mjs --service [paths]  the service tier only (PostgreSQL, no broker)
//   node tools/platform/test.mjs --integration [paths]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const only = args.find((arg) => arg === '--unit' || arg === '--service' || arg === '--integration');
const paths = args.filter((arg) => !arg.startsWith('--'));
const resultsDir = path.join(root, 'tmp/test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0 };
const failures = [];

function step(name, command, commandArgs, options = {}) {
  const startedAt = Date.now();
  process.stdout.write(`\n=== ${name} ===\n`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...options.env } });
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const ok = result.status === 0;
  process.stdout.write(`=== ${name}: ${ok ? 'ok' : 'FAILED'} in ${seconds}s ===\n`);
  if (!ok) failures.push(name);
  return ok;
}

function jest(project, extra) {
  const output = path.join(resultsDir, `${project}.json`);
  const ok = step(`${project} tests`, process.execPath, [
    path.join(root, 'node_modules/jest/bin/jest.js'),
    '--selectProjects',
    project,
    '--json',
    `--outputFile=${output}`,
    ...extra,
    // A subset may have nothing in one tier: that is no failure.
    ...(paths.length ? ['--passWithNoTests', '--testPathPatterns', ...paths] : []),
  ]);
  if (existsSync(output)) {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  } else if (!ok) {
    totals.failed += 1;
  }
}

if (!only) {
  step('tools for deployment and browser tests', 'sh', ['-c', 'tools/platform/ensure-tools.sh && tools/platform/ensure-browser.sh']);
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  step('type check', process.execPath, [tsc, '-p', 'tsconfig.check.json', '--noEmit']);
  step('type check (console)', process.execPath, [tsc, '-p', 'apps/console/tsconfig.json', '--noEmit']);
  step('lint', 'sh', ['-c', 'NX_DAEMON=false npx nx show projects >/dev/null && npx prettier --check . && npx eslint . --max-warnings=0'], {
    env: { NX_NO_CLOUD: 'true' },
  });
}
if (!only || only === '--unit') jest('unit', ['--maxWorkers=2']);
if (!only || only === '--service') jest('service', ['--maxWorkers=2']);
if (!only || only === '--integration') jest('integration', ['--runInBand', '--forceExit']);

const failedSteps = failures.filter((name) => !name.endsWith('tests'));
process.stdout.write(`\n${failures.length ? `failed steps: ${failures.join(', ')}\n` : ''}`);
process.stdout.write(`${totals.passed} passed, ${totals.failed + failedSteps.length} failed\n`);
process.exit(failures.length === 0 ? 0 : 1);
