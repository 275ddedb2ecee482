// Small helpers shared by the local infrastructure starters (kafka.mjs, postgres.mjs).
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import net from 'node:net';

/** An error whose message already tells the developer what is wrong and how to fix it. */
export class InfraError extends Error {
  constructor(message) {
    super(message);
    this.name = 'InfraError';
  }
}

/** Drops info messages, keeps warnings and errors visible on stderr. */
export const silentLogger = {
  info: () => undefined,
  warn: (message) => process.stderr.write(`[garda-infra] ${message}\n`),
  error: (message) => process.stderr.write(`[garda-infra] ${message}\n`),
};

/** Asks the kernel for a free TCP port on 127.0.0.1 (not in `avoid`). */
export async function findFreePort(avoid = []) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const port = await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: chosen } = server.address();
        server.close(() => resolve(chosen));
      });
    });
    if (!avoid.includes(port)) return port;
  }
  throw new InfraError('Could not find a free TCP port on 127.0.0.1');
}

/** Runs a command to completion; resolves with its exit code and combined stdout+stderr. */
export function runCommand(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Last `lines` lines of a text file, or a note when it cannot be read. */
export async function tailOfFile(file, lines) {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8').split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(cannot read ${file}: ${error.message})`;
  } finally {
    await handle?.close();
  }
}

/**
 * Guarantees that process `pid` gets `signal` (shell name, e.g. TERM) when this Node process
 * dies, however it dies (even SIGKILL, where no exit handler runs): a tiny shell blocks reading a
 * pipe from us and signals `pid` when the pipe closes. Returns a function that retires the
 * watchdog once the child has been stopped normally.
 */
export function watchOverChild(pid, signal) {
  const watchdog = spawn('sh', ['-c', `read _ignored; kill -${signal} ${pid} 2>/dev/null`], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => undefined);
  watchdog.stdin.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep this process alive.
  watchdog.unref();
  watchdog.stdin.unref?.();
  // Ending the pipe would fire the kill, so retire the watchdog with a signal instead.
  return () => watchdog.kill('SIGKILL');
}
