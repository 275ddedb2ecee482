import { Module } from '@nestjs/common';
import { CustomerHistoryController } from '../customers/customer-history.controller';
import { TicketPrivacyModule } from '../privacy/ticket-privacy.module';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { TicketSettings } from '../settings/ticket-settings';
import { TicketSettingsController } from '../settings/ticket-settings.controller';
import { StrandedContactHandler } from '../stranded/stranded-contact.handler';
import { SurveyCapture } from '../surveys/survey-capture';
import { TicketsController } from '../tickets/tickets.controller';
import { TicketTimerWorker } from '../timers/ticket-timer.worker';
import { TicketViewsController } from '../views/ticket-views.controller';
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
    // Before TicketsController: its GET :id would otherwise take /tickets/search.
    TicketViewsController,
    TicketsController,
    TicketSettingsController,
    ThreadingHandler,
    AssignmentHandler,
    TransferHandler,
    ReplyHandler,
    DeliveryStatusHandler,
    TypingRelayHandler,
    CallEventHandler,
    StrandedContactHandler,
  ],
  providers: [TicketSettings, TicketWriter, SurveyCapture, TicketTimerWorker],
})
export class TicketsModule {}
