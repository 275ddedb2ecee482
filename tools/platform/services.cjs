// The services of the platform and how to run one as a child process. Shared by `npm start` and
// the end-to-end tests, so the tests exercise exactly what a user starts.
// CommonJS so jest (CJS) and the ESM scripts can both load it.
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

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
    async stop(timeoutMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
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

const tail = (text) => text.split('\n').slice(-40).join('\n');

module.exports = { ROOT, SERVICES, availableServices, startService };
