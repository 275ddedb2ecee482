// The web-chat door's limits on real PostgreSQL and Kafka, with two channels-ingest replicas on one
// database: whatever one replica counted, the other refuses. Clients are told apart by the address
// a trusted proxy puts in X-Forwarded-For (TRUST_PROXY=loopback), as behind an ingress.
import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import type { RunningService } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { io, type Socket } from 'socket.io-client';
import { integrationEnv, startChannelsIngest, TopicRecorder } from './support';

jest.setTimeout(120_000);

const account = DemoTenant.webchatAccountId;
const LIMITS = {
  WEBCHAT_SESSIONS_PER_ADDRESS: '5',
  WEBCHAT_MESSAGES_PER_SESSION: '4',
  WEBCHAT_MESSAGES_PER_ADDRESS: '6',
  WEBCHAT_CONNECTIONS_PER_ADDRESS: '3',
  WEBCHAT_TYPING_PER_SESSION: '3',
};

/** A documentation address (RFC 5737) of its own per test, so no test spends another's allowance. */
let nextHost = 1;
const freshAddress = () => `198.51.100.${nextHost++}`;

describe('web-chat rate limits shared by two replicas (real PostgreSQL + Kafka)', () => {
  let database: ScratchDatabase;
  let replicas: [RunningService, RunningService];
  const recorder = new TopicRecorder();
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase();
    const env = integrationEnv({ DATABASE_URL: database.url, TRUST_PROXY: 'loopback', ...LIMITS });
    const first = await startChannelsIngest(env);
    replicas = [first, await startChannelsIngest(env)];
    await recorder.start([Topics.InboundMessage, Topics.CustomerTyping]);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await recorder.stop();
    for (const replica of replicas ?? []) await replica.close();
    await database?.drop();
  });

  /** Alternates replicas, as a load balancer would. */
  const replica = (i: number) => replicas[i % 2]!.url;

  const startSession = (i: number, address: string) =>
    fetch(`${replica(i)}/webchat/${account}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ name: 'Flood' }),
    });

  const session = async (i: number, address: string) => {
    const response = await startSession(i, address);
    expect(response.status).toBe(201);
    return (await response.json()) as { sessionId: string; token: string };
  };

  const say = (i: number, address: string, token: string, text: string) =>
    fetch(`${replica(i)}/webchat/${account}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    });

  const receipts = async (sessionId: string): Promise<number> => {
    const rows: unknown = await replicas[0].runtime.dataSource.query(
      `SELECT count(*)::int AS "count" FROM "channels_ingest"."webchat_transcript" WHERE "session_id" = $1`,
      [sessionId],
    );
    return (rows as Array<{ count: number }>)[0]!.count;
  };

  it('refuses the sixth session from one address in an hour with 429 and Retry-After, on either replica', async () => {
    const address = freshAddress();
    for (let i = 0; i < 5; i += 1) expect((await startSession(i, address)).status).toBe(201);
    for (const i of [5, 6]) {
      const refused = await startSession(i, address);
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(await refused.json()).toMatchObject({ statusCode: 429, message: expect.stringMatching(/too many chats/i) });
    }
    // Another visitor, behind another address, is not affected.
    expect((await startSession(0, freshAddress())).status).toBe(201);
  });

  it('does not believe X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const untrusting = await startChannelsIngest(integrationEnv({ DATABASE_URL: database.url, ...LIMITS }));
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const response = await fetch(`${untrusting.url}/webchat/${account}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': freshAddress() },
          body: '{}',
        });
        statuses.push(response.status);
      }
      // A fresh address per request does not buy a fresh allowance: the peer (127.0.0.1) is counted.
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    } finally {
      await untrusting.close();
    }
  });

  it("refuses a session's fifth message within a minute, whichever replica it reaches, and keeps nothing of it", async () => {
    const address = freshAddress();
    const { sessionId, token } = await session(0, address);
    for (let i = 0; i < 4; i += 1) expect((await say(i, address, token, `message ${i}`)).status).toBe(202);
    const refused = await say(5, address, token, 'one too many');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    expect(await receipts(sessionId)).toBe(4);
    await recorder.waitFor(Topics.InboundMessage, (value) => value.threadKey === sessionId && value.text === 'message 3');
    await recorder.caughtUp(Topics.InboundMessage);
    expect(recorder.on(Topics.InboundMessage, (value) => value.threadKey === sessionId).map((record) => record.value.text)).toEqual([
      'message 0',
      'message 1',
      'message 2',
      'message 3',
    ]);
  });

  it('counts the messages of all sessions from one address together', async () => {
    const address = freshAddress();
    const first = await session(0, address);
    const second = await session(1, address);
    for (let i = 0; i < 4; i += 1) expect((await say(i, address, first.token, `first ${i}`)).status).toBe(202);
    for (let i = 0; i < 2; i += 1) expect((await say(i, address, second.token, `second ${i}`)).status).toBe(202);
    const refused = await say(0, address, second.token, 'second 2');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ message: expect.stringMatching(/too many messages from your network/i) });
    expect(await receipts(second.sessionId)).toBe(2);
  });

  const connect = (i: number, address: string, token: string) => {
    const socket = io(`${replica(i)}/webchat`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { 'x-forwarded-for': address },
    });
    sockets.push(socket);
    return socket;
  };

  const outcome = (socket: Socket) =>
    new Promise<{ connected: true } | { connected: false; message: string; data?: unknown }>((resolve) => {
      socket.once('connect', () => resolve({ connected: true }));
      socket.once('connect_error', (error: Error & { data?: unknown }) =>
        resolve({ connected: false, message: error.message, data: error.data }),
      );
    });

  it('refuses the fourth socket connection attempt from one address within a minute, before looking at the token', async () => {
    const address = freshAddress();
    const { token } = await session(0, address);
    expect(await outcome(connect(0, address, token))).toEqual({ connected: true });
    expect(await outcome(connect(1, address, 'wcs1.forged.token'))).toMatchObject({ connected: false, message: 'unauthorized' });
    expect(await outcome(connect(0, address, token))).toEqual({ connected: true });
    const refused = await outcome(connect(1, address, token));
    expect(refused).toMatchObject({ connected: false, message: expect.stringMatching(/rate limited/) });
    expect((refused as { data: { retryAfterSeconds: number } }).data.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await outcome(connect(1, freshAddress(), token))).toEqual({ connected: true });
  });

  it("relays at most the session's typing allowance, however fast two sockets on two replicas flip true/false", async () => {
    const { sessionId, token } = await session(0, freshAddress());
    const tabs = [connect(0, freshAddress(), token), connect(1, freshAddress(), token)];
    expect(await Promise.all(tabs.map(outcome))).toEqual([{ connected: true }, { connected: true }]);

    const acks = await Promise.all(
      Array.from(
        { length: 60 },
        (_, i) =>
          tabs[i % 2]!.timeout(10_000).emitWithAck('typing', { isTyping: Math.floor(i / 2) % 2 === 0 }) as Promise<{ relayed: boolean }>,
      ),
    );
    const relayed = acks.filter((ack) => ack.relayed).length;
    // Without the limit each tab alone would relay its first "typing" and "stopped" (4 in all); the session may relay 3.
    expect(relayed).toBe(3);

    await recorder.caughtUp(Topics.CustomerTyping);
    expect(recorder.on(Topics.CustomerTyping, (value) => value.threadKey === sessionId)).toHaveLength(3);
  });
});
