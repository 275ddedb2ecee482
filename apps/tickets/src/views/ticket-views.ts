import type { AuthClaims, TicketListQuery, TicketStatus, TicketView } from '@garda/contracts';
import { ForbiddenError, InvalidInputError } from '@garda/service-kit';
import type { SelectQueryBuilder } from 'typeorm';
import type { TicketEntity } from '../conversations/ticket.entity';

const WORKING: TicketStatus[] = ['new', 'open'];
const WAITING: TicketStatus[] = ['pending', 'on-hold'];
const UNSOLVED: TicketStatus[] = ['new', 'open', 'pending', 'on-hold'];
/** "Solved recently": what the agent solved in the last week. */
const RECENT_SOLVED_MS = 7 * 86_400_000;
/** "Breaching": an SLA deadline within the next hour (or already past). */
const BREACHING_WITHIN_MS = 3_600_000;

export const AGENT_VIEWS: TicketView[] = ['my-open', 'my-waiting', 'my-solved', 'unassigned', 'breaching', 'all-open'];
export const SUPERVISOR_VIEWS: TicketView[] = [...AGENT_VIEWS, 'all'];

/** The order of a view: most recently changed first, or soonest deadline first for "breaching". */
export const orderOf = (view: TicketView): 'updated' | 'deadline' => (view === 'breaching' ? 'deadline' : 'updated');

/**
 * Narrows a query on `t` (tickets) to one view for one caller, always within their tenant and what
 * their role may see (ticket-access.ts: agents, their own and the unassigned).
 */
export function applyView(
  qb: SelectQueryBuilder<TicketEntity>,
  user: AuthClaims,
  query: Omit<TicketListQuery, 'cursor' | 'limit'>,
  now: Date,
) {
  if (query.view === 'all' && user.role === 'agent') throw new ForbiddenError('the "all" view is for supervisors');
  qb.where('t.tenant_id = :tenantId', { tenantId: user.tenantId });
  if (user.role === 'agent') qb.andWhere('(t.assignee_id = :me OR t.assignee_id IS NULL)', { me: user.sub });
  switch (query.view) {
    case 'my-open':
      qb.andWhere('t.assignee_id = :self AND t.status IN (:...working)', { self: user.sub, working: WORKING });
      break;
    case 'my-waiting':
      qb.andWhere('t.assignee_id = :self AND t.status IN (:...waiting)', { self: user.sub, waiting: WAITING });
      break;
    case 'my-solved':
      qb.andWhere("t.assignee_id = :self AND t.status = 'solved' AND t.updated_at > :since", {
        self: user.sub,
        since: new Date(now.getTime() - RECENT_SOLVED_MS),
      });
      break;
    case 'unassigned':
      qb.andWhere('t.assignee_id IS NULL AND t.status IN (:...unsolved)', { unsolved: UNSOLVED });
      break;
    case 'breaching':
      qb.andWhere('t.sla_due_at IS NOT NULL AND t.sla_due_at <= :soon AND t.status IN (:...unsolved)', {
        soon: new Date(now.getTime() + BREACHING_WITHIN_MS),
        unsolved: UNSOLVED,
      });
      break;
    case 'all-open':
      qb.andWhere('t.status IN (:...working)', { working: WORKING });
      break;
    case 'all':
      break;
  }
  if (query.queue) qb.andWhere('t.queue = :queue', { queue: query.queue });
  if (query.assigneeId) qb.andWhere('t.assignee_id = :assigneeId', { assigneeId: query.assigneeId });
  if (query.status?.length) qb.andWhere('t.status IN (:...status)', { status: query.status });
  if (query.priority?.length) qb.andWhere('t.priority IN (:...priority)', { priority: query.priority });
  if (query.tag) qb.andWhere(':tag = ANY(t.tags)', { tag: query.tag });
  if (query.channel) qb.andWhere('t.channel = :channel', { channel: query.channel });
  if (query.createdFrom) qb.andWhere('t.created_at >= :createdFrom', { createdFrom: query.createdFrom });
  if (query.createdTo) qb.andWhere('t.created_at < :createdTo', { createdTo: query.createdTo });
  return qb;
}

/** Keyset pagination: the cursor is the last row's sort value (full precision, as text) and id. */
export function encodeCursor(sortValue: string, id: string): string {
  return Buffer.from(JSON.stringify([sortValue, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && /^[0-9a-f-]{36}$/.test(String(value[1]))) {
      if (!Number.isNaN(Date.parse(value[0]))) return [value[0], String(value[1])];
    }
  } catch {
    // fall through to the caller's error
  }
  throw new InvalidInputError('cursor', 'not a cursor this API gave out');
}
