import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ErasureRequestedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern, reportErasure } from '@garda/service-kit';
import { eraseRoutingContacts } from './routing-privacy.repository';

/**
 * Anonymises the database rows. A contact still waiting keeps the name in the tenant's in-memory
 * engine until it is answered or abandoned (minutes); offers made from then on carry no preview
 * once routing reloads the tenant, which every restart and rebalance does.
 */
@Controller()
export class RoutingErasureHandler {
  @EventPattern(Topics.ErasureRequested)
  async erase(@Payload() request: ErasureRequestedV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const rows = await eraseRoutingContacts(manager, request.tenantId, request.subject.customerId);
    await reportErasure(publish, request, 'routing', rows);
  }
}
