import { Inject, Injectable } from '@nestjs/common';
import { type DeliveryStatusV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import type { MessageContext } from '@garda/messaging';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { MediaService } from '../attachments/media.service';
import { withAttachmentViews } from '../attachments/webchat-attachment-views';
import type { ChannelSender } from '../outbound/channel-sender';
import { SendOnce } from '../outbound/send-once/send-once';
import { WebchatGateway } from './webchat.gateway';
import { WebchatTranscriptEntity } from './webchat-transcript.entity';

/**
 * An agent's reply to a web-chat visitor: kept in the session's transcript (so a reload shows it)
 * and pushed to the visitor's open sockets. The widget drops a message id it already shows, so a
 * redelivery after a failed commit is harmless.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class WebchatSender implements ChannelSender {
  readonly channel = 'webchat' as const;

  constructor(
    @Inject(WebchatGateway) private readonly gateway: WebchatGateway,
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(SendOnce) private readonly sendOnce: SendOnce,
  ) {}

  async send(message: OutboundMessageV1, account: ChannelAccount, { manager, publish }: MessageContext): Promise<void> {
    const sessionId = message.threadKey;
    const createdAt = new Date(message.createdAt);
    if (!UUID.test(sessionId)) {
      await publish(Topics.DeliveryStatus, this.status(message, 'failed', `"${sessionId.slice(0, 100)}" is not a web-chat session`), {
        tenantId: message.tenantId,
        key: message.threadKey,
        messageId: `status:${message.messageId}:failed`,
      });
      return;
    }
    await manager
      .createQueryBuilder()
      .insert()
      .into(WebchatTranscriptEntity)
      .values({
        tenantId: message.tenantId,
        accountId: account.id,
        sessionId,
        messageId: message.messageId,
        direction: 'outbound',
        text: message.text,
        // Stored without the provider links (signed per reader, see webchatAttachmentViews).
        attachments: message.attachments.map(({ url: _link, ...attachment }) => attachment),
        authorName: message.authorName ?? null,
        createdAt,
      })
      .orIgnore()
      .execute();
    // Once per message id, outside the handler's transaction: a later failing write does not push it again.
    // (A push interrupted by a crash may be repeated: the widget drops a message id it already shows.)
    const outcome = await this.sendOnce.run(message, { repeatIsHarmless: true }, async () => {
      const sockets = await this.gateway.emitMessage(
        message.tenantId,
        sessionId,
        withAttachmentViews(
          {
            messageId: message.messageId,
            text: message.text,
            authorName: message.authorName,
            direction: 'outbound' as const,
            createdAt: createdAt.toISOString(),
          },
          this.media,
          message.tenantId,
          sessionId,
          message.attachments,
        ),
      );
      return { ok: true, status: sockets > 0 ? 'delivered' : 'sent' } as const;
    });
    // 'delivered' only when a socket of the visitor was here to take it; otherwise it waits in the transcript.
    await publish(Topics.DeliveryStatus, this.status(message, outcome.ok ? outcome.status : 'sent'), {
      tenantId: message.tenantId,
      key: message.threadKey,
      messageId: `status:${message.messageId}:sent`,
    });
  }

  private status(message: OutboundMessageV1, status: DeliveryStatusV1['status'], error?: string): DeliveryStatusV1 {
    return {
      tenantId: message.tenantId,
      messageId: message.messageId,
      conversationId: message.conversationId,
      channel: 'webchat',
      providerMessageId: message.messageId,
      status,
      ...(error ? { error } : {}),
      at: new Date().toISOString(),
    };
  }
}
