import { randomBytes, randomUUID } from 'node:crypto';
import { type Channel, type TicketDetail, type TopicInput, type TopicName, Topics } from '@garda/contracts';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { bootstrapService, createLogger, type RunningService, signAccessToken } from '@garda/service-kit';
import { createScratchDatabase, type ScratchDatabase, waitFor } from '@garda/testing';
import type { Consumer } from 'kafkajs';
import { ticketsService } from '../src/tickets.service-definition';

export const JWT_SECRET = 'tickets-int-spec-secret-0123456789abcdef';
const logger = createLogger('tickets-int-spec', 'warn');

export interface Seen {
  topic: string;
  value: Record<string, unknown>;
}

/**
 * tickets booted in-process on a scratch database and the test run's Kafka broker, with a
 * publisher playing the other services and a consumer recording what tickets announces.
 */
export class TicketsHarness {
  service!: RunningService;
  database!: ScratchDatabase;
  publisher!: EventPublisher;
  private consumer!: Consumer;
  readonly seen: Seen[] = [];
  readonly tenantId = randomUUID();
  readonly otherTenantId = randomUUID();
  readonly alice = { id: randomUUID(), name: 'Alice' };
  readonly bob = { id: randomUUID(), name: 'Bob' };

  token(role: 'agent' | 'supervisor' | 'admin', who = this.alice, tenantId = this.tenantId): string {
    return signAccessToken({ sub: who.id, tenantId, role, name: who.name }, JWT_SECRET);
  }

  async start(env: Record<string, string> = {}): Promise<void> {
    for (const name of ['KAFKA_BROKERS', 'DATABASE_URL']) {
      if (!process.env[name]) throw new Error(`${name} is not set: run through jest's integration project`);
    }
    this.database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_tickets');
    const running = await bootstrapService(ticketsService, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: this.database.url,
      JWT_SECRET,
      LOG_LEVEL: process.env.TICKETS_TEST_LOG_LEVEL ?? 'warn',
      KAFKA_CLIENT_ID: `tickets-int-${randomBytes(3).toString('hex')}`,
      TICKETS_TIMER_POLL_MS: '100',
      ...env,
    });
    if (!running) throw new Error('tickets did not start');
    this.service = running;
    await waitFor(async () => ((await fetch(`${running.url}/health/ready`)).status === 200 ? true : undefined), 'tickets to be ready');
    const kafka = createKafkaClient({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'tickets-int-spec', logger });
    this.publisher = new EventPublisher(kafka, logger);
    await this.publisher.connect();
    this.consumer = kafka.consumer({ groupId: `tickets-int-spec-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    const topics = [
      Topics.RoutingRequested,
      Topics.ConversationClosed,
      Topics.OutboundMessage,
      Topics.TicketChanged,
      Topics.SurveyAnswered,
      Topics.SlaWarning,
      Topics.SlaBreached,
      Topics.ConversationMessage,
    ];
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        // The run's broker is shared: other test files leave messages on these topics, some of them
        // deliberately invalid (dead-letter tests). Only this tenant's well-formed events are ours.
        let value: Record<string, unknown>;
        try {
          value = JSON.parse(message.value?.toString('utf8') ?? '{}') as Record<string, unknown>;
        } catch {
          return;
        }
        if (value?.tenantId === this.tenantId) this.seen.push({ topic, value });
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.publisher?.disconnect();
    await this.service?.close();
    await this.database?.drop();
  }

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  publish<T extends TopicName>(topic: T, payload: TopicInput<T>): Promise<void> {
    return this.publisher.publish(topic, payload, { tenantId: this.tenantId, key: this.tenantId, messageId: randomUUID() });
  }

  /** A customer writes on a thread (as customers would announce it after identifying them). */
  async customerWrites(thread: CustomerThread, text: string): Promise<string> {
    const messageId = randomUUID();
    await this.publish(Topics.IdentifiedMessage, {
      tenantId: this.tenantId,
      messageId,
      channel: thread.channel,
      accountId: 'acct-1',
      providerMessageId: `prov-${messageId}`,
      threadKey: thread.threadKey,
      sender: { identityType: thread.channel === 'email' ? 'email' : 'webchat_visitor', value: thread.address, displayName: thread.name },
      text,
      attachments: [],
      queue: 'billing',
      subject: thread.subject,
      receivedAt: new Date().toISOString(),
      customerId: thread.customerId,
      customerName: thread.name,
      customerIsNew: false,
    });
    return messageId;
  }

  events(topic: string, where: (value: Record<string, unknown>) => boolean = () => true): Array<Record<string, unknown>> {
    return this.seen.filter((seen) => seen.topic === topic && where(seen.value)).map((seen) => seen.value);
  }

  waitForEvent(topic: string, where: (value: Record<string, unknown>) => boolean, what: string) {
    return waitFor(() => this.events(topic, where)[0], what);
  }

  async ticketOf(thread: CustomerThread, token = this.token('supervisor')): Promise<TicketDetail> {
    const routed = await this.waitForEvent(Topics.RoutingRequested, (v) => v.customerId === thread.customerId, 'the ticket to be routed');
    return (await this.call<TicketDetail>('GET', `/tickets/${String(routed.ticketId)}`, token)).body;
  }

  /** routing assigns the thread's newest contact to an agent. */
  async routingAssigns(routed: Record<string, unknown>, agentId: string): Promise<void> {
    await this.publish(Topics.ContactAssigned, {
      tenantId: this.tenantId,
      contactId: String(routed.contactId),
      conversationId: String(routed.conversationId),
      ticketId: String(routed.ticketId),
      customerId: String(routed.customerId),
      agentId,
      queueId: randomUUID(),
      queueName: 'billing',
      channel: routed.channel as Channel,
      waitedSeconds: 1,
      assignedAt: new Date().toISOString(),
    });
  }
}

export interface CustomerThread {
  customerId: string;
  channel: Channel;
  threadKey: string;
  address: string;
  name: string;
  subject?: string;
}

export const newThread = (channel: Channel = 'email', name = 'Siti Rahayu'): CustomerThread => {
  const id = randomBytes(4).toString('hex');
  return {
    customerId: randomUUID(),
    channel,
    threadKey: `thread-${id}`,
    address: channel === 'email' ? `siti.${id}@example.co.id` : `visitor-${id}`,
    name,
    subject: channel === 'email' ? `Tagihan ganda bulan ini ${id}` : undefined,
  };
};
