import type { AuthClaims } from '@garda/contracts';
import { NotFoundError } from '@garda/service-kit';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { TicketEntity } from '../conversations/ticket.entity';

/**
 * Who sees a ticket: supervisors and admins, every ticket of their tenant; an agent, the tickets
 * assigned to them and the unassigned ones (to take from a view). Anything else — another tenant's
 * ticket or a colleague's — is answered as if it did not exist (404), so ids cannot be probed.
 */
export const mayAgentSee = (user: AuthClaims, ticket: Pick<TicketEntity, 'assigneeId'>) =>
  user.role !== 'agent' || ticket.assigneeId === null || ticket.assigneeId === user.sub;

export async function findVisibleTicket(
  manager: EntityManager,
  user: AuthClaims,
  where: FindOptionsWhere<TicketEntity>,
  options: { lock?: boolean } = {},
): Promise<TicketEntity> {
  const ticket = await manager
    .getRepository(TicketEntity)
    .findOne({ where: { ...where, tenantId: user.tenantId }, ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!ticket || !mayAgentSee(user, ticket)) throw new NotFoundError('No such ticket');
  return ticket;
}
