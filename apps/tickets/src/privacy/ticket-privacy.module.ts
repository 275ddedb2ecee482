import { Module } from '@nestjs/common';
import { RetentionPolicyHandler } from '@garda/service-kit';
import { TicketRetention } from './retention/ticket-retention';
import { TicketErasureHandler } from './ticket-erasure.handler';
import { TicketPrivacyController } from './ticket-privacy.controller';

@Module({ controllers: [TicketPrivacyController, TicketErasureHandler, RetentionPolicyHandler], providers: [TicketRetention] })
export class TicketPrivacyModule {}
