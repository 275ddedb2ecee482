// Validates docker-compose.yml offline (no Docker engine needed): Compose itself parses and
// interpolates the file, then the rendered model is checked for what `docker compose up` relies on.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { gatewayConfigShape } from '../apps/gateway/src/gateway.config';

const repoRoot = join(__dirname, '..');
const composeFile = join(repoRoot, 'docker-compose.yml');
const INSTALL_HINT =
  'No Compose binary found. Install one with `tools/platform/ensure-tools.sh` ' +
  '(or `apt-get install -y docker-compose`), or the Docker Compose v2 plugin.';

const SERVICES: Record<string, number> = {
  gateway: 3000,
  'channels-ingest': 3001,
  customers: 3002,
  tickets: 3003,
  routing: 3004,
  analytics: 3005,
  notifications: 3006,
};

// No defaults are committed for these: Compose must refuse to start without them.
const SECRETS: Record<string, string> = {
  JWT_SECRET: 'test-only-secret',
  CHANNELS_SECRET_KEY: 'test-only-channels-key-0123456789abcdef',
  WEBHOOK_SECRET_KEY: 'test-only-webhook-key-0123456789abcdef',
  POSTGRES_PASSWORD: 'test-only-postgres-password',
};

type ComposeService = {
  image?: string;
  build?: { dockerfile?: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: Array<{ published: number | string; target: number | string } | string>;
  healthcheck?: { test?: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
};

function findCompose(): string[] | undefined {
  for (const candidate of [['docker', 'compose'], ['docker-compose']]) {
    const probe = spawnSync(candidate[0], [...candidate.slice(1), 'version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

// An empty env file keeps a developer's own .env out of the result; secrets come only from `env`.
const emptyEnvFile = join(mkdtempSync(join(tmpdir(), 'garda-compose-')), 'empty.env');
writeFileSync(emptyEnvFile, '');

function runCompose(compose: string[], args: string[], env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !(name in SECRETS)));
  return spawnSync(compose[0], [...compose.slice(1), '--env-file', emptyEnvFile, '-f', composeFile, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
}

function publishedPorts(service: ComposeService): number[] {
  return (service.ports ?? []).map((p) => Number(typeof p === 'string' ? p.split(':')[0] : p.published));
}

describe('docker-compose.yml', () => {
  const compose = findCompose();
  const requireCompose = (): string[] => {
    if (!compose) throw new Error(INSTALL_HINT);
    return compose;
  };

  it('has a Compose binary to validate with', () => {
    expect(compose).toBeDefined();
    if (!compose) throw new Error(INSTALL_HINT);
  });

  it('is accepted by `compose config -q` when the required secrets are provided', () => {
    const result = runCompose(requireCompose(), ['config', '-q'], SECRETS);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(Object.keys(SECRETS))('refuses to render without %s, naming the variable', (variable) => {
    const { [variable]: _missing, ...others } = SECRETS;
    const result = runCompose(requireCompose(), ['config', '-q'], others);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(variable);
  });

  describe('rendered model', () => {
    let services: Record<string, ComposeService>;
    beforeAll(() => {
      const result = runCompose(requireCompose(), ['config'], SECRETS);
      if (result.status !== 0) throw new Error(`compose config failed: ${result.stderr}`);
      services = (parse(result.stdout) as { services: Record<string, ComposeService> }).services;
    });

    it('runs a single-node KRaft Apache Kafka 3.9 with topic auto-creation off', () => {
      const kafka = services.kafka;
      expect(kafka.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
      expect(kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(kafka.environment?.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
      expect(kafka.healthcheck?.test).toBeDefined();
    });

    it('publishes Kafka and PostgreSQL on 127.0.0.1 only, never on every interface', () => {
      for (const name of ['kafka', 'postgres']) {
        for (const port of services[name].ports ?? []) {
          const hostIp = typeof port === 'string' ? port.split(':').slice(0, -2).join(':') : (port as { host_ip?: string }).host_ip;
          expect({ name, hostIp }).toEqual({ name, hostIp: '127.0.0.1' });
        }
      }
    });

    it('seeds the demo tenant only when asked, and gives every service the password it was given', () => {
      for (const app of Object.keys(SERVICES)) {
        expect(services[app].environment?.SEED_DEMO).toBe('false');
        expect(services[app].environment?.DATABASE_URL).toContain(':test-only-postgres-password@');
      }
      expect(services.postgres.environment?.POSTGRES_PASSWORD).toBe('test-only-postgres-password');
      expect(services.notifications.environment?.WEBHOOK_SECRET_KEY).toBe(SECRETS.WEBHOOK_SECRET_KEY);
    });

    it('lets browsers call the gateway from the console only', () => {
      expect(services.gateway.environment?.CORS_ALLOWED_ORIGINS).toBe('http://localhost:4200');
    });

    it('runs PostgreSQL 16 with a healthcheck', () => {
      expect(services.postgres.image).toMatch(/^postgres:16(\.|-|$)/);
      expect(services.postgres.healthcheck?.test).toBeDefined();
    });

    it('creates the topics once Kafka is healthy, before any service starts', () => {
      const topics = services['kafka-topics'];
      expect(topics.command).toEqual(['node', 'tools/platform/create-topics.mjs']);
      expect(topics.depends_on?.kafka?.condition).toBe('service_healthy');
    });

    it.each(Object.entries(SERVICES))('runs %s on port %d after its infrastructure is ready', (app, port) => {
      const service = services[app];
      expect(service).toBeDefined();
      expect(service.build?.dockerfile).toBe('deploy/docker/Dockerfile.service');
      expect(service.build?.args?.APP).toBe(app);
      expect(publishedPorts(service)).toContain(port);
      expect(service.environment).toMatchObject({
        PORT: String(port),
        KAFKA_BROKERS: 'kafka:9092',
        KAFKA_CLIENT_ID: app,
        JWT_SECRET: 'test-only-secret',
      });
      expect(service.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
      expect(JSON.stringify(service.healthcheck?.test)).toContain('/health/');
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'kafka-topics': { condition: 'service_completed_successfully' },
      });
    });

    it('points every upstream URL the gateway reads at a Compose service on its port', () => {
      // The schema defaults these to 127.0.0.1, which inside the gateway's container is the gateway itself.
      const urlVariables = Object.keys(gatewayConfigShape).filter((name) => name.endsWith('_URL') && name !== 'DATABASE_URL');
      expect(urlVariables.length).toBeGreaterThanOrEqual(4);
      const environment = services.gateway.environment ?? {};
      for (const variable of urlVariables) {
        const value = environment[variable];
        expect({ variable, value }).toEqual({ variable, value: expect.stringMatching(/^http:\/\//) });
        const url = new URL(value);
        const upstream = services[url.hostname];
        expect({ variable, service: upstream?.build?.args?.APP }).toEqual({ variable, service: url.hostname });
        expect({ variable, port: Number(url.port) }).toEqual({ variable, port: Number(upstream.environment?.PORT) });
        expect({ variable, port: Number(url.port) }).toEqual({ variable, port: SERVICES[url.hostname] });
      }
    });

    it('exposes the SMTP listener of channels-ingest on 2525', () => {
      expect(publishedPorts(services['channels-ingest'])).toContain(2525);
    });

    it('serves the console on 4200 once the gateway is healthy', () => {
      const consoleService = services.console;
      expect(consoleService.build?.dockerfile).toBe('deploy/docker/Dockerfile.console');
      expect(publishedPorts(consoleService)).toContain(4200);
      expect(consoleService.depends_on?.gateway?.condition).toBe('service_healthy');
      expect(consoleService.healthcheck?.test).toBeDefined();
      // The browser's gateway: the host port the gateway is published on (written into /config.js at start).
      expect(consoleService.environment?.GATEWAY_URL).toBe(`http://localhost:${SERVICES.gateway}`);
      expect(publishedPorts(services.gateway)).toContain(SERVICES.gateway);
      expect(consoleService.build?.args ?? {}).toEqual({});
    });
  });
});
