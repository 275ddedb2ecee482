// Builds a throwaway Nest app (with two @garda libs) in a temporary workspace and runs the output
// with plain node: dependency injection must work from the emitted decorator metadata, libs must
// resolve without the TypeScript sources, and package.json must list only what the code needs.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const repoRoot = join(__dirname, '..', '..');
const buildTool = join(__dirname, 'build-app.mjs');

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function fixtureWorkspace(extra: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'garda-build-app-'));
  writeFiles(root, {
    'package.json': JSON.stringify({
      name: 'fixture',
      version: '1.2.3',
      private: true,
      workspaces: ['libs/*'],
      dependencies: {
        '@nestjs/common': '11.2.10',
        '@nestjs/core': '11.2.10',
        '@nestjs/platform-express': '11.2.10',
        'reflect-metadata': '0.2.2',
        rxjs: '7.8.2',
        zod: '4.6.7',
        kafkajs: '2.2.4',
      },
      devDependencies: { jest: '30.5.2' },
    }),
    'libs/config/src/index.ts':
      "import { z } from 'zod';\nexport const readPort = (value: string | undefined): number => z.coerce.number().int().min(0).parse(value ?? '0');\n",
    'libs/greet/src/index.ts': "export * from './greeter.service';\nexport { readPort } from '@garda/config';\n",
    'libs/greet/src/greeter.service.ts':
      "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class GreeterService {\n  greet(name: string): string { return `hello ${name}`; }\n}\n",
    'libs/greet/src/greeter.service.spec.ts': "import 'a-test-only-package';\n",
    'apps/demo/src/health/health.controller.ts': [
      "import { Controller, Get } from '@nestjs/common';",
      "import { GreeterService } from '@garda/greet';",
      "@Controller('health')",
      'export class HealthController {',
      '  constructor(private readonly greeter: GreeterService) {}',
      "  @Get('live') live() { return { status: 'live', greeting: this.greeter.greet('probe') }; }",
      '}',
    ].join('\n'),
    'apps/demo/src/banner.json': '{ "name": "demo" }\n',
    'apps/demo/src/main.ts': [
      "import 'reflect-metadata';",
      "import type { AddressInfo } from 'node:net';",
      "import { Module } from '@nestjs/common';",
      "import { NestFactory } from '@nestjs/core';",
      "import { GreeterService, readPort } from '@garda/greet';",
      "import { HealthController } from './health/health.controller';",
      "import banner from './banner.json';",
      '@Module({ controllers: [HealthController], providers: [GreeterService] })',
      'class AppModule {}',
      'async function main(): Promise<void> {',
      '  const app = await NestFactory.create(AppModule, { logger: false });',
      "  await app.listen(readPort(process.env.PORT), '127.0.0.1');",
      '  const { port } = app.getHttpServer().address() as AddressInfo;',
      '  process.stdout.write(`${banner.name} listening on ${port}\\n`);',
      '}',
      'void main();',
    ].join('\n'),
    ...extra,
  });
  return root;
}

function build(root: string, app = 'demo') {
  return spawnSync(process.execPath, [buildTool, app, '--root', root], { encoding: 'utf8' });
}

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" line; output: ${output}`)), 20000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

describe('build-app', () => {
  const workspaces: string[] = [];
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    for (const root of workspaces) rmSync(root, { recursive: true, force: true });
  });
  const workspace = (extra?: Record<string, string>) => {
    const root = fixtureWorkspace(extra);
    workspaces.push(root);
    return root;
  };

  it('produces dist/apps/<app>/main.js that serves requests with plain node and no TypeScript sources', async () => {
    const root = workspace();
    const result = build(root);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);

    const out = join(root, 'dist', 'apps', 'demo');
    rmSync(join(root, 'libs'), { recursive: true }); // prove the output does not reach back into the sources
    symlinkSync(join(repoRoot, 'node_modules'), join(out, 'node_modules'), 'dir');
    const child = spawn(process.execPath, ['main.js'], { cwd: out, env: { ...process.env, PORT: '0' } });
    children.push(child);
    const port = await waitForPort(child);

    const response = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'live', greeting: 'hello probe' });
  });

  it('writes a package.json with only the runtime packages the code requires, at the root versions, and the lockfile', () => {
    const root = workspace();
    expect(build(root).status).toBe(0);
    const out = join(root, 'dist', 'apps', 'demo');
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: '@garda/app-demo', version: '1.2.3', main: 'main.js', private: true });
    // kafkajs is a root dependency the demo never imports; platform-express is loaded by Nest by name.
    expect(pkg.dependencies).toEqual({
      '@nestjs/common': '11.2.10',
      '@nestjs/core': '11.2.10',
      '@nestjs/platform-express': '11.2.10',
      'reflect-metadata': '0.2.2',
      rxjs: '7.8.2',
      zod: '4.6.7',
    });
    expect(existsSync(join(out, 'libs', 'greet', 'greeter.service.js'))).toBe(true);
    expect(existsSync(join(out, 'libs', 'greet', 'greeter.service.spec.js'))).toBe(false);
  });

  it('fails when runtime code requires a devDependency', () => {
    const root = workspace({ 'libs/config/src/dev-only.ts': "import 'jest';\nexport const x = 1;\n" });
    writeFileSync(join(root, 'libs/config/src/index.ts'), "export * from './dev-only';\n");
    const result = build(root);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('"jest" is required at run time but is a devDependency');
  });

  it('fails when the app reaches into a lib by relative path instead of @garda/<lib>', () => {
    const root = workspace({ 'apps/demo/src/sneaky.ts': "export * from '../../../libs/config/src';\n" });
    writeFileSync(join(root, 'apps/demo/src/main.ts'), "import './sneaky';\n");
    const result = build(root);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('which is not part of the build');
  });

  it('names a missing app instead of building nothing', () => {
    const result = build(workspace(), 'no-such-app');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('apps/no-such-app/src/main.ts not found');
  });
});
