import { Module } from '@nestjs/common';
import { CONFIG, outboundGuardProvider, RateLimitsModule } from '@garda/service-kit';
import { ChannelAccountsController } from './accounts/channel-accounts.controller';
import { ChannelAccountsService } from './accounts/channel-accounts.service';
import { SecretBox, secretBoxFor } from './accounts/secret-box';
import type { ChannelsIngestConfig } from './channels-ingest.config';
import { DeliveryTracker } from './delivery/delivery-tracker';
import { RETRY_POLICY, type RetryPolicy } from './delivery/http-delivery';
import { MediaController } from './attachments/media.controller';
import { MediaService } from './attachments/media.service';
import { mediaProviders } from './attachments/media-store.provider';
import { OutboundAttachments } from './attachments/outbound-attachments';
import { ProviderMedia } from './attachments/provider-media';
import { WebchatAttachmentsController } from './attachments/webchat-attachments.controller';
import { ConversationEventsHandler } from './inbound/conversation-events.handler';
import { InboundPublisher } from './inbound/inbound-publisher';
import { InboundRawController } from './inbound/inbound-raw.controller';
import { WebhookIngest } from './inbound/webhook-ingest';
import { CHANNEL_SENDERS, type ChannelSender } from './outbound/channel-sender';
import { OutboundDispatcher } from './outbound/outbound-dispatcher';
import { SendOnce } from './outbound/send-once/send-once';
import { ChannelPrivacyModule } from './privacy/channel-privacy.module';
import { EmailSender } from './providers/email/email.sender';
import { ImapMailboxController } from './providers/email/imap/imap-mailbox.controller';
import { ImapPoller } from './providers/email/imap/imap-poller';
import { OAuth2Tokens } from './providers/email/imap/oauth2-tokens';
import { MailIngest } from './providers/email/mail-ingest';
import { SignaturesController } from './providers/email/html/signatures';
import { SMTP_TLS, SmtpListener } from './providers/email/smtp-listener';
import { smtpTlsFrom } from './providers/email/smtp-tls';
import { InstagramSender, MessengerSender } from './providers/messenger/meta-send-api.sender';
import { MetaWebhookController } from './providers/meta/meta-webhook.controller';
import { TelegramSender } from './providers/telegram/telegram.sender';
import { TelegramWebhookController } from './providers/telegram/telegram-webhook.controller';
import { TwilioSmsSender } from './providers/twilio/twilio.sender';
import { TwilioWebhookController } from './providers/twilio/twilio-webhook.controller';
import { VoiceAgentsController } from './providers/voice/voice-agents.controller';
import { VoiceCalls } from './providers/voice/voice-calls.service';
import { VoiceWebhookController } from './providers/voice/voice-webhook.controller';
import { WhatsAppTemplatesController } from './providers/whatsapp/templates/whatsapp-templates.controller';
import { WhatsAppTemplates } from './providers/whatsapp/templates/whatsapp-templates.service';
import { WhatsAppSender } from './providers/whatsapp/whatsapp.sender';
import { sessionTokensProvider } from './webchat/session-tokens.provider';
import { WebchatController } from './webchat/webchat.controller';
import { WebchatGateway } from './webchat/webchat.gateway';
import { WebchatSender } from './webchat/webchat.sender';
import { WebchatService } from './webchat/webchat.service';
import { WebchatLimits } from './webchat/webchat-limits';
import { WebchatSessionGuard } from './webchat/webchat-session.guard';
import { WebchatTypingHandler } from './webchat/webchat-typing.handler';

const SENDERS = [WebchatSender, WhatsAppSender, MessengerSender, InstagramSender, TwilioSmsSender, TelegramSender, EmailSender];

/** The outbound retry policy from the service's config. */
const retryPolicyOf = (config: ChannelsIngestConfig): RetryPolicy => ({
  attempts: config.OUTBOUND_RETRY_ATTEMPTS,
  baseDelayMs: config.OUTBOUND_RETRY_BASE_MS,
  maxDelayMs: config.OUTBOUND_RETRY_MAX_MS,
  timeoutMs: config.OUTBOUND_TIMEOUT_MS,
  budgetMs: config.OUTBOUND_RETRY_BUDGET_MS,
});

@Module({
  imports: [RateLimitsModule, ChannelPrivacyModule],
  controllers: [
    WebchatController,
    MetaWebhookController,
    TwilioWebhookController,
    TelegramWebhookController,
    ChannelAccountsController,
    ImapMailboxController,
    SignaturesController,
    InboundRawController,
    OutboundDispatcher,
    WebchatTypingHandler,
    VoiceWebhookController,
    VoiceAgentsController,
    MediaController,
    WebchatAttachmentsController,
    WhatsAppTemplatesController,
    ConversationEventsHandler,
  ],
  providers: [
    { provide: SecretBox, inject: [CONFIG], useFactory: secretBoxFor },
    { provide: RETRY_POLICY, inject: [CONFIG], useFactory: retryPolicyOf },
    outboundGuardProvider,
    // Read at start, so a wrong certificate stops the service with a clear message (undefined: no STARTTLS).
    { provide: SMTP_TLS, inject: [CONFIG], useFactory: smtpTlsFrom },
    sessionTokensProvider,
    ChannelAccountsService,
    InboundPublisher,
    DeliveryTracker,
    SendOnce,
    WebhookIngest,
    WebchatLimits,
    WebchatService,
    WebchatSessionGuard,
    WebchatGateway,
    MailIngest,
    SmtpListener,
    OAuth2Tokens,
    ImapPoller,
    ...SENDERS,
    { provide: CHANNEL_SENDERS, useFactory: (...senders: ChannelSender[]) => senders, inject: SENDERS },
    VoiceCalls,
    ...mediaProviders,
    MediaService,
    ProviderMedia,
    OutboundAttachments,
    WhatsAppTemplates,
  ],
})
export class ChannelsIngestModule {}
