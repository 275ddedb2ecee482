// One Nx project's `test` target (nx.json targetDefaults): its unit tests and its service-tier
// tests (docs/testing.md) in one jest run, the report in tmp/test-results/projects/<project>.json —
// the target's cached output, so `npm test` counts a cached project's tests too.
//   node tools/platform/test-project.mjs <project name> <project root>
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [name, projectRoot] = process.argv.slice(2);
if (!name || !projectRoot) {
  process.stderr.write('usage: node tools/platform/test-project.mjs <project name> <project root>\n');
  process.exit(2);
}
mkdirSync(path.join(root, 'tmp/test-results/projects'), { recursive: true });
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const result = spawnSync(
  process.execPath,
  [
    path.join(root, 'node_modules/jest/bin/jest.js'),
    '--selectProjects',
    'unit',
    'service',
    // A project may have no tests of a tier (or none yet): that is no failure.
    '--passWithNoTests',
    '--json',
    `--outputFile=${path.join(root, 'tmp/test-results/projects', `${name}.json`)}`,
    '--testPathPatterns',
    `^${escape(path.join(root, projectRoot))}/`,
    ...process.argv.slice(4),
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
