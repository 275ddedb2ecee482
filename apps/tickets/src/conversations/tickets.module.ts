import { Module } from '@nestjs/common';
import { CustomerHistoryController } from '../customers/customer-history.controller';
import { AssignmentHandler } from './assignment.handler';
import { ConversationsController } from './conversations.controller';
import { DeliveryStatusHandler } from './delivery-status.handler';
import { ReplyHandler } from './reply.handler';
import { ThreadingHandler } from './threading.handler';
import { TransferHandler } from './transfer.handler';
import { TypingRelayHandler } from './typing-relay.handler';

@Module({
  controllers: [
    ConversationsController,
    CustomerHistoryController,
    ThreadingHandler,
    AssignmentHandler,
    TransferHandler,
    ReplyHandler,
    DeliveryStatusHandler,
    TypingRelayHandler,
  ],
})
export class TicketsModule {}
