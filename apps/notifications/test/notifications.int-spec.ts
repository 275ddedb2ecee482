// notifications against real Kafka and PostgreSQL (from the integration global setup): a CSAT
// survey leaves on the outbound topic once per closed conversation, tenants' webhooks receive signed
// events through a real local HTTP server (with a retry after a 500), and a contact that waits past
// its queue's max wait raises an SLA alert.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type OutboundMessageV1, type TopicInput, type TopicName, Topics } from '@garda/contracts';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createScratchDatabase, type ScratchDatabase, waitFor } from '@garda/testing';
import { bootstrapService, createLogger, type RunningService, signAccessToken } from '@garda/service-kit';
import type { Consumer } from 'kafkajs';
import { notificationsService } from '../src/notifications.service-definition';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature';

jest.setTimeout(120_000);

const JWT_SECRET = 'notifications-int-spec-secret-0123456789';
const WEBHOOK_SECRET = 'whsec_test_0123456789abcdef';
const logger = createLogger('notifications-int-spec', 'warn');

interface ReceivedWebhook {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  body: { id: string; type: string; tenantId: string; timestamp: number; attempt: number; data: Record<string, unknown> };
  answeredWith: number;
}

describe('notifications (real Kafka + PostgreSQL)', () => {
  let notifications: RunningService;
  let publisher: EventPublisher;
  let outboundConsumer: Consumer;
  let receiver: Server;
  let receiverUrl: string;
  const received: ReceivedWebhook[] = [];
  const surveys: OutboundMessageV1[] = [];
  let database: ScratchDatabase;

  const tenant = randomUUID();
  const otherTenant = randomUUID();
  const admin = signAccessToken({ sub: randomUUID(), tenantId: tenant, role: 'admin', name: 'Ada' }, JWT_SECRET);
  const supervisor = signAccessToken({ sub: randomUUID(), tenantId: tenant, role: 'supervisor', name: 'Sam' }, JWT_SECRET);
  const otherAdmin = signAccessToken({ sub: randomUUID(), tenantId: otherTenant, role: 'admin', name: 'Olga' }, JWT_SECRET);

  const call = async <T>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${notifications.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const publish = <T extends TopicName>(topic: T, payload: TopicInput<T>, messageId: string = randomUUID()) =>
    publisher.publish(topic, payload, { tenantId: tenant, key: tenant, messageId });

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'DATABASE_URL']) {
      if (!process.env[name]) throw new Error(`${name} is not set: run through jest's integration project`);
    }
    // A webhook receiver that fails the very first delivery, to prove the retry.
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        const answeredWith = received.length === 0 ? 500 : 200;
        received.push({ headers: request.headers, rawBody, body: JSON.parse(rawBody) as ReceivedWebhook['body'], answeredWith });
        response.writeHead(answeredWith).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/garda-hooks`;

    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_notifications');
    const running = await bootstrapService(notificationsService, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET,
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      KAFKA_CLIENT_ID: `notifications-int-${randomBytes(3).toString('hex')}`,
      NOTIFICATIONS_SLA_MAX_WAIT_SECONDS: '3600',
      // The receiver listens on loopback, which production refuses.
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8',
      WEBHOOK_RETRY_BASE_MS: '200',
    });
    if (!running) throw new Error('notifications did not start');
    notifications = running;
    await waitFor(
      async () => ((await fetch(`${notifications.url}/health/ready`)).status === 200 ? true : undefined),
      'notifications to be ready',
    );

    const kafka = createKafkaClient({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'notifications-int-spec', logger });
    publisher = new EventPublisher(kafka, logger);
    await publisher.connect();
    outboundConsumer = kafka.consumer({ groupId: `notifications-int-spec-${randomBytes(4).toString('hex')}`, maxWaitTimeInMs: 100 });
    await outboundConsumer.connect();
    await outboundConsumer.subscribe({ topic: Topics.OutboundMessage, fromBeginning: true });
    await outboundConsumer.run({
      eachMessage: async ({ message }) => {
        const value = JSON.parse(message.value?.toString('utf8') ?? '{}') as OutboundMessageV1;
        if (value.tenantId === tenant) surveys.push(value);
      },
    });
  });

  afterAll(async () => {
    await outboundConsumer?.disconnect();
    await publisher?.disconnect();
    await notifications?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await database?.drop();
  });

  it('lets only admins manage webhooks, validates them, and keeps tenants apart', async () => {
    expect((await call('POST', '/webhooks', supervisor, { url: receiverUrl, events: ['*'] })).status).toBe(403);
    const badUrl = await call<{ issues: Array<{ path: string }> }>('POST', '/webhooks', admin, {
      url: 'ftp://example.com/x',
      events: ['*'],
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.issues[0].path).toBe('url');
    expect((await call('POST', '/webhooks', admin, { url: receiverUrl, events: ['no.such-event'] })).status).toBe(400);
    expect((await call('POST', '/webhooks', admin, { url: receiverUrl, events: [] })).status).toBe(400);

    const generated = await call<{ id: string; secret: string }>('POST', '/webhooks', admin, {
      url: receiverUrl,
      events: ['agent.status-changed'],
    });
    expect(generated.status).toBe(201);
    expect(generated.body.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const listed = await call<{ webhooks: Array<Record<string, unknown>> }>('GET', '/webhooks', admin);
    expect(listed.body.webhooks).toEqual([
      expect.objectContaining({ id: generated.body.id, url: receiverUrl, events: ['agent.status-changed'] }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(generated.body.secret);

    expect((await call<{ webhooks: unknown[] }>('GET', '/webhooks', otherAdmin)).body.webhooks).toEqual([]);
    expect((await call('DELETE', `/webhooks/${generated.body.id}`, otherAdmin)).status).toBe(404);
    expect((await call('DELETE', `/webhooks/${generated.body.id}`, admin)).status).toBe(204);
    expect((await call<{ webhooks: unknown[] }>('GET', '/webhooks', admin)).body.webhooks).toEqual([]);
  });

  it('surveys each agent-closed conversation once, signs webhooks, retries a failed delivery, and alerts on a breached SLA', async () => {
    const hook = await call<{ id: string }>('POST', '/webhooks', admin, {
      url: receiverUrl,
      events: ['conversation.closed', 'sla.breached'],
      secret: WEBHOOK_SECRET,
    });
    expect(hook.status).toBe(201);
    expect((await call('PUT', '/sla-policies/urgent', admin, { maxWaitSeconds: 2 })).status).toBe(200);

    const agentId = randomUUID();
    const conversation = (channel: 'whatsapp' | 'email', sender: { identityType: 'wa_id' | 'email'; value: string }) => ({
      conversationId: randomUUID(),
      ticketId: randomUUID(),
      customerId: randomUUID(),
      messageId: randomUUID(),
      channel,
      sender,
    });
    type Conversation = ReturnType<typeof conversation>;
    const customerWrites = async (c: Conversation) => {
      const receivedAt = new Date().toISOString();
      await publish(Topics.IdentifiedMessage, {
        tenantId: tenant,
        messageId: c.messageId,
        channel: c.channel,
        accountId: 'acc-1',
        providerMessageId: `p-${c.messageId}`,
        threadKey: `thread-${c.conversationId}`,
        sender: c.sender,
        text: 'My parcel never arrived',
        subject: c.channel === 'email' ? 'Parcel' : undefined,
        receivedAt,
        customerId: c.customerId,
        customerIsNew: true,
      });
      await publish(Topics.ConversationMessage, {
        tenantId: tenant,
        conversationId: c.conversationId,
        ticketId: c.ticketId,
        customerId: c.customerId,
        messageId: c.messageId,
        channel: c.channel,
        direction: 'inbound',
        authorType: 'customer',
        text: 'My parcel never arrived',
        isNewConversation: true,
        createdAt: receivedAt,
      });
    };
    const close = (c: Conversation, byAgent: boolean, messageId?: string) =>
      publish(
        Topics.ConversationClosed,
        {
          tenantId: tenant,
          conversationId: c.conversationId,
          ticketId: c.ticketId,
          agentId: byAgent ? agentId : undefined,
          closedAt: new Date().toISOString(),
        },
        messageId,
      );

    const answered = conversation('whatsapp', { identityType: 'wa_id', value: '4915112345678' });
    const abandoned = conversation('whatsapp', { identityType: 'wa_id', value: '4915187654321' });
    const lateRecipient = conversation('email', { identityType: 'email', value: 'late@example.com' });

    await customerWrites(answered);
    await customerWrites(abandoned);
    const closeId = randomUUID();
    await close(answered, true, closeId);
    await close(answered, true, closeId); // Kafka redelivers the close
    await close(abandoned, false);
    // Closed before its messages are projected: the survey waits for the recipient.
    await close(lateRecipient, true);
    await customerWrites(lateRecipient);

    // The SLA watch: one contact left waiting in "urgent" (max 2 s), one answered at once.
    const [waiting, quick] = [randomUUID(), randomUUID()];
    for (const contactId of [waiting, quick]) {
      await publish(Topics.RoutingRequested, {
        tenantId: tenant,
        contactId,
        conversationId: randomUUID(),
        ticketId: randomUUID(),
        customerId: randomUUID(),
        channel: 'webchat',
        queue: 'urgent',
        requestedAt: new Date().toISOString(),
      });
    }
    await publish(Topics.ContactAssigned, {
      tenantId: tenant,
      contactId: quick,
      conversationId: randomUUID(),
      ticketId: randomUUID(),
      customerId: randomUUID(),
      agentId,
      queueId: randomUUID(),
      queueName: 'urgent',
      channel: 'webchat',
      waitedSeconds: 0.2,
      assignedAt: new Date().toISOString(),
    });

    // Webhooks: three distinct closes (the redelivery is not one) and the SLA breach of the waiting contact.
    const delivered = await waitFor(() => {
      const ok = received.filter((r) => r.answeredWith === 200);
      return ok.filter((r) => r.body.type === 'conversation.closed').length >= 3 && ok.some((r) => r.body.type === 'sla.breached')
        ? ok
        : undefined;
    }, 'the closes and the SLA alert to reach the webhook');
    for (const webhook of received) {
      expect(verifyWebhookSignature(WEBHOOK_SECRET, webhook.rawBody, webhook.headers['x-garda-signature'] as string)).toBe(true);
      expect(webhook.headers['x-garda-timestamp']).toBe(String(webhook.body.timestamp));
      expect(webhook.body.tenantId).toBe(tenant);
    }
    const closes = delivered.filter((r) => r.body.type === 'conversation.closed');
    expect(new Set(closes.map((r) => r.body.data.conversationId))).toEqual(
      new Set([answered.conversationId, abandoned.conversationId, lateRecipient.conversationId]),
    );
    expect(closes).toHaveLength(3);
    const retried = delivered.find((r) => r.body.id === received[0].body.id);
    expect(retried?.body.attempt).toBe(2);
    const breaches = delivered.filter((r) => r.body.type === 'sla.breached');
    expect(breaches.map((r) => r.body.data.contactId)).toEqual([waiting]);
    expect(breaches[0].body.data).toMatchObject({ queueName: 'urgent', maxWaitSeconds: 2 });

    // Surveys: checked after the webhooks above, seconds after every close was handled, so a
    // duplicate survey would have arrived by now.
    await waitFor(
      () =>
        surveys.some((s) => s.conversationId === lateRecipient.conversationId) &&
        surveys.some((s) => s.conversationId === answered.conversationId)
          ? true
          : undefined,
      'the surveys',
    );
    const answeredSurveys = surveys.filter((s) => s.conversationId === answered.conversationId);
    expect(answeredSurveys).toHaveLength(1);
    expect(answeredSurveys[0]).toMatchObject({
      channel: 'whatsapp',
      accountId: 'acc-1',
      threadKey: `thread-${answered.conversationId}`,
      recipient: { identityType: 'wa_id', value: '4915112345678' },
    });
    expect(answeredSurveys[0].text).toMatch(/1 .*5/);
    expect(surveys.find((s) => s.conversationId === lateRecipient.conversationId)).toMatchObject({
      recipient: { identityType: 'email', value: 'late@example.com' },
      subject: expect.stringContaining('How did we do?'),
    });
    expect(surveys.some((s) => s.conversationId === abandoned.conversationId)).toBe(false);

    const log = await call<Array<{ eventType: string; status: string; attempts: number; lastStatusCode: number }>>(
      'GET',
      `/webhooks/${hook.body.id}/deliveries`,
      admin,
    );
    expect(log.body.every((entry) => entry.status === 'delivered' && entry.lastStatusCode === 200)).toBe(true);
    expect(log.body.map((entry) => entry.attempts).sort()).toEqual([1, 1, 1, 2]);
  });
});
