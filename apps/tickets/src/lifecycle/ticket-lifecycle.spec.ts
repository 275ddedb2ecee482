import type { TicketStatus } from '@garda/contracts';
import { decideTransition } from './ticket-lifecycle';

const ticket = (status: TicketStatus, assigneeId: string | null = 'agent-1') => ({ status, assigneeId });

describe(decideTransition.name, () => {
  it('lets an agent work a ticket through open, pending, on-hold and solved', () => {
    expect(decideTransition(ticket('new'), 'open', 'agent')).toEqual({ allowed: true });
    expect(decideTransition(ticket('open'), 'pending', 'agent')).toEqual({ allowed: true });
    expect(decideTransition(ticket('pending'), 'on-hold', 'agent')).toEqual({ allowed: true });
    expect(decideTransition(ticket('on-hold'), 'open', 'agent')).toEqual({ allowed: true });
    expect(decideTransition(ticket('open'), 'solved', 'agent')).toEqual({ allowed: true });
  });

  it('lets a customer reopen a pending, on-hold or solved ticket, and nothing else', () => {
    for (const from of ['pending', 'on-hold', 'solved'] as const) {
      expect(decideTransition(ticket(from), 'open', 'customer')).toEqual({ allowed: true });
    }
    const refused = decideTransition(ticket('open'), 'solved', 'customer');
    expect(refused).toEqual({ allowed: false, reason: 'a customer can only reopen a ticket' });
  });

  it('refuses every move out of closed and says a follow-up is the way', () => {
    for (const to of ['new', 'open', 'pending', 'on-hold', 'solved'] as const) {
      const decision = decideTransition(ticket('closed'), to, 'admin');
      expect(decision.allowed).toBe(false);
      expect(decision).toMatchObject({ reason: expect.stringContaining('follow-up') });
    }
  });

  it('closes a solved ticket for the system or a supervisor, never for an agent', () => {
    expect(decideTransition(ticket('solved'), 'closed', 'system')).toEqual({ allowed: true });
    expect(decideTransition(ticket('solved'), 'closed', 'supervisor')).toEqual({ allowed: true });
    expect(decideTransition(ticket('solved'), 'closed', 'agent')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('close by themselves'),
    });
  });

  it('refuses to close a ticket that is not solved yet, naming where it may go', () => {
    expect(decideTransition(ticket('open'), 'closed', 'system')).toEqual({
      allowed: false,
      reason: 'an open ticket cannot become closed (it may become pending, on-hold, solved)',
    });
  });

  it('asks for an assignee before a person solves a ticket, but lets a timer solve an unanswered pending one', () => {
    expect(decideTransition(ticket('open', null), 'solved', 'supervisor')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('assign'),
    });
    expect(decideTransition(ticket('pending', null), 'solved', 'system')).toEqual({ allowed: true });
  });

  it('refuses a move to the same status and any move back to new', () => {
    expect(decideTransition(ticket('pending'), 'pending', 'agent')).toEqual({ allowed: false, reason: 'the ticket is already pending' });
    expect(decideTransition(ticket('open'), 'new', 'supervisor')).toEqual({ allowed: false, reason: 'a ticket never goes back to new' });
  });
});
