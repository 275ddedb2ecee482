// The gateway against real Kafka and PostgreSQL (from the integration global setup): login over
// HTTP, the socket handshake, socket commands landing on Kafka, and Kafka events reaching the right
// agent's socket only — also when the agent is connected to another replica.
import { randomUUID } from 'node:crypto';
import {
  type Ack,
  type AgentToServerEvents,
  type OfferMadeV1,
  type QueueFigures,
  type ServerToAgentEvents,
  SocketRooms,
  type SupervisorSnapshot,
  Topics,
} from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { bootstrapService, type RunningService } from '@garda/service-kit';
import { createScratchDatabase, freePort, platformServices as services, type ScratchDatabase, waitFor } from '@garda/testing';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { io, type Socket } from 'socket.io-client';
import { gatewayService } from '../src/gateway.service-definition';
import { AppUserEntity } from '../src/identity/app-user.entity';
import { PasswordHasher } from '../src/identity/password-hasher';
import { TenantEntity } from '../src/identity/tenant.entity';
import { AgentSocketGateway } from '../src/realtime/agent-socket.gateway';

jest.setTimeout(90_000);

// The wallboard's figures are the analytics service's: the real one runs beside the gateway here,
// as its own process (what `npm start` runs).

type AgentClient = Socket<ServerToAgentEvents, AgentToServerEvents>;

const JWT_SECRET = 'integration-test-secret-0123456789';
const DEMO_PASSWORD = 'garda-demo-int';
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: '0',
  SEED_DEMO: 'true',
  JWT_SECRET,
  DEMO_PASSWORD,
  LOG_LEVEL: 'warn',
  // Nothing listens here: the console API must answer 502, not hang or crash.
  TICKETS_URL: 'http://127.0.0.1:9',
};
const alice = DemoTenant.agents[0];
const bob = DemoTenant.agents[1];
const otherTenant = {
  id: randomUUID(),
  agentId: randomUUID(),
  email: `eve-${randomUUID().slice(0, 8)}@other.example`,
  password: 'other-tenant-pw',
};

async function login(baseUrl: string, email: string, password: string) {
  const response = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      accessToken: string;
      user: { id: string; tenantId: string; role: string; name: string };
      message?: string;
    },
  };
}

async function waitUntilReady(service: RunningService) {
  await waitFor(async () => ((await fetch(`${service.url}/health/ready`)).status === 200 ? true : undefined), 'the gateway to be ready');
}

describe('gateway (real Kafka + PostgreSQL)', () => {
  let gateway: RunningService;
  let replica: RunningService;
  let analytics: { url: string; stop(): Promise<unknown> };
  let analyticsDatabase: ScratchDatabase;
  const sockets: AgentClient[] = [];
  const kafka = new Kafka({
    clientId: 'gateway-int-spec',
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    logLevel: logLevel.NOTHING,
  });
  let commandConsumer: Consumer;
  const commands: Array<{ topic: string; key: string; headers: Record<string, string>; value: Record<string, unknown> }> = [];

  const connect = (baseUrl: string, token?: string): AgentClient => {
    const socket: AgentClient = io(baseUrl, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return socket;
  };
  // A socket may finish its handshake before the test gets round to waiting for it.
  const connected = (socket: AgentClient) =>
    new Promise<void>((resolve, reject) => {
      if (socket.connected) return resolve();
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  const send = <E extends keyof AgentToServerEvents>(socket: AgentClient, event: E, payload: unknown) =>
    new Promise<Ack>((resolve) => (socket.emit as (e: string, p: unknown, ack: (a: Ack) => void) => void)(event, payload, resolve));

  beforeAll(async () => {
    analyticsDatabase = await createScratchDatabase(process.env.DATABASE_URL, 'garda_gateway_analytics');
    analytics = await services.startService('analytics', {
      env: { ...env, DATABASE_URL: analyticsDatabase.url, KAFKA_CLIENT_ID: `analytics-for-gateway-${randomUUID().slice(0, 6)}` },
      port: await freePort(),
    });
    env.ANALYTICS_URL = analytics.url;
    gateway = (await bootstrapService(gatewayService, env))!;
    // The second tenant's agent, to prove pushes never cross tenants.
    const hash = await new PasswordHasher().hash(otherTenant.password);
    await gateway.runtime.dataSource.getRepository(TenantEntity).insert({ id: otherTenant.id, name: 'Other Co' });
    await gateway.runtime.dataSource.getRepository(AppUserEntity).insert({
      id: otherTenant.agentId,
      tenantId: otherTenant.id,
      email: otherTenant.email,
      name: 'Eve Other',
      role: 'agent',
      passwordHash: hash,
    });

    commandConsumer = kafka.consumer({ groupId: `gateway-int-spec-${randomUUID()}` });
    await commandConsumer.connect();
    await commandConsumer.subscribe({
      topics: [Topics.AgentStateRequested, Topics.OfferResponded, Topics.ReplySubmitted],
      fromBeginning: true,
    });
    await commandConsumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]));
        commands.push({
          topic,
          key: message.key?.toString() ?? '',
          headers,
          value: JSON.parse(message.value!.toString()) as Record<string, unknown>,
        });
      },
    });
    await waitUntilReady(gateway);
  }, 240_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await commandConsumer?.disconnect();
    await replica?.close();
    await gateway?.close();
    await analytics?.stop();
    await analyticsDatabase?.drop();
  });

  describe('login', () => {
    it('gives a seeded demo user a token and their identity', async () => {
      const { status, body } = await login(gateway.url, alice.email, DEMO_PASSWORD);
      expect(status).toBe(200);
      expect(body.user).toEqual({ id: alice.id, name: alice.name, role: 'agent', tenantId: DemoTenant.id });
      expect(body.accessToken.split('.')).toHaveLength(3);

      const me = await fetch(`${gateway.url}/me`, { headers: { authorization: `Bearer ${body.accessToken}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual(expect.objectContaining({ id: alice.id, email: alice.email, role: 'agent' }));
    });

    it('accepts the e-mail address in any case', async () => {
      expect((await login(gateway.url, alice.email.toUpperCase(), DEMO_PASSWORD)).status).toBe(200);
    });

    it('answers 401 with the same message for a wrong password and an unknown e-mail', async () => {
      const wrongPassword = await login(gateway.url, alice.email, 'not-the-password');
      const unknownEmail = await login(gateway.url, 'nobody@demo.garda.local', DEMO_PASSWORD);
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      expect(wrongPassword.body.message).toBe(unknownEmail.body.message);
      expect(wrongPassword.body.accessToken).toBeUndefined();
    });

    it('answers 400 to a malformed request', async () => {
      const response = await fetch(`${gateway.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: alice.email }),
      });
      expect(response.status).toBe(400);
      const broken = await fetch(`${gateway.url}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"email":',
      });
      expect(broken.status).toBe(400);
    });

    it('refuses /me without a token', async () => {
      expect((await fetch(`${gateway.url}/me`)).status).toBe(401);
    });

    it('seeds idempotently: a second start keeps one row per demo user', async () => {
      replica = (await bootstrapService(gatewayService, env))!;
      const count = await gateway.runtime.dataSource.getRepository(AppUserEntity).countBy({ tenantId: DemoTenant.id });
      expect(count).toBe(DemoTenant.agents.length + 2);
      await waitUntilReady(replica);
    });
  });

  describe('socket', () => {
    it('refuses a connection without a token or with a forged one', async () => {
      const anonymous = connect(gateway.url);
      await expect(connected(anonymous)).rejects.toThrow(/unauthorized/);
      const forged = connect(gateway.url, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bogus');
      await expect(connected(forged)).rejects.toThrow(/unauthorized/);
    });

    it('publishes socket commands to Kafka as the authenticated agent, and acks invalid ones with an error', async () => {
      const { body } = await login(gateway.url, alice.email, DEMO_PASSWORD);
      const socket = connect(gateway.url, body.accessToken);
      await connected(socket);

      await expect(send(socket, 'agent:set-state', { state: 'sleeping' })).resolves.toEqual({
        ok: false,
        error: expect.stringMatching(/invalid command/),
      });
      await expect(send(socket, 'agent:set-state', { state: 'available', agentId: bob.id })).resolves.toEqual({
        ok: false,
        error: expect.any(String),
      });
      await expect(send(socket, 'agent:set-state', { state: 'away', reason: 'coffee' })).resolves.toEqual({ ok: true });
      const stateRequest = await waitFor(
        () => commands.find((c) => c.topic === Topics.AgentStateRequested && c.value.agentId === alice.id && c.value.reason === 'coffee'),
        'AgentStateRequested on Kafka',
      );
      expect(stateRequest.key).toBe(DemoTenant.id);
      expect(stateRequest.value).toEqual(expect.objectContaining({ tenantId: DemoTenant.id, state: 'away', requestedBy: alice.id }));

      const contactId = randomUUID();
      await expect(send(socket, 'offer:accept', { contactId })).resolves.toEqual({ ok: true });
      const response = await waitFor(
        () => commands.find((c) => c.topic === Topics.OfferResponded && c.value.contactId === contactId),
        'OfferResponded',
      );
      expect(response.value).toEqual(expect.objectContaining({ agentId: alice.id, tenantId: DemoTenant.id, response: 'accept' }));

      const conversationId = randomUUID();
      const messageId = randomUUID();
      await expect(send(socket, 'conversation:reply', { conversationId, messageId, text: 'Hello from Alice' })).resolves.toEqual({
        ok: true,
      });
      const reply = await waitFor(
        () => commands.find((c) => c.topic === Topics.ReplySubmitted && c.value.messageId === messageId),
        'ReplySubmitted',
      );
      expect(reply.key).toBe(conversationId);
      expect(reply.headers['garda-message-id']).toBe(`reply:${messageId}`);
      expect(reply.value).toEqual(
        expect.objectContaining({ agentId: alice.id, agentName: alice.name, text: 'Hello from Alice', internal: false }),
      );
    });

    it("lets a supervisor change an agent's state in their tenant, not in another", async () => {
      const { body } = await login(gateway.url, DemoTenant.supervisor.email, DEMO_PASSWORD);
      const socket = connect(gateway.url, body.accessToken);
      await connected(socket);
      await expect(send(socket, 'agent:set-state', { state: 'offline', agentId: otherTenant.agentId })).resolves.toEqual({
        ok: false,
        error: expect.any(String),
      });
      await expect(send(socket, 'agent:set-state', { state: 'offline', reason: 'sent home', agentId: bob.id })).resolves.toEqual({
        ok: true,
      });
      const request = await waitFor(
        () => commands.find((c) => c.topic === Topics.AgentStateRequested && c.value.reason === 'sent home'),
        'the supervisor request',
      );
      expect(request.value).toEqual(expect.objectContaining({ agentId: bob.id, requestedBy: DemoTenant.supervisor.id }));
    });

    it("pushes an offer to the offered agent's socket on any replica, to supervisors, and never to another tenant", async () => {
      const aliceLogin = await login(gateway.url, alice.email, DEMO_PASSWORD);
      const bobLogin = await login(gateway.url, bob.email, DEMO_PASSWORD);
      const supervisorLogin = await login(gateway.url, DemoTenant.supervisor.email, DEMO_PASSWORD);
      const eveLogin = await login(gateway.url, otherTenant.email, otherTenant.password);
      expect(eveLogin.status).toBe(200);

      // Alice is connected to the second replica: whichever replica consumes the event must reach her.
      const clients = {
        alice: connect(replica.url, aliceLogin.body.accessToken),
        bob: connect(gateway.url, bobLogin.body.accessToken),
        supervisor: connect(gateway.url, supervisorLogin.body.accessToken),
        eve: connect(gateway.url, eveLogin.body.accessToken),
      };
      const received: Record<keyof typeof clients, OfferMadeV1[]> = { alice: [], bob: [], supervisor: [], eve: [] };
      for (const [name, socket] of Object.entries(clients) as Array<[keyof typeof clients, AgentClient]>) {
        socket.on('offer:new', (offer) => received[name].push(offer));
        await connected(socket);
      }

      const offeredAt = new Date();
      const offer: OfferMadeV1 = {
        tenantId: DemoTenant.id,
        offerId: randomUUID(),
        contactId: randomUUID(),
        conversationId: randomUUID(),
        ticketId: randomUUID(),
        customerId: randomUUID(),
        customerName: 'Charlie Customer',
        agentId: alice.id,
        queueId: DemoTenant.queues[0].id,
        queueName: 'support',
        channel: 'webchat',
        preview: 'Hi, my order is late',
        offeredAt: offeredAt.toISOString(),
        expiresAt: new Date(offeredAt.getTime() + 60_000).toISOString(),
      };
      // Eve's tenant gets an offer for an agent id that is Alice's: tenant scoping, not agent id, must decide.
      const foreign: OfferMadeV1 = {
        ...offer,
        tenantId: otherTenant.id,
        offerId: randomUUID(),
        contactId: randomUUID(),
        agentId: otherTenant.agentId,
      };
      await gateway.runtime.publisher.publish(Topics.OfferMade, offer, { tenantId: offer.tenantId, key: offer.tenantId });
      await gateway.runtime.publisher.publish(Topics.OfferMade, foreign, { tenantId: foreign.tenantId, key: foreign.tenantId });

      await waitFor(() => received.alice.find((o) => o.offerId === offer.offerId), "the offer on Alice's socket");
      await waitFor(() => received.supervisor.find((o) => o.offerId === offer.offerId), "the offer on the supervisor's socket");
      await waitFor(() => received.eve.find((o) => o.offerId === foreign.offerId), "the other tenant's offer on Eve's socket");
      // The push carries the contact's trace context (here the one the gateway's consumer started).
      expect(received.alice.find((o) => o.offerId === offer.offerId)).toEqual({
        ...offer,
        trace: { traceParent: expect.stringMatching(/^00-[\da-f]{32}-[\da-f]{16}-0[01]$/), correlationId: expect.any(String) },
      });

      expect(received.bob.map((o) => o.offerId)).not.toContain(offer.offerId);
      expect(received.eve.map((o) => o.offerId)).not.toContain(offer.offerId);
      expect(received.alice.map((o) => o.offerId)).not.toContain(foreign.offerId);
      expect(received.supervisor.map((o) => o.offerId)).not.toContain(foreign.offerId);
    });

    it('delivers an emit made on one replica to a socket connected to the other (shared adapter)', async () => {
      const { body } = await login(gateway.url, bob.email, DEMO_PASSWORD);
      const socket = connect(replica.url, body.accessToken);
      const statuses: string[] = [];
      socket.on('agent:status', (event) => statuses.push(event.reason ?? ''));
      await connected(socket);
      const marker = `cross-replica-${randomUUID().slice(0, 8)}`;
      // Emitted by the first replica's server: Bob's socket lives only on the second.
      gateway.app.get(AgentSocketGateway).server.to(SocketRooms.agent(DemoTenant.id, bob.id)).emit('agent:status', {
        tenantId: DemoTenant.id,
        agentId: bob.id,
        state: 'away',
        reason: marker,
        changedAt: new Date().toISOString(),
      });
      await waitFor(() => (statuses.includes(marker) ? true : undefined), 'the status on the other replica');
    });
  });

  describe('supervisor wallboard', () => {
    it("pushes analytics' figures on the supervisor socket within a second or so of the event, and serves them over HTTP", async () => {
      const supervisorLogin = await login(gateway.url, DemoTenant.supervisor.email, DEMO_PASSWORD);
      const token = supervisorLogin.body.accessToken;
      const socket = connect(gateway.url, token);
      const snapshots: Array<SupervisorSnapshot & { receivedAt: number }> = [];
      socket.on('supervisor:snapshot', (snapshot) => snapshots.push({ ...snapshot, receivedAt: Date.now() }));
      await connected(socket);

      const queueName = `queue-${randomUUID().slice(0, 8)}`;
      const queueIn = (snapshot: { queues: QueueFigures[] }) => snapshot.queues.find((q) => q.queueName === queueName);
      const contact = {
        tenantId: DemoTenant.id,
        contactId: randomUUID(),
        conversationId: randomUUID(),
        ticketId: randomUUID(),
        customerId: randomUUID(),
      };
      const requestedAt = new Date(Date.now() - 5_000);
      const publishedAt = Date.now();
      await gateway.runtime.publisher.publish(
        Topics.RoutingRequested,
        { ...contact, customerName: 'Dora', channel: 'email', queue: queueName, requestedAt: requestedAt.toISOString() },
        { tenantId: DemoTenant.id, key: DemoTenant.id },
      );
      const waitingSnapshot = await waitFor(
        () => snapshots.find((snapshot) => queueIn(snapshot)?.contactsInQueue === 1),
        'the waiting contact in a snapshot',
      );
      // Pushed after the event (debounce + analytics' own consumer), not by the 5 s refresh alone.
      expect(waitingSnapshot.receivedAt - publishedAt).toBeLessThan(4_000);
      const waiting = queueIn(waitingSnapshot)!;
      expect(waiting).toMatchObject({ contactsInQueue: 1, contactsAnswered: 0, oldestContactArrivedAt: requestedAt.toISOString() });
      expect(waiting.oldestContactAgeSeconds).toBeGreaterThanOrEqual(5);

      const overHttp = await fetch(`${gateway.url}/supervisor/queues`, { headers: { authorization: `Bearer ${token}` } });
      expect(overHttp.status).toBe(200);
      expect(queueIn((await overHttp.json()) as { queues: QueueFigures[] })).toMatchObject({ contactsInQueue: 1 });

      await gateway.runtime.publisher.publish(
        Topics.ContactAssigned,
        {
          ...contact,
          agentId: bob.id,
          queueId: randomUUID(),
          queueName,
          channel: 'email',
          waitedSeconds: 7,
          assignedAt: new Date().toISOString(),
        },
        { tenantId: DemoTenant.id, key: DemoTenant.id },
      );
      const answered = await waitFor(
        () => snapshots.map(queueIn).find((q) => q?.contactsAnswered === 1),
        'the answered contact in a snapshot',
      );
      expect(answered).toMatchObject({ contactsInQueue: 0, contactsAnswered: 1, answeredWithinThreshold: 1, serviceLevelPercent: 100 });

      const agents = await fetch(`${gateway.url}/supervisor/agents`, { headers: { authorization: `Bearer ${token}` } });
      const bobFigures = ((await agents.json()) as SupervisorSnapshot).agents.find((agent) => agent.agentId === bob.id);
      expect(bobFigures?.contacts).toEqual(
        expect.arrayContaining([expect.objectContaining({ conversationId: contact.conversationId, channel: 'email' })]),
      );
      expect(bobFigures?.activity).toBe('on-contact');
    });

    it('answers 502 with a clear message, not made-up figures, when analytics cannot be reached', async () => {
      const lonely = (await bootstrapService(gatewayService, { ...env, ANALYTICS_URL: 'http://127.0.0.1:9' }))!;
      try {
        const { body } = await login(lonely.url, DemoTenant.supervisor.email, DEMO_PASSWORD);
        const response = await fetch(`${lonely.url}/supervisor/queues`, { headers: { authorization: `Bearer ${body.accessToken}` } });
        expect(response.status).toBe(502);
        expect(((await response.json()) as { message: string }).message).toMatch(/analytics/);
      } finally {
        await lonely.close();
      }
    });

    it('refuses the wallboard to agents of any tenant', async () => {
      const agentLogin = await login(gateway.url, alice.email, DEMO_PASSWORD);
      expect(
        (await fetch(`${gateway.url}/supervisor/queues`, { headers: { authorization: `Bearer ${agentLogin.body.accessToken}` } })).status,
      ).toBe(403);
      const eveLogin = await login(gateway.url, otherTenant.email, otherTenant.password);
      expect(
        (await fetch(`${gateway.url}/supervisor/agents`, { headers: { authorization: `Bearer ${eveLogin.body.accessToken}` } })).status,
      ).toBe(403);
    });
  });

  describe('console API', () => {
    it('answers 502 when the owning service cannot be reached, and 400 for a malformed id', async () => {
      const { body } = await login(gateway.url, alice.email, DEMO_PASSWORD);
      const headers = { authorization: `Bearer ${body.accessToken}` };
      expect((await fetch(`${gateway.url}/conversations/${randomUUID()}`, { headers })).status).toBe(502);
      expect((await fetch(`${gateway.url}/conversations/not-a-uuid`, { headers })).status).toBe(400);
    });
  });
});
