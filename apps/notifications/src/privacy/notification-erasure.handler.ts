import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ErasureRequestedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern, reportErasure } from '@garda/service-kit';
import { eraseNotifications } from './notification-privacy.repository';

@Controller()
export class NotificationErasureHandler {
  @EventPattern(Topics.ErasureRequested)
  async erase(@Payload() request: ErasureRequestedV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const rows = await eraseNotifications(manager, request.tenantId, request.subject);
    await reportErasure(publish, request, 'notifications', rows);
  }
}
