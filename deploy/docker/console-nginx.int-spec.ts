// The console image's web server configuration, served by a real nginx (Debian's, installed by
// tools/platform/ensure-tools.sh) exactly as the image lays it out: console-config.sh writes
// config.js and the security headers, deploy/docker/console-nginx.conf serves them. Only paths and
// the port are moved into a temporary directory. Checks what a browser receives.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@garda/testing';

jest.setTimeout(60_000);

const nginxBinary = ['/usr/sbin/nginx', 'nginx'].find((candidate) => spawnSync(candidate, ['-v']).status === 0);

describe('console nginx: security headers on every response (real nginx)', () => {
  let dir: string;
  let nginx: ChildProcess;
  let base: string;
  const gateway = 'https://api.garda.example.com:8443/';

  beforeAll(async () => {
    if (!nginxBinary) throw new Error('nginx is not installed: run tools/platform/ensure-tools.sh (npm test does)');
    dir = mkdtempSync(join(tmpdir(), 'garda-console-nginx-'));
    // mkdtemp makes it 0700; nginx started as root serves files as an unprivileged worker user.
    chmodSync(dir, 0o755);
    const configDir = join(dir, 'garda-config');
    const html = join(dir, 'html');
    mkdirSync(join(html, 'assets'), { recursive: true });
    writeFileSync(join(html, 'index.html'), '<!doctype html><title>Garda console</title>');
    writeFileSync(join(html, 'assets', 'index-abc123.js'), 'console.log("app")');
    const script = spawnSync('sh', [join(__dirname, 'console-config.sh')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GARDA_CONFIG_DIR: configDir, GATEWAY_URL: gateway },
    });
    expect(script.status).toBe(0);

    const port = await freePort();
    const site = readFileSync(join(__dirname, 'console-nginx.conf'), 'utf8')
      .replace('listen 4200;', `listen 127.0.0.1:${port};`)
      .replace('root /usr/share/nginx/html;', `root ${html};`)
      .replaceAll('/tmp/garda-config', configDir);
    writeFileSync(join(dir, 'site.conf'), site);
    const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
    writeFileSync(
      join(dir, 'nginx.conf'),
      `daemon off; worker_processes 1; pid ${join(dir, 'nginx.pid')}; error_log ${join(dir, 'error.log')} warn;
       events {}
       http { include /etc/nginx/mime.types; access_log off;
              ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}
              include ${join(dir, 'site.conf')}; }`,
    );
    nginx = spawn(nginxBinary, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const up = await fetch(`${base}/healthz`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/desk/conversations/42', '/config.js', '/assets/index-abc123.js'])(
    'sends a CSP that lets the page talk only to itself and the gateway, and forbids framing, on %s',
    async (path) => {
      const response = await fetch(`${base}${path}`);
      expect(response.status).toBe(200);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self' https://api.garda.example.com:8443 wss://api.garda.example.com:8443;");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('same-origin');
      expect(response.headers.get('server')).toBe('nginx');
    },
  );

  it('sends HSTS only for a request that reached the ingress over TLS', async () => {
    expect((await fetch(`${base}/`)).headers.get('strict-transport-security')).toBeNull();
    const overTls = await fetch(`${base}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(overTls.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('keeps caching as it was: the app shell never cached, hashed assets for a year, config.js never stored', async () => {
    expect((await fetch(`${base}/`)).headers.get('cache-control')).toBe('no-cache');
    expect((await fetch(`${base}/assets/index-abc123.js`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/config.js`)).headers.get('cache-control')).toBe('no-store');
  });
});
