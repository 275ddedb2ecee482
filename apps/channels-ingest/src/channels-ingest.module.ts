import { type DynamicModule, Module } from '@nestjs/common';
import { outboundGuardProvider, RateLimitsModule, type ServiceRuntime } from '@garda/service-kit';
import { ChannelAccountsController } from './accounts/channel-accounts.controller';
import { ChannelAccountsService } from './accounts/channel-accounts.service';
import { SecretBox } from './accounts/secret-box';
import type { ChannelsIngestConfig } from './channels-ingest.config';
import { DeliveryTracker } from './delivery/delivery-tracker';
import { RETRY_POLICY, type RetryPolicy } from './delivery/http-delivery';
import { InboundPublisher } from './inbound/inbound-publisher';
import { InboundRawController } from './inbound/inbound-raw.controller';
import { WebhookIngest } from './inbound/webhook-ingest';
import { CHANNEL_SENDERS, type ChannelSender } from './outbound/channel-sender';
import { OutboundDispatcher } from './outbound/outbound-dispatcher';
import { EmailSender } from './providers/email/email.sender';
import { SMTP_TLS, SmtpListener } from './providers/email/smtp-listener';
import { smtpTlsFrom } from './providers/email/smtp-tls';
import { InstagramSender, MessengerSender } from './providers/messenger/meta-send-api.sender';
import { MetaWebhookController } from './providers/meta/meta-webhook.controller';
import { TelegramSender } from './providers/telegram/telegram.sender';
import { TelegramWebhookController } from './providers/telegram/telegram-webhook.controller';
import { TwilioSmsSender } from './providers/twilio/twilio.sender';
import { TwilioWebhookController } from './providers/twilio/twilio-webhook.controller';
import { WhatsAppSender } from './providers/whatsapp/whatsapp.sender';
import { sessionTokensProvider } from './webchat/session-tokens.provider';
import { WebchatController } from './webchat/webchat.controller';
import { WebchatGateway } from './webchat/webchat.gateway';
import { WebchatSender } from './webchat/webchat.sender';
import { WebchatService } from './webchat/webchat.service';
import { WebchatLimits } from './webchat/webchat-limits';
import { WebchatSessionGuard } from './webchat/webchat-session.guard';

const SENDERS = [WebchatSender, WhatsAppSender, MessengerSender, InstagramSender, TwilioSmsSender, TelegramSender, EmailSender];

@Module({})
export class ChannelsIngestModule {
  static register(runtime: ServiceRuntime<ChannelsIngestConfig>): DynamicModule {
    const config = runtime.config;
    const retryPolicy: RetryPolicy = {
      attempts: config.OUTBOUND_RETRY_ATTEMPTS,
      baseDelayMs: config.OUTBOUND_RETRY_BASE_MS,
      maxDelayMs: config.OUTBOUND_RETRY_MAX_MS,
      timeoutMs: config.OUTBOUND_TIMEOUT_MS,
      budgetMs: config.OUTBOUND_RETRY_BUDGET_MS,
    };
    // Read at start, so a wrong certificate stops the service with a clear message.
    const smtpTls = smtpTlsFrom(config);
    return {
      module: ChannelsIngestModule,
      imports: [RateLimitsModule],
      controllers: [
        WebchatController,
        MetaWebhookController,
        TwilioWebhookController,
        TelegramWebhookController,
        ChannelAccountsController,
        InboundRawController,
      ],
      providers: [
        { provide: SecretBox, useValue: new SecretBox(config.CHANNELS_SECRET_KEY) },
        { provide: RETRY_POLICY, useValue: retryPolicy },
        outboundGuardProvider,
        ...(smtpTls ? [{ provide: SMTP_TLS, useValue: smtpTls }] : []),
        sessionTokensProvider(config),
        ChannelAccountsService,
        InboundPublisher,
        DeliveryTracker,
        WebhookIngest,
        WebchatLimits,
        WebchatService,
        WebchatSessionGuard,
        WebchatGateway,
        SmtpListener,
        ...SENDERS,
        { provide: CHANNEL_SENDERS, useFactory: (...senders: ChannelSender[]) => senders, inject: SENDERS },
        OutboundDispatcher,
      ],
    };
  }
}
