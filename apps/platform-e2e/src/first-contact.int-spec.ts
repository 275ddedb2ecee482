import { DemoTenant } from '@garda/demo-tenant';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { Platform } from './support/platform';

const alice = DemoTenant.agents[0];

/**
 * The first contact, end to end, on the real services (separate processes), a real Kafka broker
 * and a real PostgreSQL: web chat → channels-ingest → customers → tickets → routing → gateway →
 * the agent accepts and replies → the reply reaches the customer's web-chat connection.
 */
describe('a web-chat contact travels from customer to agent and back', () => {
  const platform = new Platform();
  let agent: AgentClient;
  let agentToken: string;
  const customers: WebChatCustomer[] = [];

  beforeAll(async () => {
    await platform.start();
    agentToken = (await login(platform.url('gateway'), alice.email)).token;
    agent = new AgentClient(platform.url('gateway'), agentToken);
    await agent.connected();
    await agent.goAvailable();
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    customers.forEach((customer) => customer.close());
    await platform.stop();
  });

  const newCustomer = async (name: string) => {
    const customer = new WebChatCustomer(platform.url('channels-ingest'));
    await customer.open({ name, email: `${name.toLowerCase()}.${Date.now()}@example.com`, topic: 'support' });
    customers.push(customer);
    return customer;
  };

  const ticketsApi = async (path: string) => {
    const response = await fetch(`${platform.url('tickets')}${path}`, { headers: { authorization: `Bearer ${agentToken}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('offers the contact to the available agent with the skill, and the reply reaches the customer', async () => {
    const customer = await newCustomer('Ada');
    const sent = await customer.say('Hello, my parcel has not arrived');
    expect(sent.status).toBe(202);

    const offer = await agent.waitFor('offer:new', (o) => o.preview === 'Hello, my parcel has not arrived');
    expect(offer.payload).toMatchObject({ agentId: alice.id, channel: 'webchat', queueName: 'support', customerName: 'Ada' });
    const conversationId = offer.payload.conversationId as string;

    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    const assigned = await agent.waitFor('contact:assigned', (a) => a.conversationId === conversationId);
    expect(assigned.payload.agentId).toBe(alice.id);

    // The assignment is recorded on the conversation and its ticket.
    const recorded = await waitUntil(
      async () => {
        const { status, body } = await ticketsApi(`/conversations/${conversationId}`);
        return status === 200 && body.assignedAgentId === alice.id ? body : undefined;
      },
      15_000,
      'assignment on the ticket',
    );
    expect((recorded.ticket as { assigneeId: string }).assigneeId).toBe(alice.id);
    expect((recorded.messages as Array<{ text: string }>).map((m) => m.text)).toEqual(['Hello, my parcel has not arrived']);

    await agent.send('conversation:reply', { conversationId, messageId: crypto.randomUUID(), text: 'Sorry to hear that, let me check.' });
    const reply = await customer.waitForReply((r) => r.text === 'Sorry to hear that, let me check.');
    expect(reply.authorName).toBe(alice.name);

    // The customer's next message lands in the same conversation, on the same agent's desk.
    await customer.say('Order number is 4711');
    const followUp = await agent.waitFor('conversation:message', (m) => m.text === 'Order number is 4711');
    expect(followUp.payload).toMatchObject({ conversationId, assignedAgentId: alice.id, isNewConversation: false });
    expect(agent.count('offer:new', (o) => o.conversationId === conversationId)).toBe(1);
  });

  it('a customer’s retried message (same client id) is delivered once', async () => {
    const customer = await newCustomer('Grace');
    const first = await customer.say('Is anyone there?');
    const retry = await customer.say('Is anyone there?', first.clientMessageId);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);

    const offer = await agent.waitFor('offer:new', (o) => o.preview === 'Is anyone there?');
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    const conversationId = offer.payload.conversationId as string;
    const conversation = await waitUntil(
      async () => {
        const { body } = await ticketsApi(`/conversations/${conversationId}`);
        return body.assignedAgentId === alice.id ? body : undefined;
      },
      15_000,
      'assigned conversation',
    );
    expect((conversation.messages as unknown[]).length).toBe(1);
  });

  it('an agent cannot read a conversation that is not theirs', async () => {
    const bob = await login(platform.url('gateway'), DemoTenant.agents[1].email);
    const aliceConversations = await ticketsApi('/conversations');
    const someConversation = (aliceConversations.body as unknown as Array<{ id: string }>)[0];
    const response = await fetch(`${platform.url('tickets')}/conversations/${someConversation.id}`, {
      headers: { authorization: `Bearer ${bob.token}` },
    });
    expect(response.status).toBe(403);
  });
});
