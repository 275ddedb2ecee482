// Views, counts, cursor pages, search and take against real Kafka and PostgreSQL: what an agent
// and a supervisor see, in Bahasa Indonesia and English, never across roles or tenants.
import { type TicketDetail, type TicketPage, type TicketViewCounts, Topics } from '@garda/contracts';
import { waitFor } from '@garda/testing';
import { type CustomerThread, newThread, TicketsHarness } from './support';

jest.setTimeout(120_000);

describe('ticket views and search (real Kafka + PostgreSQL)', () => {
  const h = new TicketsHarness();
  const supervisor = () => h.token('supervisor');
  const alice = () => h.token('agent', h.alice);
  const bob = () => h.token('agent', h.bob);
  const tickets: Record<string, TicketDetail> = {};
  const threads: Record<string, CustomerThread> = {};

  const list = async (token: string, query: string) => h.call<TicketPage>('GET', `/tickets?${query}`, token);
  const numbers = (page: TicketPage) => page.items.map((t) => t.number).sort();
  const open = async (key: string, thread: CustomerThread, text: string, agentId?: string) => {
    threads[key] = thread;
    await h.customerWrites(thread, text);
    const routed = await h.waitForEvent(Topics.RoutingRequested, (v) => v.customerId === thread.customerId, `ticket ${key}`);
    if (agentId) {
      await h.routingAssigns(routed, agentId);
      await waitFor(
        async () => (await h.call<TicketDetail>('GET', `/tickets/${String(routed.ticketId)}`, supervisor())).body.status === 'open',
        `${key} open`,
      );
    }
    tickets[key] = (await h.call<TicketDetail>('GET', `/tickets/${String(routed.ticketId)}`, supervisor())).body;
  };

  beforeAll(async () => {
    await h.start();
    await open(
      'billing',
      { ...newThread('email', 'Siti Rahayu'), address: 'siti.rahayu@contoh.co.id', subject: 'Tagihan ganda bulan November' },
      'Saya ditagih dua kali',
      h.alice.id,
    );
    await open('stranded', { ...newThread('webchat', 'Budi Santoso'), address: '+6281234567890' }, 'Where is my refund?');
    await open('parcel', { ...newThread('email', 'Dewi Lestari'), subject: 'Paket belum sampai' }, 'Paket saya belum datang', h.alice.id);
    await open('bobs', newThread('webchat', 'Rina Wijaya'), 'Kartu kredit saya ditolak', h.bob.id);
    await h.call('PATCH', `/tickets/${tickets.parcel!.id}`, alice(), { status: 'pending', tags: ['pengiriman'] });
    // A later message carries the words search must find: the reopened ticket goes pending again.
    await h.customerWrites(threads.parcel!, 'Nomor resi saya JNE987654');
    await waitFor(
      async () => (await h.call<TicketDetail>('GET', `/tickets/${tickets.parcel!.id}`, supervisor())).body.status === 'open',
      'parcel reopened',
    );
    await h.call('PATCH', `/tickets/${tickets.parcel!.id}`, alice(), { status: 'on-hold' });
  });
  afterAll(() => h.stop());

  it("shows an agent their own open and waiting tickets and the unassigned ones, with counts, never a colleague's", async () => {
    expect(numbers((await list(alice(), 'view=my-open')).body)).toEqual([tickets.billing!.number]);
    expect(numbers((await list(alice(), 'view=my-waiting')).body)).toEqual([tickets.parcel!.number]);
    expect(numbers((await list(alice(), 'view=unassigned')).body)).toEqual([tickets.stranded!.number]);
    expect(numbers((await list(alice(), 'view=all-open')).body)).toEqual([tickets.billing!.number, tickets.stranded!.number].sort());
    expect((await list(alice(), 'view=all')).status).toBe(403);
    const counts = (await h.call<TicketViewCounts>('GET', '/tickets/views/counts', alice())).body.counts;
    expect(counts).toEqual({ 'my-open': 1, 'my-waiting': 1, 'my-solved': 0, unassigned: 1, breaching: 0, 'all-open': 2 });
    expect((await h.call<TicketViewCounts>('GET', '/tickets/views/counts', supervisor())).body.counts).toMatchObject({
      'all-open': 3,
      all: 4,
    });
  });

  it('filters everything for a supervisor and refuses an unknown filter value naming it', async () => {
    expect(numbers((await list(supervisor(), 'view=all&status=on-hold,pending')).body)).toEqual([tickets.parcel!.number]);
    expect(numbers((await list(supervisor(), 'view=all&tag=pengiriman')).body)).toEqual([tickets.parcel!.number]);
    expect(numbers((await list(supervisor(), `view=all&assigneeId=${h.bob.id}`)).body)).toEqual([tickets.bobs!.number]);
    expect(numbers((await list(supervisor(), 'view=all&channel=email&queue=billing')).body)).toEqual(
      [tickets.billing!.number, tickets.parcel!.number].sort(),
    );
    const bad = await h.call<{ issues: Array<{ path: string }> }>('GET', '/tickets?view=all&status=waiting', supervisor());
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((issue) => issue.path)).toEqual(['status.0']);
    expect((await h.call('GET', '/tickets?view=everything', supervisor())).status).toBe(400);
    expect((await h.call<{ field: string }>('GET', '/tickets?view=all&cursor=bm9wZQ', supervisor())).body.field).toBe('cursor');
  });

  it('pages through a view with a cursor, each ticket once', async () => {
    const first = (await list(supervisor(), 'view=all&limit=3')).body;
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await list(supervisor(), `view=all&limit=3&cursor=${first.nextCursor}`)).body;
    expect(second.nextCursor).toBeNull();
    expect([...numbers(first), ...numbers(second)].sort()).toEqual(
      Object.values(tickets)
        .map((t) => t.number)
        .sort(),
    );
  });

  it('searches subjects, messages, names, e-mail addresses, phones and numbers, within what the caller may see', async () => {
    const search = async (token: string, q: string) =>
      numbers((await h.call<TicketPage>('GET', `/tickets/search?q=${encodeURIComponent(q)}`, token)).body);
    expect(await search(alice(), 'tagihan ganda')).toEqual([tickets.billing!.number]);
    expect(await search(alice(), 'JNE987654')).toEqual([tickets.parcel!.number]);
    expect(await search(alice(), 'refund')).toEqual([tickets.stranded!.number]);
    expect(await search(alice(), 'budi')).toEqual([tickets.stranded!.number]);
    expect(await search(alice(), 'rahayu@contoh')).toEqual([tickets.billing!.number]);
    expect(await search(alice(), '81234567')).toEqual([tickets.stranded!.number]);
    expect(await search(alice(), `#${tickets.parcel!.number}`)).toEqual([tickets.parcel!.number]);
    // Bob's ticket exists, but not for Alice, nor for another tenant's supervisor.
    expect(await search(alice(), 'kartu kredit')).toEqual([]);
    expect(await search(supervisor(), 'kartu kredit')).toEqual([tickets.bobs!.number]);
    expect(await search(h.token('supervisor', h.alice, h.otherTenantId), 'kartu kredit')).toEqual([]);
    expect((await h.call('GET', '/tickets/search?q=', alice())).status).toBe(400);
  });

  it('lets an agent take an unassigned ticket from a view, once', async () => {
    const taken = await h.call<TicketDetail>('POST', `/tickets/${tickets.stranded!.id}/take`, alice());
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ assigneeId: h.alice.id, status: 'open' });
    expect(taken.body.history.at(-1)).toMatchObject({ field: 'status', to: 'open', actorName: 'Alice', reason: 'taken' });
    expect(taken.body.conversations[0]).toMatchObject({ assignedAgentId: h.alice.id });
    // Now it is Alice's: gone from Bob's sight and from the unassigned view.
    expect((await h.call('POST', `/tickets/${tickets.stranded!.id}/take`, bob())).status).toBe(404);
    expect(numbers((await list(alice(), 'view=my-open')).body)).toContain(tickets.stranded!.number);
    expect((await list(alice(), 'view=unassigned')).body.items).toEqual([]);
  });
});
