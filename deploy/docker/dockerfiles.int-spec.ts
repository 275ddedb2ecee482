// Static checks of the Dockerfiles (there is no Docker engine here to build them): what each image
// must guarantee, and that everything the build copies exists and is not hidden by .dockerignore.
// docker-compose.yml is cross-checked too: every build arg it passes is declared by the Dockerfile.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const repoRoot = join(__dirname, '..', '..');

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}
interface Dockerfile {
  globalArgs: Instruction[];
  stages: Stage[];
}

/** Enough of the Dockerfile grammar for these files: comments, line continuations, stages. */
function parseDockerfile(path: string): Dockerfile {
  const logicalLines: string[] = [];
  let pending = '';
  for (const raw of readFileSync(join(repoRoot, path), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // comment inside a continued instruction
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    logicalLines.push(pending + line);
    pending = '';
  }
  const result: Dockerfile = { globalArgs: [], stages: [] };
  for (const line of logicalLines) {
    const [keyword, ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`unreadable FROM in ${path}: ${line}`);
      result.stages.push({ from: match[1], name: match[2] ?? String(result.stages.length), instructions: [] });
    } else if (result.stages.length === 0) {
      result.globalArgs.push(instruction);
    } else {
      result.stages[result.stages.length - 1].instructions.push(instruction);
    }
  }
  return result;
}

const stage = (file: Dockerfile, name: string) => {
  const found = file.stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const all = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const declaredArgs = (file: Dockerfile) =>
  new Set(
    [...file.globalArgs, ...file.stages.flatMap((s) => s.instructions)].filter((i) => i.keyword === 'ARG').map((i) => i.args.split('=')[0]),
  );

/** Sources of COPY instructions that read the build context (not --from another stage). */
function contextSources(file: Dockerfile): string[] {
  return file.stages
    .flatMap((s) => all(s, 'COPY'))
    .filter((args) => !/--from=/.test(args))
    .flatMap((args) => {
      const parts = args.split(/\s+/).filter((part) => !part.startsWith('--'));
      return parts.slice(0, -1);
    });
}

/** .dockerignore semantics for the patterns we use: globs, ** and ! exceptions; last match wins. */
function isIgnored(path: string): boolean {
  const patterns = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const normalised = path.replace(/\/$/, '');
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    const source = glob
      .split('**/')
      .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
      .join('(?:.*/)?');
    if (new RegExp(`^${source}(?:/.*)?$`).test(normalised)) ignored = !negated;
  }
  return ignored;
}

describe.each([
  ['deploy/docker/Dockerfile.service', 'runtime'],
  ['deploy/docker/Dockerfile.console', 'runtime'],
])('%s', (path, finalStage) => {
  const file = parseDockerfile(path);

  it('is multi-stage and ends in the runtime stage (the default build target)', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    expect(file.stages[file.stages.length - 1].name).toBe(finalStage);
  });

  it('builds on node:22-bookworm-slim (Node.js 20 left support in April 2026)', () => {
    expect(file.globalArgs).toContainEqual({ keyword: 'ARG', args: 'NODE_IMAGE=node:22-bookworm-slim' });
    expect(stage(file, 'build').from).toBe('${NODE_IMAGE}');
  });

  it('runs as a non-root user, with a healthcheck and an exposed port', () => {
    const runtime = stage(file, finalStage);
    const users = all(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    expect(all(runtime, 'HEALTHCHECK')).toHaveLength(1);
    expect(all(runtime, 'EXPOSE')).toHaveLength(1);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const sources = contextSources(file);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect({ source, exists: existsSync(join(repoRoot, source)) }).toEqual({ source, exists: true });
      expect({ source, ignored: isIgnored(source) }).toEqual({ source, ignored: false });
    }
  });
});

describe('Dockerfile.service', () => {
  const file = parseDockerfile('deploy/docker/Dockerfile.service');

  it('installs with the lockfile and builds the app named by APP with the build tool', () => {
    const build = stage(file, 'build');
    expect(all(build, 'RUN').join('\n')).toMatch(/npm ci\b/);
    expect(all(build, 'RUN').join('\n')).toContain('node tools/build/build-app.mjs "$APP"');
    expect(existsSync(join(repoRoot, 'tools/build/build-app.mjs'))).toBe(true);
  });

  it('installs only production dependencies in the runtime image and checks /health/live', () => {
    const runtime = stage(file, 'runtime');
    expect(all(runtime, 'RUN').join('\n')).toMatch(/npm install --omit=dev/);
    expect(all(runtime, 'HEALTHCHECK')[0]).toContain('/health/live');
    expect(all(runtime, 'CMD')).toEqual(['["node", "main.js"]']);
  });

  it('offers a platform-tools target for the topic creation Job', () => {
    expect(all(stage(file, 'platform-tools'), 'CMD')).toEqual(['["node", "tools/platform/create-topics.mjs"]']);
  });
});

describe('Dockerfile.console', () => {
  const file = parseDockerfile('deploy/docker/Dockerfile.console');
  const runtime = stage(file, 'runtime');

  it('bakes no gateway URL into the build: nothing reads VITE_* variables', () => {
    expect([...declaredArgs(file)].filter((arg) => arg.startsWith('VITE_'))).toEqual([]);
    expect(file.stages.flatMap((s) => all(s, 'ENV')).join('\n')).not.toMatch(/VITE_/);
  });

  it("writes /config.js from GATEWAY_URL at start through nginx's entrypoint hook directory, as an executable script", () => {
    // nginx(-unprivileged)'s /docker-entrypoint.sh runs executable /docker-entrypoint.d/*.sh before nginx.
    expect(file.globalArgs).toContainEqual({ keyword: 'ARG', args: expect.stringMatching(/^NGINX_IMAGE=nginxinc\/nginx-unprivileged:/) });
    expect(runtime.from).toBe('${NGINX_IMAGE}');
    expect(all(runtime, 'COPY')).toContainEqual(
      expect.stringMatching(/^--chmod=0?755 deploy\/docker\/console-config\.sh \/docker-entrypoint\.d\/\d+-[\w-]+\.sh$/),
    );
    expect(all(runtime, 'ENV')).toContainEqual('GATEWAY_URL=""');
    expect(all(runtime, 'ENTRYPOINT')).toEqual([]); // the base image's entrypoint must stay in charge
  });

  it('serves /config.js from where the script writes it, uncached', () => {
    const configDir = /GARDA_CONFIG_DIR:-([^}]+)\}/.exec(readFileSync(join(repoRoot, 'deploy/docker/console-config.sh'), 'utf8'))?.[1];
    expect(configDir).toMatch(/^\/tmp\//); // /tmp is the one writable place (read-only root filesystem)
    const nginx = readFileSync(join(repoRoot, 'deploy/docker/console-nginx.conf'), 'utf8');
    const location = /location = \/config\.js \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(location).toContain(`root ${configDir};`);
    expect(location).toMatch(/Cache-Control "no-store"/);
  });
});

describe('images build what the Nx build targets build', () => {
  const apps = readdirSync(join(repoRoot, 'apps')).filter((app) => {
    const project = join(repoRoot, 'apps', app, 'project.json');
    return existsSync(project) && (JSON.parse(readFileSync(project, 'utf8')) as { targets?: { build?: unknown } }).targets?.build;
  });

  it('covers every app with a build target', () => {
    expect(apps.sort()).toEqual(['analytics', 'channels-ingest', 'console', 'customers', 'gateway', 'notifications', 'routing', 'tickets']);
  });

  it.each(apps)("%s: the Nx build target is the build tool, and the image's build stage runs exactly that", (app) => {
    const project = JSON.parse(readFileSync(join(repoRoot, 'apps', app, 'project.json'), 'utf8')) as {
      targets: { build: { command?: string } };
    };
    // A project's target may only name itself and take the workspace's definition (nx.json targetDefaults).
    const defaults = JSON.parse(readFileSync(join(repoRoot, 'nx.json'), 'utf8')) as { targetDefaults: { build: { command: string } } };
    const command = (project.targets.build.command ?? defaults.targetDefaults.build.command).replace('{projectName}', app);
    expect(command).toBe(`node tools/build/build-app.mjs ${app}`);
    const file = parseDockerfile(app === 'console' ? 'deploy/docker/Dockerfile.console' : 'deploy/docker/Dockerfile.service');
    // The service recipe is one for all apps: its RUN names the app through the APP build arg.
    const runs = all(stage(file, 'build'), 'RUN').map((run) => run.replace(/"\$APP"|\$\{APP\}|\$APP\b/g, app));
    expect(
      runs.some((run) =>
        run
          .split('&&')
          .map((part) => part.trim())
          .includes(command),
      ),
    ).toBe(true);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output, VCS data, local state and env files out of the context', () => {
    for (const path of [
      'node_modules',
      'libs/contracts/node_modules',
      'apps/console/node_modules',
      'dist',
      'tmp',
      '.garda',
      '.nx',
      '.git',
      '.env',
    ]) {
      expect({ path, ignored: isIgnored(path) }).toEqual({ path, ignored: true });
    }
    expect(isIgnored('.env.example')).toBe(false);
  });
});

describe('docker-compose.yml build arguments', () => {
  const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { build?: { dockerfile: string; target?: string; args?: Record<string, string> } }>;
  };
  const builds = Object.entries(compose.services).filter(([, service]) => service.build);

  it.each(builds.map(([name]) => name))('%s passes only arguments its Dockerfile declares, and a stage that exists', (name) => {
    const build = compose.services[name].build!;
    const file = parseDockerfile(build.dockerfile);
    const declared = declaredArgs(file);
    for (const arg of Object.keys(build.args ?? {})) {
      expect({ arg, declared: declared.has(arg) }).toEqual({ arg, declared: true });
    }
    if (build.target) expect(file.stages.map((s) => s.name)).toContain(build.target);
  });
});
