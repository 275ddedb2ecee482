import { Module } from '@nestjs/common';
import { outboundGuardProvider } from '@garda/service-kit';
import { Housekeeping } from './housekeeping';
import { NotificationHandlers } from './notification.handlers';
import { NotificationPrivacyModule } from './privacy/notification-privacy.module';
import { SlaPoliciesController } from './sla/sla-policies.controller';
import { SlaWatch } from './sla/sla-watch';
import { CsatSurveys } from './surveys/csat-surveys';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { WebhookEventHandlers } from './webhooks/webhook-event.handlers';
import { WebhookSecrets } from './webhooks/webhook-secrets';
import { WebhooksController } from './webhooks/webhooks.controller';

@Module({
  imports: [NotificationPrivacyModule],
  controllers: [WebhooksController, SlaPoliciesController, NotificationHandlers, WebhookEventHandlers],
  providers: [outboundGuardProvider, WebhookSecrets, CsatSurveys, SlaWatch, WebhookDispatcher, Housekeeping],
})
export class NotificationsModule {}
