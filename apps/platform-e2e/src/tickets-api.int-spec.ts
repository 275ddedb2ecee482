import { randomUUID } from 'node:crypto';
import { DemoTenant } from '@garda/demo-tenant';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { Platform } from './support/platform';

const [alice, bob] = DemoTenant.agents;

interface Ticket {
  id: string;
  number: number;
  status: string;
  assigneeId: string | null;
  history: Array<{ field: string; from: string | null; to: string | null; actorType: string }>;
}

/**
 * The tickets API through the gateway on the real services: an agent parks a web chat as pending
 * (her capacity goes), the customer answers, the same ticket reopens and is offered to her again
 * first; views and search find it, a colleague does not; bad values never pass the gateway; the
 * OpenAPI document describes the bodies.
 */
describe('tickets through the gateway', () => {
  const platform = new Platform();
  let agent: AgentClient;
  let customer: WebChatCustomer;
  const tokens = { alice: '', bob: '' };

  const call = async <T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${platform.url('gateway')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  };

  beforeAll(async () => {
    await platform.start();
    const gateway = platform.url('gateway');
    [tokens.alice, tokens.bob] = await Promise.all([alice.email, bob.email].map(async (email) => (await login(gateway, email)).token));
    agent = new AgentClient(gateway, tokens.alice);
    await agent.connected();
    await agent.goAvailable();
    customer = new WebChatCustomer(platform.url('channels-ingest'));
    await customer.open({ name: 'Wulan', email: `wulan.${randomUUID().slice(0, 8)}@example.co.id`, topic: 'support' });
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    customer?.close();
    await platform.stop();
  });

  it('parks a ticket pending, reopens the same one when the customer answers and offers it to the same agent first', async () => {
    await customer.say('Kode promo saya tidak berlaku');
    const offer = (await agent.waitFor('offer:new', (o) => o.preview === 'Kode promo saya tidak berlaku')).payload as {
      contactId: string;
      ticketId: string;
    };
    await agent.send('offer:accept', { contactId: offer.contactId });
    const mine = await waitUntil(
      async () => {
        const page = await call<{ items: Ticket[] }>('GET', '/tickets?view=my-open', tokens.alice);
        return page.body.items.find((t) => t.id === offer.ticketId && t.assigneeId === alice.id);
      },
      15_000,
      'the ticket in Alice’s open view',
    );

    const bad = await call<{ issues: Array<{ path: string }> }>('PATCH', `/tickets/${mine.id}`, tokens.alice, { status: 'waiting' });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue) => issue.path)).toEqual(['status']);
    expect((await call('PATCH', `/tickets/${mine.id}`, tokens.bob, { priority: 'high' })).status).toBe(404);

    const pending = await call<Ticket>('PATCH', `/tickets/${mine.id}`, tokens.alice, {
      status: 'pending',
      priority: 'high',
      tags: ['promo'],
    });
    expect(pending.status).toBe(200);
    expect(pending.body.status).toBe('pending');

    await customer.say('Kodenya HEMAT50, berlaku sampai besok');
    const again = (await agent.waitFor('offer:new', (o) => o.preview === 'Kodenya HEMAT50, berlaku sampai besok')).payload as {
      ticketId: string;
      contactId: string;
    };
    expect(again.ticketId).toBe(mine.id);
    const reopened = await call<Ticket>('GET', `/tickets/${mine.id}`, tokens.alice);
    expect(reopened.body.status).toBe('open');
    expect(reopened.body.history.at(-1)).toMatchObject({ field: 'status', from: 'pending', to: 'open', actorType: 'customer' });

    const found = await call<{ items: Ticket[] }>('GET', '/tickets/search?q=hemat50', tokens.alice);
    expect(found.body.items.map((t) => t.id)).toEqual([mine.id]);
    expect((await call<{ items: Ticket[] }>('GET', '/tickets/search?q=hemat50', tokens.bob)).body.items).toEqual([]);
  });

  it('describes the tickets API with request and response schemas in OpenAPI', async () => {
    const document = (await (await fetch(`${platform.url('gateway')}/docs/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }> };
            responses: Record<string, { content?: Record<string, { schema: { properties: Record<string, unknown> } }> }>;
          }
        >
      >;
    };
    const patch = document.paths['/tickets/{id}']!.patch!;
    expect(patch.requestBody!.content['application/json']!.schema.properties.status!.enum).toEqual([
      'new',
      'open',
      'pending',
      'on-hold',
      'solved',
      'closed',
    ]);
    expect(Object.keys(patch.responses['200']!.content!['application/json']!.schema.properties)).toEqual(
      expect.arrayContaining(['number', 'status', 'priority', 'tags', 'history', 'slaDueAt']),
    );
    expect(document.paths['/tickets']!.get!).toMatchObject({
      parameters: expect.arrayContaining([expect.objectContaining({ name: 'view' })]),
    });
  });
});
