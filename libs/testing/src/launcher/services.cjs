// The services of the platform and how to run one as a child process. Shared by `npm start`
// (tools/platform/start.mjs) and the end-to-end tests (typed: ../platform-services.ts), so the
// tests exercise exactly what a user starts.
// CommonJS so jest (CJS) and the ESM scripts can both load it.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../../..');

/** Default ports (docs/operations.md); every one can be overridden with PORT. */
const SERVICES = [
  { name: 'customers', port: 3002 },
  { name: 'tickets', port: 3003 },
  { name: 'routing', port: 3004 },
  { name: 'analytics', port: 3005 },
  { name: 'notifications', port: 3006 },
  { name: 'channels-ingest', port: 3001 },
  { name: 'gateway', port: 3000 },
];

/** Only the services whose code exists (lets the platform grow one service at a time). */
const availableServices = () => SERVICES.filter((service) => existsSync(path.join(ROOT, 'apps', service.name, 'src/main.ts')));

/**
 * Start one service with the given environment; resolves when /health/ready answers 200.
 * The returned handle can stop it gracefully (SIGTERM) or kill it (SIGKILL) to simulate a crash.
 */
async function startService(name, { env, port, onOutput, readyTimeoutMs = Number(process.env.GARDA_READY_TIMEOUT_MS ?? 180_000) }) {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'tools/swc-register.cjs'), path.join(ROOT, 'apps', name, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const collect = (stream) => (chunk) => {
    const text = chunk.toString();
    output.push(text);
    if (output.length > 400) output.shift();
    onOutput?.(name, stream, text);
  };
  child.stdout.on('data', collect('stdout'));
  child.stderr.on('data', collect('stderr'));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;

  const handle = {
    name,
    url,
    port,
    child,
    exited,
    output: () => output.join(''),
    stop: (timeoutMs = 15_000) => stopGracefully(child, exited, timeoutMs),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGKILL');
      return exited;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  let early;
  exited.then((result) => (early = result));
  while (Date.now() < deadline) {
    if (early) throw new Error(`${name} exited during start (${JSON.stringify(early)}):\n${tail(output.join(''))}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.status === 200) return handle;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await handle.kill();
  throw new Error(`${name} was not ready within ${readyTimeoutMs} ms:\n${tail(output.join(''))}`);
}

/** SIGTERM, then SIGKILL if the child has not exited within timeoutMs. */
async function stopGracefully(child, exited, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const result = await exited;
  clearTimeout(timer);
  return result;
}

const tail = (text) => text.split('\n').slice(-40).join('\n');

/**
 * A Kafka broker of its own for one end-to-end platform, in a child process (the broker scripts
 * are ESM, which jest's CJS sandbox cannot import). Every platform seeds the same demo tenant, so
 * on a shared broker one test file's leftover events (an agent going offline at shutdown, a
 * routing request nobody consumed) would reach the next file's services; an empty cluster per
 * platform keeps each file's assertions about exact counts honest.
 */
async function startPrivateKafka({ stateDir, readyTimeoutMs = 120_000 }) {
  const env = { ...process.env };
  delete env.KAFKA_BROKERS;
  const child = spawn(process.execPath, [path.join(ROOT, 'tools/platform/infra-cli.mjs'), '--kafka-only', '--state-dir', stateDir], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const brokers = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no private Kafka broker within ${readyTimeoutMs} ms:\n${tail(stderr)}`)),
      readyTimeoutMs,
    );
    child.stdout.on('data', (chunk) => {
      stdout += chunk.toString();
      const match = /^KAFKA_BROKERS=(.+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].trim());
      }
    });
    void exited.then((result) => {
      clearTimeout(timer);
      reject(new Error(`the private Kafka broker exited during start (${JSON.stringify(result)}):\n${tail(stderr)}`));
    });
  }).catch(async (error) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    brokers,
    stop: (timeoutMs = 40_000) => stopGracefully(child, exited, timeoutMs),
  };
}

module.exports = { ROOT, SERVICES, availableServices, startService, startPrivateKafka };
