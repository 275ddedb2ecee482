import { Module } from '@nestjs/common';
import { TicketErasureHandler } from './ticket-erasure.handler';
import { TicketPrivacyController } from './ticket-privacy.controller';

@Module({ controllers: [TicketPrivacyController, TicketErasureHandler] })
export class TicketPrivacyModule {}
