// Serves the built console (dist/apps/console) on PORT (default 4200), building it first when the
// build is missing. /config.js is generated from GATEWAY_URL so one build works in every environment.
//   PORT=4200 GATEWAY_URL=http://localhost:3000 node apps/console/serve.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dist = join(root, 'dist/apps/console');
const port = Number(process.env.PORT ?? 4200);
const gatewayUrl = process.env.GATEWAY_URL ?? '';
// Where attachments' short-lived links point (channels-ingest's public URL): images and media may load from there.
const mediaUrl = process.env.MEDIA_URL ?? '';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`console: PORT must be a port number, got "${process.env.PORT}"\n`);
  process.exit(1);
}
if (mediaUrl && !/^https?:\/\/[^\s"'<>;]+$/.test(mediaUrl)) {
  process.stderr.write(`console: MEDIA_URL must be an http(s) URL, got "${mediaUrl}"\n`);
  process.exit(1);
}
if (gatewayUrl && !/^https?:\/\/[^\s"'<>]+$/.test(gatewayUrl)) {
  process.stderr.write(`console: GATEWAY_URL must be an http(s) URL, got "${gatewayUrl}"\n`);
  process.exit(1);
}

if (!existsSync(join(dist, 'index.html')) || process.env.CONSOLE_REBUILD === 'true') {
  process.stderr.write('console: building (vite build)...\n');
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'apps/console/vite.config.ts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};
const configScript = `window.GARDA_CONFIG = ${JSON.stringify({ gatewayUrl: gatewayUrl || undefined })};\n`;

/**
 * The page may run only its own scripts and talk only to itself and the gateway (HTTP and its
 * socket); nothing may frame it. Without GATEWAY_URL the console looks for the gateway on its own
 * host, port 3000. The same policy is served by nginx in the image (deploy/docker/console-config.sh).
 */
function contentSecurityPolicy(gateway, media = mediaUrl ? new URL(mediaUrl).origin : '') {
  const origin = gateway ? new URL(gateway).origin : undefined;
  const gatewaySources = origin
    ? [origin, origin.replace(/^http/, 'ws')]
    : ['http://*:3000', 'https://*:3000', 'ws://*:3000', 'wss://*:3000'];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${media ? ` ${media}` : ''}`,
    `media-src 'self'${media ? ` ${media}` : ''}`,
    "font-src 'self'",
    `connect-src 'self' ${gatewaySources.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
const securityHeaders = {
  'content-security-policy': contentSecurityPolicy(gatewayUrl),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

const server = createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  if (path === '/config.js') {
    response.writeHead(200, { ...securityHeaders, 'content-type': types['.js'], 'cache-control': 'no-store' });
    return response.end(configScript);
  }
  if (path === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    return response.end('{"status":"live"}');
  }
  const file = normalize(join(dist, path));
  const inside = file.startsWith(dist);
  const isFile =
    inside &&
    (await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ));
  // Unknown paths are the single-page app's own routes.
  const target = isFile ? file : join(dist, 'index.html');
  try {
    const body = await readFile(target);
    const immutable = target.includes(`${join(dist, 'assets')}`);
    response.writeHead(200, {
      ...securityHeaders,
      'content-type': types[extname(target)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});

server.listen(port, '0.0.0.0', () => {
  const { port: actual } = server.address();
  process.stdout.write(
    `${JSON.stringify({ level: 'info', service: 'console', msg: 'console is listening', url: `http://127.0.0.1:${actual}`, gatewayUrl: gatewayUrl || '(same host, port 3000)' })}\n`,
  );
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
