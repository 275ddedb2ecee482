import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ErasureRequestedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern, reportErasure } from '@garda/service-kit';
import { eraseCustomer } from './customer-privacy.repository';

@Controller()
export class CustomerErasureHandler {
  @EventPattern(Topics.ErasureRequested)
  async erase(@Payload() request: ErasureRequestedV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const rows = await eraseCustomer(manager, request.tenantId, request.subject.customerId);
    await reportErasure(publish, request, 'customers', rows);
  }
}
