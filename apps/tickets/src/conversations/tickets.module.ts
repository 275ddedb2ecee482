import { Module } from '@nestjs/common';
import { AssignmentHandler } from './assignment.handler';
import { ConversationsController } from './conversations.controller';
import { DeliveryStatusHandler } from './delivery-status.handler';
import { ReplyHandler } from './reply.handler';
import { ThreadingHandler } from './threading.handler';
import { TypingRelayHandler } from './typing-relay.handler';

@Module({ controllers: [ConversationsController], providers: [ThreadingHandler, AssignmentHandler, ReplyHandler, DeliveryStatusHandler, TypingRelayHandler] })
export class TicketsModule {}
