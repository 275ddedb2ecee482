import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createLogger } from '@garda/service-kit';
import { io, type Socket } from 'socket.io-client';
import { AgentClient, login, waitUntil } from './support/actors';
import { Platform } from './support/platform';

const alice = DemoTenant.agents[0];
const logger = createLogger('typing-and-delivery-int-spec', 'warn');

/** A web-chat visitor that records what its socket hears, typing included, and can type itself. */
class TypingVisitor {
  readonly heard: Array<{ event: string; payload: Record<string, unknown> }> = [];
  socket!: Socket;
  private token = '';

  constructor(private readonly channelsUrl: string) {}

  async open(name: string): Promise<void> {
    const response = await fetch(`${this.channelsUrl}/webchat/demo-web/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, email: `${name.toLowerCase()}.${Date.now()}@example.com`, topic: 'support' }),
    });
    expect(response.status).toBe(201);
    this.token = ((await response.json()) as { token: string }).token;
    this.socket = io(`${this.channelsUrl}/webchat`, { auth: { token: this.token }, transports: ['websocket'], forceNew: true });
    this.socket.onAny((event: string, payload: Record<string, unknown>) => this.heard.push({ event, payload }));
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }

  async say(text: string): Promise<void> {
    const response = await fetch(`${this.channelsUrl}/webchat/demo-web/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    });
    expect(response.status).toBe(202);
  }

  find(event: string, predicate: (payload: Record<string, unknown>) => boolean) {
    return this.heard.find((entry) => entry.event === event && predicate(entry.payload));
  }

  close(): void {
    this.socket?.close();
  }
}

/**
 * Repeats `act` every `everyMs` (as the desk and the widget repeat "typing" while someone types)
 * until `probe` sees its effect: typing is ephemeral, so the first one may legitimately be lost.
 */
async function repeatUntil<T>(
  act: () => unknown,
  probe: () => T | undefined,
  what: string,
  everyMs = 1_500,
  timeoutMs = 30_000,
): Promise<T> {
  let lastAct = 0;
  return waitUntil(
    async () => {
      if (Date.now() - lastAct >= everyMs) {
        lastAct = Date.now();
        await act();
      }
      return probe();
    },
    timeoutMs,
    what,
  );
}

/**
 * Typing indicators in both directions and a delivery failure shown to the agent, on the real
 * services, a real Kafka broker and a real PostgreSQL: desk → gateway → tickets → channels-ingest →
 * the visitor's socket, the visitor's socket → channels-ingest → tickets → gateway → the desk, and a
 * channel's "failed" status → tickets (stored on the message) → gateway → the desk.
 */
describe('typing indicators and delivery failures between the desk and the web-chat visitor', () => {
  const platform = new Platform();
  let agent: AgentClient;
  let agentToken: string;
  let publisher: EventPublisher;
  let visitor: TypingVisitor;
  let conversationId: string;

  const ticketsApi = async (path: string) => {
    const response = await fetch(`${platform.url('tickets')}${path}`, { headers: { authorization: `Bearer ${agentToken}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await platform.start();
    publisher = new EventPublisher(
      createKafkaClient({ brokers: platform.env.KAFKA_BROKERS.split(','), clientId: 'typing-int-spec', logger }),
      logger,
    );
    await publisher.connect();
    agentToken = (await login(platform.url('gateway'), alice.email)).token;
    agent = new AgentClient(platform.url('gateway'), agentToken);
    await agent.connected();
    await agent.goAvailable();

    visitor = new TypingVisitor(platform.url('channels-ingest'));
    await visitor.open('Ada');
    await visitor.say('Can you hear me typing?');
    const offer = await agent.waitFor('offer:new', (o) => o.preview === 'Can you hear me typing?');
    conversationId = offer.payload.conversationId as string;
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    await waitUntil(
      async () => ((await ticketsApi(`/conversations/${conversationId}`)).body.assignedAgentId === alice.id ? true : undefined),
      15_000,
      'the assignment recorded by tickets',
    );
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    visitor?.close();
    await publisher?.disconnect();
    await platform.stop();
  });

  it("shows the visitor the agent's name while the agent types", async () => {
    const typing = await repeatUntil(
      () => agent.send('conversation:typing', { conversationId }),
      () => visitor.find('typing', (t) => t.isTyping === true),
      "the agent's typing on the visitor's socket",
    );
    expect(typing.payload).toEqual({ isTyping: true, authorName: alice.name });
  });

  it('refuses a malformed typing command with a reason', async () => {
    await expect(agent.send('conversation:typing', { conversationId: 'not-a-uuid' })).rejects.toThrow(/conversationId/);
  });

  it('shows the agent that the visitor is typing, on that conversation, and when they stop', async () => {
    const typing = await repeatUntil(
      () => visitor.socket.emit('typing', { isTyping: true }),
      () =>
        agent.received.find(
          (e) => e.event === 'conversation:typing' && e.payload.conversationId === conversationId && e.payload.isTyping === true,
        ),
      "the visitor's typing on the agent's socket",
    );
    expect(typing.payload).toMatchObject({ conversationId, who: 'customer', name: 'Ada', isTyping: true });

    visitor.socket.emit('typing', { isTyping: false });
    await agent.waitFor('conversation:typing', (t) => t.conversationId === conversationId && t.isTyping === false, 15_000);
  });

  it("marks the agent's reply as not delivered, with the reason, live and in the stored history", async () => {
    const messageId = randomUUID();
    await agent.send('conversation:reply', { conversationId, messageId, text: 'Yes, loud and clear.' });
    await waitUntil(() => visitor.find('message', (m) => m.messageId === messageId), 30_000, 'the reply on the visitor socket');
    // Web chat itself reports the reply delivered; the desk hears that too.
    await agent.waitFor('conversation:delivery', (d) => d.messageId === messageId && d.status === 'delivered');

    // Later the channel reports a permanent failure for the same message (as a provider callback would).
    await publisher.publish(
      Topics.DeliveryStatus,
      {
        tenantId: DemoTenant.id,
        messageId,
        conversationId,
        channel: 'webchat',
        status: 'failed',
        error: 'the visitor closed the chat before it arrived',
        at: new Date().toISOString(),
      },
      { tenantId: DemoTenant.id, key: conversationId },
    );

    const failed = await agent.waitFor('conversation:delivery', (d) => d.messageId === messageId && d.status === 'failed');
    expect(failed.payload).toMatchObject({
      tenantId: DemoTenant.id,
      conversationId,
      messageId,
      status: 'failed',
      error: 'the visitor closed the chat before it arrived',
      assignedAgentId: alice.id,
    });

    const { body } = await ticketsApi(`/conversations/${conversationId}`);
    const stored = (body.messages as Array<{ id: string; deliveryStatus: string | null; deliveryError: string | null }>).find(
      (m) => m.id === messageId,
    );
    expect(stored).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'the visitor closed the chat before it arrived' });
  });
});
