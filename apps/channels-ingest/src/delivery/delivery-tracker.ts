import { Inject, Injectable } from '@nestjs/common';
import { type Channel, type DeliveryStatusV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { type MessageContext, type TransactionContext, UnitOfWork } from '@garda/messaging';
import { LOGGER, queryRows, updatedRows } from '@garda/service-kit';
import type { Logger } from 'pino';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { stripNul } from '../inbound/nul-characters';
import { z } from 'zod';

export interface ProviderStatusReport {
  providerMessageId: string;
  status: DeliveryStatusV1['status'];
  error?: string;
  at: Date;
}

/**
 * Keeps what happened to each outbound message (outbound_delivery) and announces it as a
 * DeliveryStatus event, so the agent sees "sent", "delivered", "read" or "failed" with the reason
 * on the message. Provider callbacks name only the provider's id; this table maps it back.
 */
@Injectable()
export class DeliveryTracker {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async sent(
    context: MessageContext,
    message: OutboundMessageV1,
    account: ChannelAccount,
    providerMessageId: string | undefined,
  ): Promise<void> {
    await this.record(context, message, account, 'sent', providerMessageId);
  }

  async failed(context: MessageContext, message: OutboundMessageV1, account: ChannelAccount | undefined, error: string): Promise<void> {
    this.logger.warn({ messageId: message.messageId, channel: message.channel, error }, 'outbound message failed');
    await this.record(context, message, account, 'failed', undefined, error);
  }

  /** A provider's status callback; a repeated callback publishes nothing new. */
  async providerStatus(account: ChannelAccount, report: ProviderStatusReport): Promise<void> {
    await this.unitOfWork.run(async ({ manager, publish }) => {
      const fresh = await queryRows(
        manager,
        z.unknown(),
        `INSERT INTO "channels_ingest"."inbound_receipt" ("account_id", "provider_message_id", "message_id")
         VALUES ($1, $2, gen_random_uuid()) ON CONFLICT DO NOTHING RETURNING 1`,
        [account.id, `status:${report.providerMessageId}:${report.status}`],
      );
      if (fresh.length === 0) return;
      const delivery = await updatedRows(
        manager,
        z.object({ message_id: z.string(), conversation_id: z.string(), thread_key: z.string(), tenant_id: z.string() }),
        `UPDATE "channels_ingest"."outbound_delivery" SET "status" = $3, "error" = COALESCE($4, "error"), "updated_at" = now()
         WHERE "channel" = $1 AND "provider_message_id" = $2
         RETURNING "message_id", "conversation_id", "thread_key", "tenant_id"`,
        [account.channel, report.providerMessageId, report.status, report.error === undefined ? null : stripNul(report.error)],
      );
      const row = delivery?.[0];
      await publish(
        Topics.DeliveryStatus,
        {
          tenantId: account.tenantId,
          ...(row ? { messageId: row.message_id, conversationId: row.conversation_id } : {}),
          channel: account.channel,
          providerMessageId: report.providerMessageId.slice(0, 200),
          status: report.status,
          ...(report.error ? { error: stripNul(report.error).slice(0, 1000) } : {}),
          at: report.at.toISOString(),
        },
        {
          tenantId: account.tenantId,
          key: row?.thread_key ?? report.providerMessageId,
          messageId: `status:${account.id}:${report.providerMessageId}:${report.status}`,
        },
      );
    });
  }

  private async record(
    { manager, publish }: TransactionContext,
    message: OutboundMessageV1,
    account: ChannelAccount | undefined,
    status: 'sent' | 'failed',
    providerMessageId?: string,
    error?: string,
  ): Promise<void> {
    if (providerMessageId) {
      // A provider id maps callbacks to one message. Telegram's message_id is unique only within a
      // chat, so two replies can share one: the newer takes it over. Failing here instead would roll
      // back and retry a message the provider already accepted, sending it to the customer again.
      await manager.query(
        `UPDATE "channels_ingest"."outbound_delivery" SET "provider_message_id" = NULL, "updated_at" = now()
         WHERE "channel" = $1 AND "provider_message_id" = $2 AND "message_id" <> $3`,
        [message.channel, providerMessageId, message.messageId],
      );
    }
    await manager.query(
      `INSERT INTO "channels_ingest"."outbound_delivery"
         ("message_id", "tenant_id", "account_id", "channel", "conversation_id", "thread_key", "provider_message_id", "status", "error")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT ("message_id") DO UPDATE SET "provider_message_id" = EXCLUDED."provider_message_id", "status" = EXCLUDED."status",
         "error" = EXCLUDED."error", "updated_at" = now()`,
      [
        message.messageId,
        message.tenantId,
        account?.id ?? message.accountId,
        message.channel,
        message.conversationId,
        message.threadKey,
        providerMessageId ?? null,
        status,
        error ?? null,
      ],
    );
    await publish(
      Topics.DeliveryStatus,
      {
        tenantId: message.tenantId,
        messageId: message.messageId,
        conversationId: message.conversationId,
        channel: message.channel as Channel,
        ...(providerMessageId ? { providerMessageId: providerMessageId.slice(0, 200) } : {}),
        status,
        ...(error ? { error: error.slice(0, 1000) } : {}),
        at: new Date().toISOString(),
      },
      { tenantId: message.tenantId, key: message.threadKey, messageId: `status:${message.messageId}:${status}` },
    );
  }
}
