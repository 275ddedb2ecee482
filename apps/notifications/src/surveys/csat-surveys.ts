import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type ConversationClosedV1,
  type ConversationMessageV1,
  type IdentifiedMessageV1,
  type IdentityType,
  type Channel,
  Topics,
} from '@garda/contracts';
import type { MessageContext } from '@garda/messaging';
import { CONFIG, LOGGER, queryRows, updatedRows } from '@garda/service-kit';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { NotificationsConfig } from '../notifications.config';
import { z } from 'zod';

/** A survey is only worth sending shortly after the conversation closed. */
const SURVEY_WINDOW_HOURS = 24;

interface SurveyTarget {
  conversation_id: string;
  tenant_id: string;
  channel: Channel;
  account_id: string;
  thread_key: string;
  identity_type: IdentityType;
  identity_value: string;
  subject: string | null;
  survey_message_id: string;
}

/**
 * Sends a CSAT survey to the customer when an agent closes a conversation. The contracts give the
 * conversation (ConversationMessage) and the customer's address on the channel (IdentifiedMessage)
 * in separate events, joined here by message id; the survey goes out only once both are known, at
 * most once per conversation (survey_sent_at, set in the same transaction as the outbox record).
 */
@Injectable()
export class CsatSurveys {
  constructor(
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async identified(message: IdentifiedMessageV1, context: MessageContext): Promise<void> {
    await context.manager.query(
      `INSERT INTO "notifications"."message_link" ("message_id", "tenant_id", "channel", "account_id", "thread_key", "identity_type", "identity_value", "subject")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ("message_id") DO UPDATE SET "channel" = EXCLUDED."channel", "account_id" = EXCLUDED."account_id", "thread_key" = EXCLUDED."thread_key",
         "identity_type" = EXCLUDED."identity_type", "identity_value" = EXCLUDED."identity_value", "subject" = EXCLUDED."subject"`,
      [
        message.messageId,
        message.tenantId,
        message.channel,
        message.accountId,
        message.threadKey,
        message.sender.identityType,
        message.sender.value,
        message.subject ?? null,
      ],
    );
    await this.linkRecipient(message.messageId, context);
  }

  async threaded(message: ConversationMessageV1, context: MessageContext): Promise<void> {
    if (message.direction !== 'inbound' || message.authorType !== 'customer') return;
    await context.manager.query(
      `INSERT INTO "notifications"."message_link" ("message_id", "tenant_id", "conversation_id") VALUES ($1, $2, $3)
       ON CONFLICT ("message_id") DO UPDATE SET "conversation_id" = EXCLUDED."conversation_id"`,
      [message.messageId, message.tenantId, message.conversationId],
    );
    await this.linkRecipient(message.messageId, context);
  }

  async closed(event: ConversationClosedV1, context: MessageContext): Promise<void> {
    // A ticket parked pending or on-hold lets its conversation go too, but is not done: no survey.
    const solvedBy = event.ticketStatus === undefined || event.ticketStatus === 'solved' ? (event.agentId ?? null) : null;
    await context.manager.query(
      `INSERT INTO "notifications"."conversation_recipient" ("conversation_id", "tenant_id", "closed_at", "closed_by_agent_id") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("conversation_id") DO UPDATE SET "closed_at" = EXCLUDED."closed_at", "closed_by_agent_id" = EXCLUDED."closed_by_agent_id"`,
      [event.conversationId, event.tenantId, new Date(event.closedAt), solvedBy],
    );
    const sent = await this.sendIfReady(event.conversationId, context);
    if (!sent)
      this.logger.debug({ conversationId: event.conversationId }, 'no survey yet: not closed by an agent, or the recipient is unknown');
  }

  /** Both halves of a message known: the conversation's recipient is known. */
  private async linkRecipient(messageId: string, context: MessageContext): Promise<void> {
    const rows = await queryRows(
      context.manager,
      z.object({ conversation_id: z.string() }),
      `INSERT INTO "notifications"."conversation_recipient" ("conversation_id", "tenant_id", "channel", "account_id", "thread_key", "identity_type", "identity_value", "subject")
       SELECT "conversation_id", "tenant_id", "channel", "account_id", "thread_key", "identity_type", "identity_value", "subject"
       FROM "notifications"."message_link" WHERE "message_id" = $1 AND "conversation_id" IS NOT NULL AND "identity_value" IS NOT NULL
       ON CONFLICT ("conversation_id") DO UPDATE SET "channel" = EXCLUDED."channel", "account_id" = EXCLUDED."account_id", "thread_key" = EXCLUDED."thread_key",
         "identity_type" = EXCLUDED."identity_type", "identity_value" = EXCLUDED."identity_value", "subject" = COALESCE("conversation_recipient"."subject", EXCLUDED."subject")
       RETURNING "conversation_id"`,
      [messageId],
    );
    if (rows[0]) await this.sendIfReady(rows[0].conversation_id, context);
  }

  private async sendIfReady(conversationId: string, { manager, publish }: MessageContext): Promise<boolean> {
    const target = await this.claimSurvey(manager, conversationId);
    if (!target) return false;
    await publish(
      Topics.OutboundMessage,
      {
        tenantId: target.tenant_id,
        messageId: target.survey_message_id,
        conversationId: target.conversation_id,
        channel: target.channel,
        accountId: target.account_id,
        threadKey: target.thread_key,
        recipient: { identityType: target.identity_type, value: target.identity_value },
        text: this.config.NOTIFICATIONS_CSAT_TEXT,
        attachments: [],
        subject: target.channel === 'email' ? `How did we do?${target.subject ? ` (${target.subject.slice(0, 200)})` : ''}` : undefined,
        threadProviderIds: [],
        createdAt: new Date().toISOString(),
      },
      { tenantId: target.tenant_id, key: target.conversation_id, messageId: `csat-survey:${target.conversation_id}` },
    );
    this.logger.info({ conversationId, channel: target.channel }, 'CSAT survey sent');
    return true;
  }

  /** Marks the survey sent if everything needed is known and it was not sent before. */
  private async claimSurvey(manager: EntityManager, conversationId: string): Promise<SurveyTarget | undefined> {
    const rows = await updatedRows(
      manager,
      z.object({
        conversation_id: z.string(),
        tenant_id: z.string(),
        channel: z.enum(['webchat', 'email', 'whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'voice']),
        account_id: z.string(),
        thread_key: z.string(),
        identity_type: z.enum(['email', 'phone', 'wa_id', 'psid', 'igsid', 'telegram_id', 'webchat_visitor']),
        identity_value: z.string(),
        subject: z.string().nullable(),
        survey_message_id: z.string(),
      }),
      `UPDATE "notifications"."conversation_recipient" SET "survey_sent_at" = now(), "survey_message_id" = $2
       WHERE "conversation_id" = $1 AND "survey_sent_at" IS NULL AND "closed_by_agent_id" IS NOT NULL AND "identity_value" IS NOT NULL
         AND "closed_at" > now() - interval '${SURVEY_WINDOW_HOURS} hours'
       RETURNING "conversation_id", "tenant_id", "channel", "account_id", "thread_key", "identity_type", "identity_value", "subject", "survey_message_id"`,
      [conversationId, randomUUID()],
    );
    return rows[0];
  }
}
