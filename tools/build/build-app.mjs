#!/usr/bin/env node
// Production build of one Garda app into dist/apps/<app>/, runnable with `node dist/apps/<app>/main.js`
// and without the TypeScript sources:
//   - NestJS apps: SWC compiles apps/<app>/src and every @garda/<lib> it reaches (transitively)
//     with legacy decorators and decorator metadata (Nest's dependency injection reads it).
//     Libs land in dist/apps/<app>/libs/<lib>/ and `require("@garda/<lib>")` is rewritten to a
//     relative path, so npm never sees (or prunes) them. A pruned package.json lists only the
//     npm packages the emitted code requires, pinned to the root package.json's versions, and the
//     root package-lock.json is copied beside it so `npm install --omit=dev` keeps locked versions.
//   - apps/console (React + Vite): `vite build` with the console's own config, into dist/apps/console.
//
// Usage: node tools/build/build-app.mjs <app> [--root <repo>] [--out <dir>]
import { builtinModules, createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const toolRequire = createRequire(import.meta.url);
const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Packages a framework loads by name at run time, so they never appear as a require() in our code.
const IMPLICIT_DEPENDENCIES = {
  '@nestjs/core': ['@nestjs/platform-express', 'reflect-metadata', 'rxjs'],
  '@nestjs/common': ['reflect-metadata', 'rxjs'],
  '@nestjs/websockets': ['@nestjs/platform-socket.io'],
  typeorm: ['pg'],
};

const TEST_FILE = /\.(spec|int-spec|test|e2e-spec)\.tsx?$/;
const SKIPPED_DIRS = new Set(['__tests__', '__mocks__', 'test-fixtures', 'node_modules']);
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

class BuildError extends Error {}

function parseArgs(argv) {
  const args = { app: undefined, root: defaultRoot, out: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--root') args.root = resolve(argv[(i += 1)]);
    else if (arg === '--out') args.out = resolve(argv[(i += 1)]);
    else if (arg.startsWith('-')) throw new BuildError(`unknown option ${arg}`);
    else args.app = arg;
  }
  if (!args.app) throw new BuildError('usage: node tools/build/build-app.mjs <app> [--root <repo>] [--out <dir>]');
  args.out ??= join(args.root, 'dist', 'apps', args.app);
  return args;
}

function listSources(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...listSources(path));
    } else if (!TEST_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files;
}

function swcOptions(filename) {
  return {
    filename,
    sourceMaps: true,
    swcrc: false,
    configFile: false,
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, tsx: filename.endsWith('.tsx') },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      keepClassNames: true,
    },
  };
}

// Every string passed to require() in SWC's CommonJS output (static imports, re-exports and
// dynamic import() all become require("...")).
const REQUIRE_CALL = /\brequire\((["'])([^"'\n]+)\1\)/g;

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function toPosixRelative(fromDir, toFile) {
  const rel = relative(fromDir, toFile).split(sep).join(posix.sep);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Compiles one source tree into outDir; returns the bare and @garda specifiers it requires. */
function compileTree(swc, { srcDir, outDir, libOutDir, emitted }) {
  const packages = new Set();
  const libs = new Set();
  for (const file of listSources(srcDir)) {
    const target = join(outDir, relative(srcDir, file));
    mkdirSync(dirname(target), { recursive: true });
    if (!/\.tsx?$/.test(file)) {
      copyFileSync(file, target); // json, sql, templates: whatever the code reads at run time
      emitted.add(target);
      continue;
    }
    const jsTarget = target.replace(/\.tsx?$/, '.js');
    const { code, map } = swc.transformSync(readFileSync(file, 'utf8'), swcOptions(file));
    const rewritten = code.replace(REQUIRE_CALL, (call, quote, specifier) => {
      if (specifier.startsWith('.') || BUILTINS.has(specifier)) return call;
      if (specifier.startsWith('@garda/')) {
        const [, lib, ...deep] = specifier.split('/');
        if (deep.length > 0) {
          throw new BuildError(`${file}: deep import "${specifier}"; import from "@garda/${lib}" only`);
        }
        libs.add(lib);
        return `require(${quote}${toPosixRelative(dirname(jsTarget), join(libOutDir, lib, 'index.js'))}${quote})`;
      }
      packages.add(packageNameOf(specifier));
      return call;
    });
    writeFileSync(jsTarget, `${rewritten}\n//# sourceMappingURL=${posix.basename(jsTarget)}.map\n`);
    if (map) writeFileSync(`${jsTarget}.map`, map);
    emitted.add(jsTarget);
  }
  return { packages, libs };
}

/** Fails the build when a relative require points at a file that was not emitted (e.g. ../../libs/x/src). */
function checkRelativeRequires(emitted) {
  const problems = [];
  for (const file of emitted) {
    if (!file.endsWith('.js')) continue;
    for (const [, , specifier] of readFileSync(file, 'utf8').matchAll(REQUIRE_CALL)) {
      if (!specifier.startsWith('.')) continue;
      const base = resolve(dirname(file), specifier);
      const candidates = [base, `${base}.js`, `${base}.json`, join(base, 'index.js')];
      if (!candidates.some((c) => emitted.has(c) && statSync(c).isFile())) {
        problems.push(`${relative(process.cwd(), file)} requires "${specifier}", which is not part of the build`);
      }
    }
  }
  if (problems.length > 0) throw new BuildError(problems.join('\n'));
}

function prunedPackageJson(rootPkg, app, required) {
  const dependencies = {};
  const problems = [];
  for (const name of [...required].sort()) {
    const version = rootPkg.dependencies?.[name];
    if (version) dependencies[name] = version;
    else if (rootPkg.devDependencies?.[name]) problems.push(`"${name}" is required at run time but is a devDependency in package.json`);
    else problems.push(`"${name}" is required at run time but is not a dependency in package.json`);
  }
  if (problems.length > 0) throw new BuildError(problems.join('\n'));
  // Companions loaded by name at run time: included when the repo depends on them.
  for (const pkg of required) {
    for (const implied of IMPLICIT_DEPENDENCIES[pkg] ?? []) {
      const version = rootPkg.dependencies?.[implied];
      if (version) dependencies[implied] = version;
    }
  }
  return {
    name: `@garda/app-${app}`,
    version: rootPkg.version ?? '0.0.0',
    private: true,
    license: rootPkg.license,
    main: 'main.js',
    engines: rootPkg.engines,
    scripts: { start: 'node main.js' },
    dependencies: Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b))),
    ...(rootPkg.allowScripts ? { allowScripts: rootPkg.allowScripts } : {}),
  };
}

function buildNestApp({ app, root, out }) {
  const appSrc = join(root, 'apps', app, 'src');
  if (!existsSync(join(appSrc, 'main.ts'))) throw new BuildError(`apps/${app}/src/main.ts not found under ${root}`);
  const swc = toolRequire('@swc/core');
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const libOutDir = join(out, 'libs');
  const emitted = new Set();

  rmSync(out, { recursive: true, force: true });
  const first = compileTree(swc, { srcDir: appSrc, outDir: out, libOutDir, emitted });
  const packages = new Set(first.packages);
  const pending = [...first.libs];
  const builtLibs = new Set();
  while (pending.length > 0) {
    const lib = pending.pop();
    if (builtLibs.has(lib)) continue;
    builtLibs.add(lib);
    const libSrc = join(root, 'libs', lib, 'src');
    if (!existsSync(join(libSrc, 'index.ts')))
      throw new BuildError(`@garda/${lib} is imported but libs/${lib}/src/index.ts does not exist`);
    const result = compileTree(swc, { srcDir: libSrc, outDir: join(libOutDir, lib), libOutDir, emitted });
    result.packages.forEach((p) => packages.add(p));
    pending.push(...result.libs);
  }
  checkRelativeRequires(emitted);

  const pkg = prunedPackageJson(rootPkg, app, packages);
  writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) copyFileSync(lock, join(out, 'package-lock.json'));
  return { libs: [...builtLibs].sort(), dependencies: Object.keys(pkg.dependencies) };
}

async function buildConsole({ root, out }) {
  const consoleRoot = join(root, 'apps', 'console');
  if (!existsSync(consoleRoot)) throw new BuildError(`apps/console not found under ${root}`);
  // The workspace's own vite (its config and plugins resolve against it); the tool's as a fallback.
  let vitePath;
  try {
    vitePath = toolRequire.resolve('vite', { paths: [root] });
  } catch {
    vitePath = toolRequire.resolve('vite');
  }
  const { build } = await import(pathToFileURL(vitePath).href);
  // The console's vite config (apps/console/vite.config.*) is picked up from its root as usual;
  // only the output directory is decided here so every app lands under dist/apps/.
  await build({ root: consoleRoot, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  return { libs: [], dependencies: [] };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const result = args.app === 'console' ? await buildConsole(args) : buildNestApp(args);
  process.stdout.write(
    `built ${args.app} -> ${relative(process.cwd(), args.out) || '.'} in ${Date.now() - started} ms` +
      (result.libs.length ? `; libs: ${result.libs.join(', ')}` : '') +
      (result.dependencies.length ? `; runtime deps: ${result.dependencies.join(', ')}` : '') +
      '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`build-app: ${error instanceof BuildError ? error.message : error.stack}\n`);
  process.exitCode = 1;
});
