import path from 'node:path';

/** A service started as a child process by tools/platform/services.cjs (what `npm start` runs). */
export interface ServiceHandle {
  name: string;
  url: string;
  port: number;
  /** The last lines the process wrote (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after the timeout. */
  stop(timeoutMs?: number): Promise<unknown>;
  /** SIGKILL: a crash. */
  kill(): Promise<unknown>;
}

export interface StartServiceOptions {
  env: Record<string, string | undefined>;
  port: number;
  readyTimeoutMs?: number;
  onOutput?: (name: string, stream: 'stdout' | 'stderr', text: string) => void;
}

export interface PrivateKafka {
  brokers: string;
  stop(timeoutMs?: number): Promise<unknown>;
}

interface PlatformServices {
  ROOT: string;
  startService(name: string, options: StartServiceOptions): Promise<ServiceHandle>;
  startPrivateKafka(options: { stateDir: string; readyTimeoutMs?: number }): Promise<PrivateKafka>;
}

/** The repository root. */
export const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');

/*
 * The launcher `npm start` uses, typed once here for every test that runs services as processes
 * (CommonJS, shared with the ESM start script, so it is required rather than imported).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const launcher = require(path.join(REPOSITORY_ROOT, 'tools/platform/services.cjs')) as PlatformServices;

/** The running test's log file (tools/testing/test-log-environment.cjs), when there is one. */
const testLog = (globalThis as { __gardaTestLog?: (text: string) => void }).__gardaTestLog;

export const platformServices: PlatformServices = {
  ...launcher,
  // What the services write lands in the running test's log file, printed if that test fails.
  startService: (name, options) =>
    launcher.startService(name, { onOutput: testLog && ((_name, _stream, text) => testLog(text)), ...options }),
};
