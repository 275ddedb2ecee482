// customers in the service tier: its Nest module on a migrated database of its own, the real
// identity resolution and HTTP API, inbound messages delivered through the consumer's inbox and the
// identified messages read from what its outbox published — no broker (docs/testing.md).
import { randomUUID } from 'node:crypto';
import { deadLetterTopic, Headers, type InboundMessageV1, Topics } from '@garda/contracts';
import { ServiceTier } from '@garda/testing';
import { customersService } from '../src/customers.service-definition';

const tenantId = randomUUID();
const otherTenantId = randomUUID();

function inbound(sender: InboundMessageV1['sender'], overrides: Partial<InboundMessageV1> = {}): InboundMessageV1 {
  return {
    tenantId,
    messageId: randomUUID(),
    channel: 'webchat',
    accountId: 'web-1',
    providerMessageId: randomUUID(),
    threadKey: `session-${randomUUID()}`,
    sender,
    text: 'Hello, my parcel has not arrived',
    attachments: [],
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}

describe('customers (service tier: real PostgreSQL, no broker)', () => {
  let customers: ServiceTier;
  const identified = (messageId: string) =>
    customers.published.on(Topics.IdentifiedMessage, (value) => value.messageId === messageId).map((record) => record.value);

  async function identify(message: InboundMessageV1) {
    await customers.deliver(Topics.InboundMessage, message, {
      tenantId: message.tenantId,
      key: message.threadKey,
      messageId: message.messageId,
    });
    const [event] = identified(message.messageId);
    if (!event) throw new Error(`no identified message for ${message.messageId}`);
    return event;
  }

  beforeAll(async () => {
    customers = await ServiceTier.start(customersService);
  });
  afterAll(async () => {
    await customers?.close();
  });

  it('makes a new customer of a first-time sender and passes the message on as identified, keyed by its thread', async () => {
    const message = inbound({ identityType: 'webchat_visitor', value: `visitor-${randomUUID()}`, displayName: 'Dewi' });
    const event = await identify(message);
    expect(event).toMatchObject({ messageId: message.messageId, text: message.text, customerName: 'Dewi', customerIsNew: true });
    const [record] = customers.published.on(Topics.IdentifiedMessage, (value) => value.messageId === message.messageId);
    expect(record.key).toBe(message.threadKey);

    const profile = await customers.request('GET', `/customers/${String(event.customerId)}`, { token: customers.token(tenantId, 'agent') });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      id: event.customerId,
      displayName: 'Dewi',
      identities: [{ identityType: 'webchat_visitor', value: message.sender.value }],
    });
  });

  it('recognises the same sender on the next message and the same person on another channel by e-mail', async () => {
    const email = `budi-${randomUUID().slice(0, 8)}@example.com`;
    const first = await identify(inbound({ identityType: 'email', value: email, displayName: 'Budi' }, { channel: 'email' }));
    const again = await identify(inbound({ identityType: 'email', value: email }, { channel: 'email' }));
    const chat = await identify(inbound({ identityType: 'webchat_visitor', value: `visitor-${randomUUID()}`, email }));
    expect(again).toMatchObject({ customerId: first.customerId, customerIsNew: false, customerName: 'Budi' });
    expect(chat).toMatchObject({ customerId: first.customerId, customerIsNew: false });

    const profile = await customers.request('GET', `/customers/${String(first.customerId)}`, { token: customers.token(tenantId, 'agent') });
    expect((profile.body as { identities: Array<{ identityType: string }> }).identities.map((identity) => identity.identityType)).toEqual([
      'email',
      'webchat_visitor',
    ]);
  });

  it('handles a redelivered message once: one customer, one identified message', async () => {
    const message = inbound({ identityType: 'phone', value: `+6281${Math.floor(Math.random() * 1e9)}` }, { channel: 'sms' });
    await identify(message);
    await customers.deliver(Topics.InboundMessage, message, { tenantId, key: message.threadKey, messageId: message.messageId });
    expect(identified(message.messageId)).toHaveLength(1);
    const [{ count }] = await customers.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM "customers"."customer_identity" WHERE "tenant_id" = $1 AND "value" = $2`,
      [tenantId, message.sender.value],
    );
    expect(count).toBe(1);
  });

  it('keeps tenants apart: the same sender is another customer in another tenant, and invisible across them', async () => {
    const value = `visitor-${randomUUID()}`;
    const ours = await identify(inbound({ identityType: 'webchat_visitor', value }));
    const theirs = await identify(inbound({ identityType: 'webchat_visitor', value }, { tenantId: otherTenantId }));
    expect(theirs.customerId).not.toBe(ours.customerId);
    expect(theirs.customerIsNew).toBe(true);

    const across = await customers.request('GET', `/customers/${String(ours.customerId)}`, {
      token: customers.token(otherTenantId, 'supervisor'),
    });
    expect(across.status).toBe(404);
  });

  it('lets a supervisor search the tenant by name and refuses the search to an agent', async () => {
    await identify(inbound({ identityType: 'webchat_visitor', value: `visitor-${randomUUID()}`, displayName: 'Siti Searchable' }));
    const found = await customers.request('GET', '/customers?q=searchable', { token: customers.token(tenantId, 'supervisor') });
    expect(found.status).toBe(200);
    expect((found.body as Array<{ displayName: string }>).map((customer) => customer.displayName)).toEqual(['Siti Searchable']);

    const refused = await customers.request('GET', '/customers?q=searchable', { token: customers.token(tenantId, 'agent') });
    expect(refused.status).toBe(403);
    const anonymous = await customers.request('GET', '/customers?q=searchable');
    expect(anonymous.status).toBe(401);
  });

  it('answers 400 for a malformed customer id and 404 for an unknown one', async () => {
    const token = customers.token(tenantId, 'agent');
    const malformed = await customers.request('GET', '/customers/not-a-uuid', { token });
    expect(malformed.status).toBe(400);
    expect(await customers.request('GET', `/customers/${randomUUID()}`, { token })).toMatchObject({ status: 404 });
  });

  it('moves a message that breaks its contract to the dead-letter topic, with the reason, and creates nobody', async () => {
    const before = await customers.dataSource.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM "customers"."customer"`);
    const broken = { ...inbound({ identityType: 'webchat_visitor', value: 'v' }), tenantId: 'not-a-tenant' };
    await customers.deliverRecord({
      topic: Topics.InboundMessage,
      key: broken.threadKey,
      value: JSON.stringify(broken),
      headers: { [Headers.MessageId]: broken.messageId },
    });
    const [dead] = customers.published.on(deadLetterTopic(Topics.InboundMessage), (value) => value.messageId === broken.messageId);
    expect(dead.headers[Headers.DeadLetterReason]).toMatch(/tenantId/);
    const after = await customers.dataSource.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM "customers"."customer"`);
    expect(after).toEqual(before);
  });
});
