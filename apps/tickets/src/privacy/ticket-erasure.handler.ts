import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ErasureRequestedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern, reportErasure } from '@garda/service-kit';
import { eraseTickets } from './ticket-privacy.repository';

@Controller()
export class TicketErasureHandler {
  @EventPattern(Topics.ErasureRequested)
  async erase(@Payload() request: ErasureRequestedV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const rows = await eraseTickets(manager, request.tenantId, request.subject.customerId);
    await reportErasure(publish, request, 'tickets', rows);
  }
}
