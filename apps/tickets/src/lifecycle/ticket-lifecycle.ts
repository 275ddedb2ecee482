import type { TicketActorType, TicketStatus } from '@garda/contracts';

/** What the lifecycle needs to know about a ticket to judge a move. */
export interface TransitionSubject {
  status: TicketStatus;
  assigneeId: string | null;
}

export type TransitionDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Which statuses each status may move to, by anyone allowed to touch the ticket. Who may make the
 * move (a closed ticket is closed by the system or a supervisor) is checked in decideTransition.
 */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'on-hold', 'solved'],
  open: ['pending', 'on-hold', 'solved'],
  pending: ['open', 'on-hold', 'solved'],
  'on-hold': ['open', 'pending', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

/**
 * The one place that says whether a ticket may move from its status to another, and why not.
 * Pure: no I/O, so every caller (HTTP, Kafka handlers, timers) gets the same answer.
 */
export function decideTransition(ticket: TransitionSubject, to: TicketStatus, actor: TicketActorType): TransitionDecision {
  const from = ticket.status;
  if (from === to) return { allowed: false, reason: `the ticket is already ${from}` };
  if (from === 'closed') return { allowed: false, reason: 'a closed ticket is final: a new message opens a follow-up ticket' };
  if (to === 'new') return { allowed: false, reason: 'a ticket never goes back to new' };
  if (!NEXT[from].includes(to)) {
    return { allowed: false, reason: `${article(from)} ${from} ticket cannot become ${to} (it may become ${NEXT[from].join(', ')})` };
  }
  if (to === 'closed' && actor !== 'system' && actor !== 'supervisor' && actor !== 'admin') {
    return { allowed: false, reason: 'solved tickets close by themselves after the tenant period; only a supervisor closes one early' };
  }
  if (to === 'solved' && ticket.assigneeId === null && actor !== 'system') {
    return { allowed: false, reason: 'assign the ticket before solving it, so the survey and reports know who solved it' };
  }
  if (actor === 'customer' && to !== 'open') {
    return { allowed: false, reason: 'a customer can only reopen a ticket' };
  }
  return { allowed: true };
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

/** Statuses in which the team waits for the customer or someone else: no live capacity is held. */
export const PARKED_STATUSES: readonly TicketStatus[] = ['pending', 'on-hold', 'solved', 'closed'];

/** Statuses a customer's message reopens (inside the tenant's reopen window). */
export const REOPENABLE_STATUSES: readonly TicketStatus[] = ['pending', 'on-hold', 'solved'];
