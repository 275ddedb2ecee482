import { Module } from '@nestjs/common';
import { CustomerHistoryController } from '../customers/customer-history.controller';
import { TicketPrivacyModule } from '../privacy/ticket-privacy.module';
import { AssignmentHandler } from './assignment.handler';
import { CallEventHandler } from './call-event.handler';
import { ConversationsController } from './conversations.controller';
import { DeliveryStatusHandler } from './delivery-status.handler';
import { ReplyHandler } from './reply.handler';
import { ThreadingHandler } from './threading.handler';
import { TransferHandler } from './transfer.handler';
import { TypingRelayHandler } from './typing-relay.handler';

@Module({
  imports: [TicketPrivacyModule],
  controllers: [
    ConversationsController,
    CustomerHistoryController,
    ThreadingHandler,
    AssignmentHandler,
    TransferHandler,
    ReplyHandler,
    DeliveryStatusHandler,
    TypingRelayHandler,
    CallEventHandler,
  ],
})
export class TicketsModule {}
