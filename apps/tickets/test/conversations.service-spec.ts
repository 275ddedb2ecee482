// tickets in the service tier: threading, assignment and wrap-up with its real repositories on a
// migrated database of its own; identified messages and assignments delivered through the
// consumer's inbox, routing requests and closures read from what its outbox published (no broker).
import { randomUUID } from 'node:crypto';
import { type ContactAssignedV1, type IdentifiedMessageV1, Topics } from '@garda/contracts';
import { ServiceTier } from '@garda/testing';
import { ticketsService } from '../src/tickets.service-definition';

const tenantId = randomUUID();
const aliceId = randomUUID();
const bobId = randomUUID();

interface ConversationView {
  id: string;
  status: string;
  assignedAgentId: string | null;
  ticket: { id: string; status: string; assigneeId: string | null; disposition: string | null };
  messages: Array<{ text: string; direction: string }>;
}

function identified(threadKey: string, text: string, overrides: Partial<IdentifiedMessageV1> = {}): IdentifiedMessageV1 {
  return {
    tenantId,
    messageId: randomUUID(),
    channel: 'webchat',
    accountId: 'web-1',
    providerMessageId: randomUUID(),
    threadKey,
    sender: { identityType: 'webchat_visitor', value: threadKey, displayName: 'Dewi' },
    text,
    attachments: [],
    receivedAt: new Date().toISOString(),
    customerId: randomUUID(),
    customerName: 'Dewi',
    customerIsNew: true,
    ...overrides,
  };
}

describe('tickets conversations (service tier: real PostgreSQL, no broker)', () => {
  let tickets: ServiceTier;

  const receive = (message: IdentifiedMessageV1) =>
    tickets.deliver(Topics.IdentifiedMessage, message, {
      tenantId: message.tenantId,
      key: message.threadKey,
      messageId: message.messageId,
    });
  const routingRequests = (customerId: string) => tickets.published.on(Topics.RoutingRequested, (value) => value.customerId === customerId);

  /** A new conversation from a customer, assigned by routing to `agentId`. */
  async function assignedConversation(agentId: string) {
    const first = identified(`thread-${randomUUID()}`, 'Where is my order?');
    await receive(first);
    const [request] = routingRequests(first.customerId);
    const assignment: ContactAssignedV1 = {
      tenantId,
      contactId: String(request.value.contactId),
      conversationId: String(request.value.conversationId),
      ticketId: String(request.value.ticketId),
      customerId: first.customerId,
      agentId,
      queueId: randomUUID(),
      queueName: 'support',
      channel: 'webchat',
      waitedSeconds: 3,
      assignedAt: new Date().toISOString(),
    };
    await tickets.deliver(Topics.ContactAssigned, assignment, { tenantId, key: tenantId });
    return { first, conversationId: assignment.conversationId, ticketId: assignment.ticketId };
  }

  beforeAll(async () => {
    tickets = await ServiceTier.start(ticketsService);
  });
  afterAll(async () => {
    await tickets?.close();
  });

  it('opens a conversation and a ticket for a new thread and asks routing for an agent once, follow-ups only appended', async () => {
    const threadKey = `thread-${randomUUID()}`;
    const first = identified(threadKey, 'Hello, my parcel has not arrived', { queue: 'support' });
    await receive(first);
    await receive(identified(threadKey, 'Order number is 4711', { customerId: first.customerId, customerIsNew: false }));

    const requests = routingRequests(first.customerId);
    expect(requests).toHaveLength(1);
    expect(requests[0].key).toBe(tenantId);
    expect(requests[0].value).toMatchObject({ channel: 'webchat', queue: 'support', preview: 'Hello, my parcel has not arrived' });
    const published = tickets.published.on(Topics.ConversationMessage, (value) => value.customerId === first.customerId);
    expect(published.map((record) => [record.value.text, record.value.isNewConversation])).toEqual([
      ['Hello, my parcel has not arrived', true],
      ['Order number is 4711', false],
    ]);

    const supervisor = tickets.token(tenantId, 'supervisor');
    const view = await tickets.request('GET', `/conversations/${String(requests[0].value.conversationId)}`, { token: supervisor });
    expect(view.status).toBe(200);
    const conversation = view.body as ConversationView;
    expect(conversation.messages.map((message) => message.text)).toEqual(['Hello, my parcel has not arrived', 'Order number is 4711']);
    // A ticket nobody has worked on yet is new (docs/tickets.md).
    expect(conversation.ticket).toMatchObject({ status: 'new', assigneeId: null });
  });

  it('records the agent routing assigned on the conversation and its ticket, and shows it to that agent only', async () => {
    const { conversationId } = await assignedConversation(aliceId);
    const alice = tickets.token(tenantId, 'agent', { sub: aliceId });
    const bob = tickets.token(tenantId, 'agent', { sub: bobId });

    const mine = await tickets.request('GET', '/conversations', { token: alice });
    expect((mine.body as ConversationView[]).map((conversation) => conversation.id)).toContain(conversationId);
    const view = await tickets.request('GET', `/conversations/${conversationId}`, { token: alice });
    expect((view.body as ConversationView).ticket).toMatchObject({ assigneeId: aliceId, status: 'open' });

    const others = await tickets.request('GET', '/conversations', { token: bob });
    expect((others.body as ConversationView[]).map((conversation) => conversation.id)).not.toContain(conversationId);
    expect((await tickets.request('GET', `/conversations/${conversationId}`, { token: bob })).status).toBe(403);
  });

  it('closes a conversation on wrap-up: ticket solved with the disposition, routing told once, a second close changes nothing', async () => {
    const { conversationId, ticketId } = await assignedConversation(aliceId);
    const alice = tickets.token(tenantId, 'agent', { sub: aliceId });
    const closed = await tickets.request('POST', `/conversations/${conversationId}/close`, {
      token: alice,
      body: { disposition: 'resolved' },
    });
    expect(closed).toMatchObject({ status: 201, body: { id: conversationId, status: 'closed' } });
    await tickets.request('POST', `/conversations/${conversationId}/close`, { token: alice, body: {} });

    const closures = tickets.published.on(Topics.ConversationClosed, (value) => value.conversationId === conversationId);
    expect(closures).toHaveLength(1);
    expect(closures[0].value).toMatchObject({ ticketId, agentId: aliceId, disposition: 'resolved' });
    const view = await tickets.request('GET', `/conversations/${conversationId}`, { token: tickets.token(tenantId, 'supervisor') });
    expect(view.body).toMatchObject({ status: 'closed', ticket: { status: 'solved', disposition: 'resolved' } });
  });

  it('refuses a disposition that is not text with 400 and leaves the conversation open', async () => {
    const { conversationId } = await assignedConversation(aliceId);
    const alice = tickets.token(tenantId, 'agent', { sub: aliceId });
    const refused = await tickets.request('POST', `/conversations/${conversationId}/close`, { token: alice, body: { disposition: 42 } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('disposition');
    const view = await tickets.request('GET', `/conversations/${conversationId}`, { token: alice });
    expect(view.body).toMatchObject({ status: 'open' });
  });

  it('keeps tenants apart: another tenant neither lists nor opens the conversation', async () => {
    const { conversationId } = await assignedConversation(aliceId);
    const stranger = tickets.token(randomUUID(), 'supervisor');
    expect((await tickets.request('GET', `/conversations/${conversationId}`, { token: stranger })).status).toBe(404);
    expect(await tickets.request('GET', '/conversations', { token: stranger })).toMatchObject({ status: 200, body: [] });
  });
});
