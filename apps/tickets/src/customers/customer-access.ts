import { ForbiddenException } from '@nestjs/common';
import type { AuthClaims } from '@garda/contracts';
import type { DataSource } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';

/**
 * Who may read what tickets knows about a customer (tickets, history, and — through the gateway —
 * the customer service's profile): supervisors and admins, anyone in their tenant; an agent, only
 * a customer with a conversation assigned to them (open or closed), because tickets is the service
 * that knows who handles whom. Always within the caller's tenant.
 */
export async function assertMayReadCustomer(dataSource: DataSource, user: AuthClaims, customerId: string): Promise<'tenant' | 'assigned'> {
  if (user.role !== 'agent') return 'tenant';
  const assigned = await dataSource
    .getRepository(ConversationEntity)
    .existsBy({ tenantId: user.tenantId, customerId, assignedAgentId: user.sub });
  if (!assigned) throw new ForbiddenException('This customer has no conversation assigned to you');
  return 'assigned';
}
