import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { io, type Socket } from 'socket.io-client';
import { AgentClient, login, waitUntil } from './support/actors';
import { freePort, Platform, type ServiceHandle } from './support/platform';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require(path.join(__dirname, '../../../tools/platform/services.cjs')) as {
  startService(name: string, options: { env: Record<string, string>; port: number }): Promise<ServiceHandle>;
};

const alice = DemoTenant.agents[0];

/** Messages of a topic this replica's consumer processed, from its /metrics. */
async function processedBy(url: string, topic: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('garda_kafka_messages_total{') && line.includes(`topic="${topic}"`) && line.includes('outcome="processed"')) {
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return total;
}

/** A web-chat visitor whose socket can move from one channels-ingest replica to another (a reconnect behind a load balancer). */
class Visitor {
  readonly replies: Array<{ messageId: string; text: string }> = [];
  sessionId = '';
  private token = '';
  private socket: Socket | undefined;

  async open(replicaUrl: string, name: string): Promise<void> {
    const response = await fetch(`${replicaUrl}/webchat/${DemoTenant.webchatAccountId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email: `${name.toLowerCase()}.${Date.now()}@example.com`, topic: 'support' }),
    });
    expect(response.status).toBe(201);
    ({ sessionId: this.sessionId, token: this.token } = (await response.json()) as { sessionId: string; token: string });
    await this.connectTo(replicaUrl);
  }

  async connectTo(replicaUrl: string): Promise<void> {
    this.socket?.close();
    const socket = io(`${replicaUrl}/webchat`, { auth: { token: this.token }, transports: ['websocket'], forceNew: true });
    socket.on('message', (message: { messageId: string; text: string }) => this.replies.push(message));
    await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
    this.socket = socket;
  }

  async say(replicaUrl: string, text: string): Promise<void> {
    const response = await fetch(`${replicaUrl}/webchat/${DemoTenant.webchatAccountId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    });
    expect(response.status).toBe(202);
  }

  close(): void {
    this.socket?.close();
  }
}

/**
 * Two channels-ingest replicas in one consumer group (as the shipped manifests run them): an
 * agent's reply is consumed by whichever replica holds the session's partition, and the postgres
 * socket.io adapter carries it to the replica holding the visitor's socket. Every reply must
 * reach the visitor live, once, whichever replica the socket is on.
 */
describe('web chat across two channels-ingest replicas', () => {
  const platform = new Platform();
  let second: ServiceHandle | undefined;
  const replicas: string[] = [];
  const visitors: Visitor[] = [];
  let agent: AgentClient | undefined;

  beforeAll(async () => {
    await platform.start();
    const port = await freePort();
    second = await services.startService('channels-ingest', { env: { ...platform.env, PUBLIC_URL: `http://127.0.0.1:${port}` }, port });
    replicas.push(platform.url('channels-ingest'), second.url);
    agent = new AgentClient(platform.url('gateway'), (await login(platform.url('gateway'), alice.email)).token);
    await agent.connected();
    await agent.goAvailable();
  }, 240_000);

  afterAll(async () => {
    agent?.close();
    visitors.forEach((visitor) => visitor.close());
    await second?.stop();
    await platform.stop();
  });

  /** Which replica's consumer processes the next outbound message (by the counters' deltas). */
  const outboundConsumer = async () => {
    const before = await Promise.all(replicas.map((url) => processedBy(url, Topics.OutboundMessage)));
    return () =>
      waitUntil(
        async () => {
          const after = await Promise.all(replicas.map((url) => processedBy(url, Topics.OutboundMessage)));
          const index = after.findIndex((count, i) => count > before[i]);
          return index >= 0 ? index : undefined;
        },
        15_000,
        'the replica that consumed the reply',
      );
  };

  const reply = async (visitor: Visitor, conversationId: string, text: string) => {
    const consumer = await outboundConsumer();
    await agent!.send('conversation:reply', { conversationId, messageId: randomUUID(), text });
    const received = await waitUntil(() => visitor.replies.find((r) => r.text === text), 15_000, `"${text}" at the visitor`);
    return { received, consumedBy: await consumer() };
  };

  it.each([0, 1])(
    'delivers every reply live to a visitor who started on replica %i, also when the other replica consumed it',
    async (start) => {
      const visitor = new Visitor();
      visitors.push(visitor);
      await visitor.open(replicas[start], `Replica${start}`);
      const first = `Hello from a visitor on replica ${start}`;
      await visitor.say(replicas[start], first);
      const offer = await agent!.waitFor('offer:new', (o) => o.preview === first, 30_000);
      await agent!.send('offer:accept', { contactId: offer.payload.contactId as string });
      await agent!.waitFor('contact:assigned', (a) => a.contactId === offer.payload.contactId);
      const conversationId = offer.payload.conversationId as string;

      const one = await reply(visitor, conversationId, `First answer for replica ${start}`);
      // The session's replies are consumed by one replica (its partition's); put the socket on the other one.
      const elsewhere = 1 - one.consumedBy;
      await visitor.connectTo(replicas[elsewhere]);
      const two = await reply(visitor, conversationId, `Second answer for replica ${start}`);

      expect(two.consumedBy).not.toBe(elsewhere);
      expect(visitor.replies.map((r) => r.text)).toEqual([`First answer for replica ${start}`, `Second answer for replica ${start}`]);
    },
    120_000,
  );
});
