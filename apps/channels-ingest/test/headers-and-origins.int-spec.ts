// Security headers, CORS and the web-chat widget's allowed sites on a running channels-ingest
// (real PostgreSQL and Kafka): what a browser on the tenant's site, on another site, or an API
// client receives.
import { randomUUID } from 'node:crypto';
import { DemoTenant } from '@garda/demo-tenant';
import { type RunningService, signAccessToken } from '@garda/service-kit';
import { io } from 'socket.io-client';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { integrationEnv, startChannelsIngest } from './support';

jest.setTimeout(120_000);

describe('headers and origins (channels-ingest, real PostgreSQL + Kafka)', () => {
  let service: RunningService;
  const restricted = `web-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    service = await startChannelsIngest(integrationEnv({ TRUST_PROXY: 'loopback' }));
    await service.app.get(ChannelAccountsService).upsert({
      id: restricted,
      tenantId: DemoTenant.id,
      channel: 'webchat',
      displayName: 'Shop chat',
      config: { topics: [], allowedOrigins: ['https://shop.example', 'https://*.shop-cdn.example'] },
    });
  });
  afterAll(() => service?.close());

  describe('security headers', () => {
    it('sends no X-Powered-By, nosniff, no referrer, and a policy that forbids running or framing anything on API answers', async () => {
      const response = await fetch(`${service.url}/health/live`);
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      );
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    });

    it('sends HSTS only when a trusted proxy says the request came over TLS', async () => {
      expect((await fetch(`${service.url}/health/live`)).headers.get('strict-transport-security')).toBeNull();
      const overTls = await fetch(`${service.url}/health/live`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(overTls.headers.get('strict-transport-security')).toBe('max-age=31536000');
    });

    it('lets any site load the widget and its socket.io client with a <script> tag', async () => {
      for (const path of ['/webchat/widget.js', '/webchat/socket.io.js']) {
        const response = await fetch(`${service.url}${path}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      }
    });

    it('serves the demo page with a policy of its own: its own scripts, framed by itself only', async () => {
      const response = await fetch(`${service.url}/webchat/demo`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(response.headers.get('x-frame-options')).toBeNull();
    });
  });

  describe('CORS', () => {
    it('answers another site no CORS headers on admin routes, so its scripts cannot read them', async () => {
      const preflight = await fetch(`${service.url}/channel-accounts`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://evil.example',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const read = await fetch(`${service.url}/health/live`, { headers: { origin: 'https://evil.example' } });
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
    });

    it("lets any site call the widget's API (without credentials); each account says which sites may chat", async () => {
      const preflight = await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/sessions`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://any-shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://any-shop.example');
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe("the widget's allowed sites (allowedOrigins of the account)", () => {
    const startSession = (origin?: string) =>
      fetch(`${service.url}/webchat/${restricted}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: '{}',
      });

    it('starts a chat from a listed site or a subdomain of a listed wildcard', async () => {
      expect((await startSession('https://shop.example')).status).toBe(201);
      expect((await startSession('https://eu.shop-cdn.example')).status).toBe(201);
    });

    it.each([
      ['another site', 'https://evil.example'],
      ['the listed host over http', 'http://shop.example'],
      ['a look-alike host', 'https://shop.example.evil.example'],
      ['the wildcard domain itself', 'https://shop-cdn.example'],
      ['no Origin at all', undefined],
    ])('refuses %s with 403', async (_what, origin) => {
      const response = await startSession(origin);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ message: 'This website may not use this chat' });
    });

    it("refuses a message and a socket from another site even with the session's token", async () => {
      const { token } = (await (await startSession('https://shop.example')).json()) as { token: string };
      const post = (origin: string) =>
        fetch(`${service.url}/webchat/${restricted}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin },
          body: JSON.stringify({ clientMessageId: randomUUID(), text: 'hello' }),
        });
      expect((await post('https://evil.example')).status).toBe(403);
      expect((await post('https://shop.example')).status).toBe(202);

      const connect = (origin: string) =>
        new Promise<string>((resolve) => {
          const socket = io(`${service.url}/webchat`, {
            auth: { token },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            extraHeaders: { origin },
          });
          socket.once('connect', () => (socket.close(), resolve('connected')));
          socket.once('connect_error', (error) => (socket.close(), resolve(error.message)));
        });
      expect(await connect('https://evil.example')).toBe('forbidden: this website may not use this chat');
      expect(await connect('https://shop.example')).toBe('connected');
    });

    it('refuses to save an allowed site that is not an origin, naming the field', async () => {
      const response = await fetch(`${service.url}/channel-accounts/${restricted}`, {
        method: 'PUT',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${signAccessToken({ sub: randomUUID(), tenantId: DemoTenant.id, role: 'admin', name: 'Ada' }, 'channels-ingest-int-spec-jwt-secret')}`,
        },
        body: JSON.stringify({ channel: 'webchat', displayName: 'Shop chat', config: { allowedOrigins: ['shop.example/path'] } }),
      });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain('config.allowedOrigins.0');
    });
  });
});
