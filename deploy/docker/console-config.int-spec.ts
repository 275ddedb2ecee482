// Runs the console image's start-up script (deploy/docker/console-config.sh) itself, with a temporary
// directory instead of the container's /tmp, and loads the config.js it writes the way the browser
// would: then the console's own gatewayUrl() (apps/console/src/config.ts) must find the gateway.
// No Docker engine is needed; the script is plain POSIX sh (busybox in the nginx-alpine image).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

const script = join(__dirname, 'console-config.sh');

interface BrowserWindow {
  GARDA_CONFIG?: { gatewayUrl?: string };
  location: { protocol: string; hostname: string };
}

function runScript(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'garda-console-config-'));
  const configDir = join(dir, 'garda-config');
  const result = spawnSync('sh', [script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GARDA_CONFIG_DIR: configDir, ...env },
  });
  const file = join(configDir, 'config.js');
  const written = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, written };
}

/** What the console computes in a browser on `pageUrl` after loading this config.js. */
function gatewayUrlSeenBy(configJs: string, pageUrl = 'https://app.garda.example.com/desk'): string {
  const page = new URL(pageUrl);
  const window: BrowserWindow = { location: { protocol: page.protocol, hostname: page.hostname } };
  runInNewContext(configJs, { window });
  const global = globalThis as unknown as { window?: BrowserWindow };
  const previous = global.window;
  global.window = window;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { gatewayUrl } = require('../../apps/console/src/config') as { gatewayUrl(): string };
    return gatewayUrl();
  } finally {
    global.window = previous;
  }
}

describe('console image start-up: config.js from GATEWAY_URL', () => {
  it('writes the gateway URL the console then talks to', () => {
    const { status, written } = runScript({ GATEWAY_URL: 'https://api.garda.example.com/' });
    expect(status).toBe(0);
    expect(written).toBe('window.GARDA_CONFIG = {"gatewayUrl":"https://api.garda.example.com/"};\n');
    expect(gatewayUrlSeenBy(written!)).toBe('https://api.garda.example.com');
  });

  it('keeps ports and paths of the URL', () => {
    const { status, written } = runScript({ GATEWAY_URL: 'http://localhost:3000' });
    expect(status).toBe(0);
    expect(gatewayUrlSeenBy(written!, 'http://localhost:4200/')).toBe('http://localhost:3000');
  });

  it('without GATEWAY_URL writes an empty config, so the console falls back to its own host on port 3000, and says so', () => {
    const { status, written, stderr } = runScript({});
    expect(status).toBe(0);
    expect(written).toBe('window.GARDA_CONFIG = {};\n');
    expect(stderr).toContain('GATEWAY_URL is not set');
    expect(gatewayUrlSeenBy(written!, 'http://console.internal:4200/')).toBe('http://console.internal:3000');
  });

  it.each([
    ['a quote that would end the string', 'https://api.example.com/";alert(1);//'],
    ['a line break', 'https://api.example.com/\n";alert(1);//'],
    ['a space', 'https://api.example.com/ x'],
    ['no http(s) scheme', 'javascript:alert(1)'],
    ['a relative URL', '/gateway'],
  ])('refuses a GATEWAY_URL with %s, writing nothing and failing the start', (_what, value) => {
    const { status, written, stderr } = runScript({ GATEWAY_URL: value });
    expect(status).not.toBe(0);
    expect(written).toBeUndefined();
    expect(stderr).toContain('GATEWAY_URL must be an http(s) URL');
  });
});
