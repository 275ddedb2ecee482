import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type InboundMessageV1, Topics } from '@garda/contracts';
import { type TransactionContext, UnitOfWork } from '@garda/messaging';
import type { EntityManager } from 'typeorm';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import { prepareDraft } from './inbound-validation';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

/** A normalised inbound message before it is given its Garda id and account. */
export type InboundDraft = Omit<InboundMessageV1, 'messageId' | 'tenantId' | 'accountId' | 'channel' | 'attachments'> & {
  attachments?: InboundMessageV1['attachments'];
};

export interface AcceptedInbound {
  messageId: string;
  /** True when this provider message was accepted before (a retry): nothing was published again. */
  duplicate: boolean;
}

/**
 * The one way an inbound message enters Garda: the receipt (unique per account and provider
 * message id) and the InboundMessage event are written in one transaction through the outbox, so
 * a provider's retry publishes nothing and an accepted message is never lost.
 */
@Injectable()
export class InboundPublisher {
  constructor(@Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork) {}

  async accept(
    account: ChannelAccount,
    draft: InboundDraft,
    alsoInTransaction?: (manager: EntityManager, messageId: string, draft: InboundDraft) => Promise<void>,
  ): Promise<AcceptedInbound> {
    // Checked before the transaction: a draft the contract refuses is a 400 (InvalidInboundMessage), never a 500.
    const prepared = prepareDraft(account, draft);
    return this.unitOfWork.run((tx) => this.acceptPrepared(tx, account, prepared, alsoInTransaction));
  }

  /** The same, inside the caller's transaction (a message Garda itself raises, e.g. a callback request). */
  async acceptIn(tx: Pick<TransactionContext, 'manager' | 'publish'>, account: ChannelAccount, draft: InboundDraft): Promise<string> {
    return (await this.acceptPrepared(tx, account, prepareDraft(account, draft))).messageId;
  }

  private async acceptPrepared(
    { manager, publish }: Pick<TransactionContext, 'manager' | 'publish'>,
    account: ChannelAccount,
    prepared: InboundDraft,
    alsoInTransaction?: (manager: EntityManager, messageId: string, draft: InboundDraft) => Promise<void>,
  ): Promise<AcceptedInbound> {
    const messageId = randomUUID();
    const inserted = await queryRows(
      manager,
      z.object({ message_id: z.string() }),
      `INSERT INTO "channels_ingest"."inbound_receipt" ("account_id", "provider_message_id", "message_id")
       VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING "message_id"`,
      [account.id, prepared.providerMessageId, messageId],
    );
    if (inserted.length === 0) {
      const [existing] = await queryRows(
        manager,
        z.object({ message_id: z.string() }),
        `SELECT "message_id" FROM "channels_ingest"."inbound_receipt" WHERE "account_id" = $1 AND "provider_message_id" = $2`,
        [account.id, prepared.providerMessageId],
      );
      return { messageId: existing.message_id, duplicate: true };
    }
    await alsoInTransaction?.(manager, messageId, prepared);
    const message: InboundMessageV1 = {
      ...prepared,
      attachments: prepared.attachments ?? [],
      messageId,
      tenantId: account.tenantId,
      accountId: account.id,
      channel: account.channel,
    };
    await publish(Topics.InboundMessage, message, { tenantId: account.tenantId, key: message.threadKey, messageId });
    return { messageId, duplicate: false };
  }
}
