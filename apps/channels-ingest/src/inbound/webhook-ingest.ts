import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { Channel } from '@garda/contracts';
import type { Request } from 'express';
import { type ChannelAccount, ChannelAccountsService } from '../accounts/channel-accounts.service';
import { ProviderMedia } from '../attachments/provider-media';
import { DeliveryTracker } from '../delivery/delivery-tracker';
import { MalformedPayload, type NormalisedBatch } from '../providers/normalised-batch';
import { InboundPublisher } from './inbound-publisher';
import { prepareDraft } from './inbound-validation';

export type RawBodyRequest = Request & { rawBody?: Buffer };

export interface RawDelivery {
  contentType: string;
  body: Buffer;
}

/** rawPayloadRef values look like `channels-ingest:inbound-raw/<uuid>`; GET /inbound-raw/<uuid> returns the bytes. */
export const RAW_REF_PREFIX = 'channels-ingest:inbound-raw/';

export const rawDeliveryOf = (request: RawBodyRequest, body: Buffer): RawDelivery => ({
  contentType: request.header('content-type') ?? 'application/octet-stream',
  body,
});

/**
 * The shared tail of every provider webhook: find the accounts a delivery is for, and accept its
 * messages (deduplicated) and statuses. Also remembers when each customer last wrote, for
 * WhatsApp's 24-hour customer-service window.
 */
@Injectable()
export class WebhookIngest {
  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(InboundPublisher) private readonly inbound: InboundPublisher,
    @Inject(DeliveryTracker) private readonly deliveries: DeliveryTracker,
    @Inject(ProviderMedia) private readonly media: ProviderMedia,
  ) {}

  /** The accounts behind these provider addresses; none known → 404, nothing else happens. */
  async accountsFor(channel: Channel, addresses: string[]): Promise<Map<string, ChannelAccount>> {
    const found = new Map<string, ChannelAccount>();
    for (const address of new Set(addresses)) {
      const account = await this.accounts.findByAddress(channel, address);
      if (account) found.set(address, account);
    }
    if (found.size === 0) throw new NotFoundException(`No ${channel} channel account for this delivery`);
    return found;
  }

  /**
   * Accepts a delivery's messages and statuses, for one account or several (one Meta delivery can
   * name several pages). Every message is checked first, so a delivery is refused (400) as a whole
   * or accepted as a whole: a provider retrying a refused delivery never re-sends a half-accepted one.
   */
  async ingest(account: ChannelAccount, batch: NormalisedBatch, raw?: RawDelivery): Promise<{ accepted: number; duplicates: number }> {
    return this.ingestAll([{ account, batch }], raw);
  }

  async ingestAll(
    deliveries: Array<{ account: ChannelAccount; batch: NormalisedBatch }>,
    raw?: RawDelivery,
  ): Promise<{ accepted: number; duplicates: number }> {
    for (const { account, batch } of deliveries) for (const message of batch.messages) prepareDraft(account, message);
    const totals = { accepted: 0, duplicates: 0 };
    for (const { account, batch } of deliveries) {
      const result = await this.ingestOne(account, batch, raw);
      totals.accepted += result.accepted;
      totals.duplicates += result.duplicates;
    }
    return totals;
  }

  /** The raw delivery is kept once per account, with the first message that is new, and every message of it points there (rawPayloadRef). */
  private async ingestOne(
    account: ChannelAccount,
    batch: NormalisedBatch,
    raw?: RawDelivery,
  ): Promise<{ accepted: number; duplicates: number }> {
    let accepted = 0;
    let duplicates = 0;
    const rawId = randomUUID();
    for (const message of batch.messages) {
      // The customer's files are fetched from the provider and stored before the message is published.
      const withMedia = await this.media.collect(account, message);
      const draft = raw ? { ...withMedia, rawPayloadRef: `${RAW_REF_PREFIX}${rawId}` } : withMedia;
      const result = await this.inbound.accept(account, draft, async (manager) => {
        if (raw) {
          await manager.query(
            `INSERT INTO "channels_ingest"."inbound_raw" ("id", "tenant_id", "account_id", "content_type", "payload") VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [rawId, account.tenantId, account.id, raw.contentType.slice(0, 200), raw.body],
          );
        }
        // WhatsApp's 24-hour window runs from when the customer wrote, not from when the webhook
        // arrived: Meta retries a delivery for days, and that must not reopen the window. A clock ahead
        // of ours is capped at now, and an older message (out of order) never moves the window back.
        await manager.query(
          `INSERT INTO "channels_ingest"."customer_window" ("account_id", "thread_key", "last_inbound_at") VALUES ($1, $2, LEAST(COALESCE($3::timestamptz, now()), now()))
           ON CONFLICT ("account_id", "thread_key") DO UPDATE SET "last_inbound_at" = GREATEST("customer_window"."last_inbound_at", EXCLUDED."last_inbound_at")`,
          [account.id, draft.threadKey, draft.sentAt ?? null],
        );
      });
      if (result.duplicate) duplicates += 1;
      else accepted += 1;
    }
    for (const status of batch.statuses) await this.deliveries.providerStatus(account, status);
    return { accepted, duplicates };
  }
}

/** The exact bytes the provider signed; without them (wrong content type) nothing can be checked. */
export function rawBodyOf(request: RawBodyRequest): Buffer {
  if (!Buffer.isBuffer(request.rawBody) || request.rawBody.length === 0 || typeof request.body !== 'object' || request.body === null) {
    throw new BadRequestException("Expected a non-empty body of the provider's content type");
  }
  return request.rawBody;
}

/** Runs a parser; a MalformedPayload becomes a 400 that lists what is wrong. */
export function parseOr400<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MalformedPayload) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: "The payload does not have the provider's format",
        issues: error.issues,
      });
    }
    throw error;
  }
}
