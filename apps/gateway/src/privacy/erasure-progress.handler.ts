import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ErasureCompletedV1, Topics } from '@garda/contracts';
import { auditPrivacyAct, type EventContext, EventPattern, LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import { ErasureRequests } from './erasure-requests';

/** Collects the services' reports; the request shows done when the last one arrives. */
@Controller()
export class ErasureProgressHandler {
  constructor(
    @Inject(ErasureRequests) private readonly requests: ErasureRequests,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @EventPattern(Topics.ErasureCompleted)
  async completed(@Payload() report: ErasureCompletedV1, @Ctx() { manager }: EventContext): Promise<void> {
    if (await this.requests.recordCompletion(manager, report)) {
      auditPrivacyAct(this.logger, 'privacy.erasure-completed', { tenantId: report.tenantId, requestId: report.requestId });
    }
  }
}
