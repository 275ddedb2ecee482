// The gateway's front door on real PostgreSQL and Kafka, with two replicas on one database: the
// agent socket's connection-attempt limit (counted on one replica, refused on the other; clients
// told apart by the address a trusted proxy puts in X-Forwarded-For, TRUST_PROXY=loopback), and
// the console's origin as the only one a browser may call the API or open the socket from.
import { DemoTenant } from '@garda/demo-tenant';
import { bootstrapService, type RunningService } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { io, type Socket } from 'socket.io-client';
import { gatewayService } from '../src/gateway.service-definition';

jest.setTimeout(90_000);

const DEMO_PASSWORD = 'garda-demo-limits';
const CONSOLE = 'https://console.garda.example';

describe('gateway hardening: socket limits and origins (two replicas)', () => {
  let database: ScratchDatabase;
  const replicas: RunningService[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_gateway_limits');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: '0',
      SEED_DEMO: 'true',
      JWT_SECRET: 'socket-limits-int-spec-secret-0123',
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'loopback',
      GATEWAY_SOCKET_CONNECTIONS_PER_ADDRESS: '3',
      CORS_ALLOWED_ORIGINS: CONSOLE,
    };
    for (let i = 0; i < 2; i += 1) replicas.push((await bootstrapService(gatewayService, env))!);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    for (const replica of replicas) await replica.close();
    await database?.drop();
  });

  const connect = (replica: RunningService, address: string, token: string, origin?: string) => {
    const socket = io(replica.url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { 'x-forwarded-for': address, ...(origin ? { origin } : {}) },
    });
    sockets.push(socket);
    return new Promise<{ connected: true } | { connected: false; message: string; data?: { retryAfterSeconds?: number } }>((resolve) => {
      socket.once('connect', () => resolve({ connected: true }));
      socket.once('connect_error', (error: Error & { data?: { retryAfterSeconds?: number } }) =>
        resolve({ connected: false, message: error.message, data: error.data }),
      );
    });
  };

  const login = async () => {
    const response = await fetch(`${replicas[0]!.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DemoTenant.agents[0].email, password: DEMO_PASSWORD }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  it('refuses the fourth attempt from one address within a minute on either replica, before the token is checked', async () => {
    const accessToken = await login();
    const [first, second] = replicas as [RunningService, RunningService];

    expect(await connect(first, '203.0.113.10', accessToken)).toEqual({ connected: true });
    expect(await connect(second, '203.0.113.10', 'forged.token.here')).toMatchObject({ connected: false, message: /unauthorized/ });
    expect(await connect(second, '203.0.113.10', accessToken)).toEqual({ connected: true });

    const refused = await connect(first, '203.0.113.10', accessToken);
    expect(refused).toMatchObject({ connected: false, message: expect.stringMatching(/rate limited/) });
    expect(refused.connected === false && refused.data?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await connect(second, '203.0.113.10', 'forged.token.here')).toMatchObject({ connected: false, message: /rate limited/ });

    // Agents behind another address are not affected.
    expect(await connect(second, '203.0.113.11', accessToken)).toEqual({ connected: true });
  });

  it("answers CORS for the console's origin only", async () => {
    const preflight = (origin: string) =>
      fetch(`${replicas[0]!.url}/me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight(CONSOLE);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it("lets a browser open the agent socket from the console's origin only (WebSockets know no CORS)", async () => {
    const accessToken = await login();
    expect(await connect(replicas[1]!, '203.0.113.20', accessToken, CONSOLE)).toEqual({ connected: true });
    expect(await connect(replicas[1]!, '203.0.113.21', accessToken, 'https://evil.example')).toMatchObject({ connected: false });
  });
});
