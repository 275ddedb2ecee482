// The agent socket's connection-attempt limit on real PostgreSQL and Kafka, with two gateway
// replicas on one database: attempts counted on one replica are refused on the other. Clients are
// told apart by the address a trusted proxy puts in X-Forwarded-For (TRUST_PROXY=loopback).
import { DemoTenant } from '@garda/contracts';
import { bootstrapService, type RunningService } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { io, type Socket } from 'socket.io-client';
import { gatewayService } from '../src/gateway.service-definition';

jest.setTimeout(90_000);

const DEMO_PASSWORD = 'garda-demo-limits';

describe('agent socket connection limit shared by two gateway replicas', () => {
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
    };
    for (let i = 0; i < 2; i += 1) replicas.push((await bootstrapService(gatewayService, env))!);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    for (const replica of replicas) await replica.close();
    await database?.drop();
  });

  const connect = (replica: RunningService, address: string, token: string) => {
    const socket = io(replica.url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { 'x-forwarded-for': address },
    });
    sockets.push(socket);
    return new Promise<{ connected: true } | { connected: false; message: string; data?: { retryAfterSeconds?: number } }>((resolve) => {
      socket.once('connect', () => resolve({ connected: true }));
      socket.once('connect_error', (error: Error & { data?: { retryAfterSeconds?: number } }) =>
        resolve({ connected: false, message: error.message, data: error.data }),
      );
    });
  };

  it('refuses the fourth attempt from one address within a minute on either replica, before the token is checked', async () => {
    const response = await fetch(`${replicas[0]!.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DemoTenant.agents[0].email, password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await response.json()) as { accessToken: string };
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
});
