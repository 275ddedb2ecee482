// tickets' lifecycle against real Kafka and PostgreSQL: numbers and history, validation and refused
// moves, a pending ticket that lets the agent's capacity go and reopens on the customer's answer
// (routed to the same agent first), a survey answer that is recorded and routed nowhere, and the
// durable timers (pending → reminder → solved → closed) after which a message opens a follow-up.
import { randomUUID } from 'node:crypto';
import { type TicketDetail, Topics } from '@garda/contracts';
import { waitFor } from '@garda/testing';
import { newThread, TicketsHarness } from './support';

jest.setTimeout(120_000);

describe('ticket lifecycle (real Kafka + PostgreSQL)', () => {
  const h = new TicketsHarness();
  const supervisor = () => h.token('supervisor');
  const alice = () => h.token('agent', h.alice);
  const bob = () => h.token('agent', h.bob);

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  const routedFor = (customerId: string) => h.events(Topics.RoutingRequested, (v) => v.customerId === customerId);
  const ticket = async (id: string) => (await h.call<TicketDetail>('GET', `/tickets/${id}`, supervisor())).body;

  it('numbers a new ticket per tenant, routes it by priority, and opens it when routing assigns it', async () => {
    const thread = newThread('email');
    await h.customerWrites(thread, 'Saya ditagih dua kali bulan ini');
    const created = await h.ticketOf(thread);
    expect(created).toMatchObject({ number: expect.any(Number), status: 'new', priority: 'normal', channel: 'email', queue: 'billing' });
    expect(created.number).toBeGreaterThanOrEqual(1001);
    expect(routedFor(thread.customerId)[0]).toMatchObject({ priority: 25, queue: 'billing' });
    expect((await h.call<TicketDetail>('GET', `/tickets/number/${created.number}`, supervisor())).body.id).toBe(created.id);

    await h.routingAssigns(routedFor(thread.customerId)[0]!, h.alice.id);
    const opened = await waitFor(async () => {
      const t = await ticket(created.id);
      return t.status === 'open' ? t : undefined;
    }, 'the ticket to open on assignment');
    expect(opened.assigneeId).toBe(h.alice.id);
    expect(opened.history.map((e) => [e.field, e.from, e.to, e.actorType])).toEqual([
      ['status', null, 'new', 'customer'],
      ['assignee', null, h.alice.id, 'system'],
      ['status', 'new', 'open', 'system'],
    ]);
  });

  it('refuses unknown values with a 400 naming the field, a refused move with a 409 saying why, and hides what the caller may not see', async () => {
    const thread = newThread('webchat');
    await h.customerWrites(thread, 'Halo, saya butuh bantuan');
    const created = await h.ticketOf(thread);
    await h.routingAssigns(routedFor(thread.customerId)[0]!, h.alice.id);
    await waitFor(async () => (await ticket(created.id)).status === 'open', 'the ticket to open');

    for (const [body, field] of [
      [{ status: 'waiting' }, 'status'],
      [{ priority: 'asap' }, 'priority'],
      [{ tags: ['two words'] }, 'tags.0'],
      [{ colour: 'red' }, ''],
    ] as const) {
      const answer = await h.call<{ issues: Array<{ path: string; message: string }> }>('PATCH', `/tickets/${created.id}`, alice(), body);
      expect(answer.status).toBe(400);
      expect(answer.body.issues.map((issue) => issue.path)).toContain(field);
    }
    const refused = await h.call<{ message: string }>('PATCH', `/tickets/${created.id}`, alice(), { status: 'closed' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('an open ticket cannot become closed (it may become pending, on-hold, solved)');

    // A colleague's ticket and another tenant's are not there at all.
    expect((await h.call('GET', `/tickets/${created.id}`, bob())).status).toBe(404);
    expect((await h.call('PATCH', `/tickets/${created.id}`, bob(), { priority: 'high' })).status).toBe(404);
    expect((await h.call('GET', `/tickets/${created.id}`, h.token('admin', h.alice, h.otherTenantId))).status).toBe(404);
    expect((await h.call('GET', `/tickets/${randomUUID()}`, supervisor())).status).toBe(404);

    const after = await ticket(created.id);
    expect(after).toMatchObject({ status: 'open', priority: 'normal', tags: [] });
    expect(after.history).toHaveLength(3);
  });

  it('keeps a closed tag vocabulary when the tenant has one', async () => {
    const admin = h.token('admin');
    const thread = newThread('webchat');
    await h.customerWrites(thread, 'Pertanyaan tentang paket');
    const created = await h.ticketOf(thread);
    expect((await h.call('PUT', '/ticket-settings', alice(), { freeTags: false })).status).toBe(403);
    expect((await h.call('PUT', '/ticket-settings', admin, { tagVocabulary: ['refund', 'tagihan'], freeTags: false })).status).toBe(200);
    const unknown = await h.call<{ field: string; message: string }>('PATCH', `/tickets/${created.id}`, supervisor(), {
      tags: ['tagihan', 'vip'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ field: 'tags', message: "not in the tenant's tag list: vip" });
    const tagged = await h.call<TicketDetail>('PATCH', `/tickets/${created.id}`, supervisor(), {
      tags: ['Tagihan'],
      priority: 'high',
      type: 'incident',
    });
    expect(tagged.body).toMatchObject({ tags: ['tagihan'], priority: 'high', type: 'incident' });
    expect(tagged.body.history.slice(-3).map((e) => [e.field, e.to, e.actorName])).toEqual([
      ['tags', 'tagihan', 'Alice'],
      ['priority', 'high', 'Alice'],
      ['type', 'incident', 'Alice'],
    ]);
    await h.call('PUT', '/ticket-settings', admin, { tagVocabulary: [], freeTags: true });
  });

  it('lets a pending ticket go of the live conversation and reopens the same ticket in the same thread when the customer answers', async () => {
    const thread = newThread('email');
    await h.customerWrites(thread, 'Paket saya belum sampai');
    const created = await h.ticketOf(thread);
    const firstRoute = routedFor(thread.customerId)[0]!;
    await h.routingAssigns(firstRoute, h.alice.id);
    await waitFor(async () => (await ticket(created.id)).status === 'open', 'the ticket to open');

    const pending = await h.call<TicketDetail>('PATCH', `/tickets/${created.id}`, alice(), { status: 'pending' });
    expect(pending.status).toBe(200);
    // The agent's capacity is freed (routing hears the conversation closed), and no survey is due.
    const released = await h.waitForEvent(Topics.ConversationClosed, (v) => v.ticketId === created.id, 'the conversation to be let go');
    expect(released).toMatchObject({ ticketStatus: 'pending', agentId: h.alice.id, contactId: firstRoute.contactId });

    await h.customerWrites(thread, 'Nomor resinya JNE123456');
    const reroute = await waitFor(() => routedFor(thread.customerId)[1], 'the reopened ticket to be routed again');
    expect(reroute).toMatchObject({ ticketId: created.id, conversationId: firstRoute.conversationId, preferredAgentId: h.alice.id });
    expect(reroute.contactId).not.toBe(firstRoute.contactId);
    const reopened = await ticket(created.id);
    expect(reopened.status).toBe('open');
    expect(reopened.conversations).toEqual([expect.objectContaining({ id: firstRoute.conversationId, status: 'open' })]);
    expect(reopened.history.at(-1)).toMatchObject({
      field: 'status',
      from: 'pending',
      to: 'open',
      actorType: 'customer',
      reason: 'reopened-by-customer',
    });
  });

  it('records a survey answer on the solved ticket without reopening or routing it', async () => {
    const thread = newThread('webchat');
    await h.customerWrites(thread, 'Bagaimana cara ganti kata sandi?');
    const created = await h.ticketOf(thread);
    const route = routedFor(thread.customerId)[0]!;
    await h.routingAssigns(route, h.alice.id);
    await waitFor(async () => (await ticket(created.id)).status === 'open', 'the ticket to open');
    expect(
      (await h.call('POST', `/conversations/${String(route.conversationId)}/close`, alice(), { disposition: 'Resolved' })).status,
    ).toBe(201);
    await waitFor(async () => (await ticket(created.id)).status === 'solved', 'wrap-up to solve the ticket');

    await h.customerWrites(thread, '4 - cepat, terima kasih');
    const answer = await h.waitForEvent(Topics.SurveyAnswered, (v) => v.ticketId === created.id, 'the survey answer');
    expect(answer).toMatchObject({ kind: 'csat', score: 4, comment: 'cepat, terima kasih', agentId: h.alice.id, number: created.number });
    const rated = await ticket(created.id);
    expect(rated).toMatchObject({ status: 'solved', survey: { kind: 'csat', score: 4, comment: 'cepat, terima kasih' } });
    expect(routedFor(thread.customerId)).toHaveLength(1);

    // A real message after the answer still reopens the ticket.
    await h.customerWrites(thread, 'Maaf, satu pertanyaan lagi');
    await waitFor(() => routedFor(thread.customerId)[1], 'the reopened ticket to be routed');
    expect((await ticket(created.id)).status).toBe('open');
  });

  it('reminds a silent pending customer, solves the ticket, closes it after the tenant period, and opens a follow-up for a later message', async () => {
    const admin = h.token('admin');
    expect(
      (
        await h.call('PUT', '/ticket-settings', admin, {
          pendingReminderSeconds: 1,
          pendingSolveSeconds: 1,
          autoCloseSeconds: 2,
          pendingReminderText: 'Kami menunggu balasan Anda.',
        })
      ).status,
    ).toBe(200);
    const thread = newThread('email');
    await h.customerWrites(thread, 'Faktur saya salah');
    const created = await h.ticketOf(thread);
    await h.routingAssigns(routedFor(thread.customerId)[0]!, h.alice.id);
    await waitFor(async () => (await ticket(created.id)).status === 'open', 'the ticket to open');
    expect((await h.call('PATCH', `/tickets/${created.id}`, alice(), { status: 'pending' })).status).toBe(200);

    const reminder = await h.waitForEvent(
      Topics.OutboundMessage,
      (v) => v.text === 'Kami menunggu balasan Anda.' && (v.recipient as { value: string }).value === thread.address,
      'the pending reminder',
    );
    expect(reminder).toMatchObject({ channel: 'email', threadKey: thread.threadKey });
    const closed = await waitFor(async () => {
      const t = await ticket(created.id);
      return t.status === 'closed' ? t : undefined;
    }, 'the ticket to be solved and then closed by its timers');
    expect(closed.history.filter((e) => e.field === 'status').map((e) => [e.to, e.reason])).toEqual([
      ['new', null],
      ['open', 'assigned-by-routing'],
      ['pending', null],
      ['solved', 'pending-expired'],
      ['closed', 'auto-close'],
    ]);
    expect((await h.call<{ message: string }>('PATCH', `/tickets/${created.id}`, supervisor(), { status: 'open' })).body.message).toContain(
      'follow-up',
    );

    await h.customerWrites(thread, 'Faktur yang baru juga salah');
    const followUp = await waitFor(() => routedFor(thread.customerId)[1], 'a follow-up ticket to be routed');
    expect(followUp.ticketId).not.toBe(created.id);
    expect(await ticket(String(followUp.ticketId))).toMatchObject({ status: 'new', followUpOf: created.id, number: expect.any(Number) });
    await h.call('PUT', '/ticket-settings', admin, {
      pendingReminderSeconds: 86_400,
      pendingSolveSeconds: 86_400,
      autoCloseSeconds: 345_600,
    });
  });
});
