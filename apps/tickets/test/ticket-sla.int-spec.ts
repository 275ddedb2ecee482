// SLA clocks against real Kafka and PostgreSQL: targets per priority, the earliest running
// deadline on the ticket, a warning and a breach on Kafka, the breaching view, the first answer
// stopping "first response", pending stopping the resolution clock, and business hours.
import { randomUUID } from 'node:crypto';
import { type TicketDetail, type TicketPage, Topics } from '@garda/contracts';
import { waitFor } from '@garda/testing';
import { newThread, TicketsHarness } from './support';

jest.setTimeout(120_000);

describe('SLA clocks (real Kafka + PostgreSQL)', () => {
  const h = new TicketsHarness();
  const admin = () => h.token('admin');
  const supervisor = () => h.token('supervisor');
  const alice = () => h.token('agent', h.alice);
  const ticket = async (id: string) => (await h.call<TicketDetail>('GET', `/tickets/${id}`, supervisor())).body;
  const opened = async (text: string) => {
    const thread = newThread('email');
    await h.customerWrites(thread, text);
    const routed = await h.waitForEvent(Topics.RoutingRequested, (v) => v.customerId === thread.customerId, 'the ticket');
    return { thread, routed, ticket: await ticket(String(routed.ticketId)) };
  };

  beforeAll(() => h.start());
  afterAll(() => h.stop());

  it('validates policies and lets only admins set them', async () => {
    const bad = await h.call<{ issues: Array<{ path: string }> }>('PUT', '/sla/policies', admin(), { policies: [{ priority: 'asap' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i) => i.path)).toEqual(['policies.0.priority']);
    expect((await h.call('PUT', '/sla/policies', alice(), { policies: [] })).status).toBe(403);
    const twice = await h.call<{ field: string }>('PUT', '/sla/policies', admin(), {
      policies: [{ priority: 'high' }, { priority: 'high' }],
    });
    expect(twice).toMatchObject({ status: 400, body: { field: 'policies' } });
  });

  it('counts down to the first response, warns before it, announces the breach and shows it in the breaching view', async () => {
    // Warned 29 s before a 30 s target: the warning comes at once, the breach half a minute later.
    expect((await h.call('PUT', '/sla/calendar', admin(), { warningSeconds: 29 })).status).toBe(200);
    const policies = await h.call('PUT', '/sla/policies', admin(), {
      policies: [
        { firstResponseSeconds: 2, resolutionSeconds: 86_400 },
        { priority: 'urgent', firstResponseSeconds: 600 },
      ],
    });
    expect(policies.status).toBe(200);
    const { ticket: created } = await opened('Akun saya diblokir');
    expect(created.slaDueAt).not.toBeNull();
    expect(new Date(created.slaDueAt!).getTime() - new Date(created.createdAt).getTime()).toBeLessThanOrEqual(30_000);

    const warning = await h.waitForEvent(Topics.SlaWarning, (v) => v.ticketId === created.id, 'the SLA warning');
    expect(warning).toMatchObject({ metric: 'first-response', number: created.number, dueAt: created.slaDueAt });
    const breach = await h.waitForEvent(Topics.SlaBreached, (v) => v.ticketId === created.id, 'the SLA breach');
    expect(breach).toMatchObject({ metric: 'first-response', dueAt: created.slaDueAt });
    const breaching = await h.call<TicketPage>('GET', '/tickets?view=breaching', supervisor());
    expect(breaching.body.items.map((t) => t.id)).toContain(created.id);
  });

  it("stops first response at the agent's first answer, and stops the resolution clock while pending", async () => {
    await h.call('PUT', '/sla/policies', admin(), { policies: [{ firstResponseSeconds: 3_600, resolutionSeconds: 7_200 }] });
    const { routed, ticket: created } = await opened('Pesanan saya dibatalkan sendiri');
    expect(created).toMatchObject({ slaDueAt: expect.any(String) });
    await h.routingAssigns(routed, h.alice.id);
    await waitFor(async () => (await ticket(created.id)).status === 'open', 'the ticket to open');
    await h.publish(Topics.ReplySubmitted, {
      tenantId: h.tenantId,
      agentId: h.alice.id,
      agentName: 'Alice',
      conversationId: String(routed.conversationId),
      messageId: randomUUID(),
      text: 'Kami sedang memeriksanya',
      internal: false,
      submittedAt: new Date().toISOString(),
    });
    const answered = await waitFor(async () => {
      const t = await ticket(created.id);
      return t.slaDueAt !== created.slaDueAt ? t : undefined;
    }, 'the first response to stop its clock');
    // Now only resolution runs: two hours from creation.
    expect(new Date(answered.slaDueAt!).getTime() - new Date(created.createdAt).getTime()).toBeGreaterThan(7_000_000);

    const pending = await h.call<TicketDetail>('PATCH', `/tickets/${created.id}`, alice(), { status: 'pending' });
    expect(pending.body.slaDueAt).toBeNull();
    const reopened = await h.call<TicketDetail>('PATCH', `/tickets/${created.id}`, alice(), { status: 'open' });
    expect(reopened.body.slaDueAt).not.toBeNull();
    expect(new Date(reopened.body.slaDueAt!).getTime()).toBeGreaterThanOrEqual(new Date(answered.slaDueAt!).getTime() - 1_000);
  });

  it("counts only the tenant's business hours: a target asked outside them starts on the next open day", async () => {
    const tomorrowPlusOne = (new Date().getUTCDay() + 2) % 7;
    await h.call('PUT', '/sla/calendar', admin(), { weekly: { [String(tomorrowPlusOne)]: [[540, 1020]] }, warningSeconds: 900 });
    await h.call('PUT', '/sla/policies', admin(), { policies: [{ firstResponseSeconds: 3_600 }] });
    const { ticket: created } = await opened('Saya butuh faktur pajak');
    const due = new Date(created.slaDueAt!);
    expect(due.getUTCDay()).toBe(tomorrowPlusOne);
    expect(due.getUTCHours()).toBe(10);
    await h.call('PUT', '/sla/calendar', admin(), { weekly: null });
  });
});
