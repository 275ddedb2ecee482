import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, queryRows, type Logger } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { RETRY_POLICY, type RetryPolicy } from '../../delivery/http-delivery';
import { z } from 'zod';

/** What came of handing one outbound message to its provider (or to the visitor's sockets). */
export type SendOutcome = { ok: true; status: 'sent' | 'delivered'; providerMessageId?: string } | { ok: false; error: string };

export interface SendTarget {
  tenantId: string;
  messageId: string;
  channel: string;
}

export interface SendOptions {
  /**
   * The provider drops a repeat of this message by itself (the web-chat widget ignores a message id
   * it already shows), so a send interrupted by a crash may simply be made again.
   */
  repeatIsHarmless: boolean;
}

/**
 * Another consumer (a replica that took the partition over, or one being replaced) is sending this
 * message right now. Retrying later is right: by then it has recorded its outcome or its lease ran out.
 */
export class SendInFlight extends Error {
  constructor(messageId: string) {
    super(`outbound message ${messageId} is being sent by another consumer; retrying later`);
  }
}

/** Told to the agent when a send was interrupted and it cannot be known whether the customer got it. */
export const UNCERTAIN =
  'delivery uncertain: the service stopped while sending and the provider cannot tell whether it arrived; ask the customer or send again';

/** Spare time after the retry budget before another consumer may take a claim over. */
const LEASE_MARGIN_MS = 5000;
const RECORD_RETRY_DELAYS_MS = [100, 400, 1000];

type Claim = { kind: 'claimed' } | { kind: 'taken-over' } | { kind: 'done'; outcome: SendOutcome } | { kind: 'in-flight' };

/**
 * The durable send-once step of every outbound message (ADR 0058). The handler's transaction would
 * roll a successful send back together with a later failing write, and the redelivery would send
 * the customer the same reply again. So the provider call is bracketed by statements of its own,
 * committed at once, outside that transaction:
 *
 * 1. **claim** the message id with a lease (longer than any send may take);
 * 2. **send** (the caller's `transmit`);
 * 3. **record** the outcome (sent with the provider's id, or failed with the reason).
 *
 * A redelivery finds the recorded outcome and returns it without sending; the handler then writes
 * its delivery status again. A claim whose lease ran out without an outcome means a consumer died
 * mid-send: whether the provider accepted it is unknown, so it is reported as failed with that
 * reason rather than risk a second copy — unless a repeat is harmless for that channel.
 */
@Injectable()
export class SendOnce {
  /** Tells this process's claims from those of a consumer that died. */
  private readonly instance = randomUUID();
  /** Outcomes whose record failed (database unreachable): recorded on the redelivery, never re-sent. */
  private readonly unrecorded = new Map<string, SendOutcome>();
  private readonly leaseMs: number;
  private readonly logger: Logger;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RETRY_POLICY) retryPolicy: RetryPolicy,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.leaseMs = retryPolicy.budgetMs + LEASE_MARGIN_MS;
    this.logger = logger.child({ component: 'send-once' });
  }

  async run(target: SendTarget, options: SendOptions, transmit: () => Promise<SendOutcome>): Promise<SendOutcome> {
    const key = `${target.tenantId}/${target.messageId}`;
    const remembered = this.unrecorded.get(key);
    if (remembered) {
      await this.record(target, remembered);
      this.unrecorded.delete(key);
      return remembered;
    }
    const claim = await this.claim(target);
    if (claim.kind === 'done') {
      this.logger.info({ messageId: target.messageId, channel: target.channel }, 'outbound message already sent; not sending again');
      return claim.outcome;
    }
    if (claim.kind === 'in-flight') throw new SendInFlight(target.messageId);
    if (claim.kind === 'taken-over' && !options.repeatIsHarmless) {
      this.logger.warn({ messageId: target.messageId, channel: target.channel }, 'outbound send was interrupted; not repeating it');
      const outcome: SendOutcome = { ok: false, error: UNCERTAIN };
      await this.recordOrRemember(key, target, outcome);
      return outcome;
    }
    const outcome = await transmit();
    await this.recordOrRemember(key, target, outcome);
    return outcome;
  }

  private async claim(target: SendTarget): Promise<Claim> {
    // A row of our own process without an outcome means our previous attempt threw mid-send: as
    // uncertain as a dead consumer's, so it is taken over at once instead of waiting for the lease.
    const [claimed] = await queryRows(
      this.dataSource,
      z.looseObject({ fresh: z.boolean() }),
      `INSERT INTO "channels_ingest"."outbound_send" ("tenant_id", "message_id", "channel", "claimed_by", "lease_until")
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond')
       ON CONFLICT ("tenant_id", "message_id") DO UPDATE
         SET "claimed_by" = EXCLUDED."claimed_by", "lease_until" = EXCLUDED."lease_until", "attempts" = "outbound_send"."attempts" + 1
         WHERE "outbound_send"."status" IS NULL
           AND ("outbound_send"."lease_until" < now() OR "outbound_send"."claimed_by" = EXCLUDED."claimed_by")
       RETURNING (xmax = 0) AS "fresh"`,
      [target.tenantId, target.messageId, target.channel, this.instance, this.leaseMs],
    );
    if (claimed) return claimed.fresh ? { kind: 'claimed' } : { kind: 'taken-over' };
    const [existing] = await queryRows(
      this.dataSource,
      z.object({
        status: z.enum(['sent', 'delivered', 'failed']).nullable(),
        provider_message_id: z.string().nullable(),
        error: z.string().nullable(),
      }),
      `SELECT "status", "provider_message_id", "error" FROM "channels_ingest"."outbound_send" WHERE "tenant_id" = $1 AND "message_id" = $2`,
      [target.tenantId, target.messageId],
    );
    if (!existing?.status) return { kind: 'in-flight' };
    if (existing.status === 'failed') return { kind: 'done', outcome: { ok: false, error: existing.error ?? 'failed' } };
    return {
      kind: 'done',
      outcome: {
        ok: true,
        status: existing.status,
        ...(existing.provider_message_id ? { providerMessageId: existing.provider_message_id } : {}),
      },
    };
  }

  private async recordOrRemember(key: string, target: SendTarget, outcome: SendOutcome): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.record(target, outcome);
        return;
      } catch (error) {
        if (attempt >= RECORD_RETRY_DELAYS_MS.length) {
          // The send happened; only its record is missing. Keep it here so the redelivery records it
          // instead of sending again (if this process dies too, the lease runs out: "uncertain").
          this.unrecorded.set(key, outcome);
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  private async record(target: SendTarget, outcome: SendOutcome): Promise<void> {
    await this.dataSource.query(
      `UPDATE "channels_ingest"."outbound_send"
       SET "status" = $3, "provider_message_id" = $4, "error" = $5, "recorded_at" = now()
       WHERE "tenant_id" = $1 AND "message_id" = $2 AND "status" IS NULL`,
      [
        target.tenantId,
        target.messageId,
        outcome.ok ? outcome.status : 'failed',
        outcome.ok ? (outcome.providerMessageId ?? null) : null,
        outcome.ok ? null : outcome.error.slice(0, 1000),
      ],
    );
  }
}
