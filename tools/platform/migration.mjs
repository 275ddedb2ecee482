// `npm run db:migration -- <generate|run|revert|show> <service> [Name]`: the TypeORM CLI on one
// service's DataSource (apps/<service>/src/data-source.ts, ADR 0061) and DATABASE_URL.
//   generate <service> <Name>  writes apps/<service>/src/migrations/<Date.now()>-<Name>.ts from the
//                              difference between the service's entities and the database
//   run | revert | show <service>  applies, undoes the last, or lists the migrations
// Then add the new class to the service definition's `migrations` (in order) and review its SQL.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [command, service, name] = process.argv.slice(2);
const dataSource = service && path.join('apps', service, 'src/data-source.ts');
if (!['generate', 'run', 'revert', 'show'].includes(command) || !dataSource || !existsSync(path.join(root, dataSource))) {
  process.stderr.write('usage: npm run db:migration -- <generate|run|revert|show> <service with src/data-source.ts> [Name]\n');
  process.exit(2);
}
if (command === 'generate' && !/^[A-Za-z][A-Za-z0-9]*$/.test(name ?? '')) {
  process.stderr.write('generate needs a migration name in PascalCase, e.g. AddCustomerNotes\n');
  process.exit(2);
}
const args = [
  '-r',
  path.join(root, 'tools/swc-register.cjs'),
  path.join(root, 'node_modules/typeorm/cli.js'),
  `migration:${command}`,
  '-d',
  dataSource,
  ...(command === 'generate' ? [path.join('apps', service, 'src/migrations', name), '--pretty'] : []),
];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
