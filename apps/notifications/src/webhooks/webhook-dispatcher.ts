import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CONFIG, LOGGER, OutboundGuard, OutboundRefused, queryRows } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { NotificationsConfig } from '../notifications.config';
import { deliveryOutcome } from './retry-policy';
import { WebhookSecrets } from './webhook-secrets';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhook-signature';
import { z } from 'zod';

const POLL_INTERVAL_MS = 250;
const BATCH_SIZE = 20;
/** A claimed delivery is invisible to other replicas this long; a replica that dies mid-POST releases it. */
const CLAIM_LEASE_SECONDS = 60;

interface DueDelivery {
  id: string;
  tenant_id: string;
  event_id: string;
  event_type: string;
  payload: unknown;
  occurred_at: Date;
  attempts: number;
  url: string;
  secret: string | null;
  secret_sealed: string | null;
  endpoint_deleted: boolean;
}

/**
 * Sends queued webhook deliveries: claims due ones with SKIP LOCKED (so replicas share the work and
 * never send one twice at once), POSTs each signed body outside any transaction, then records the
 * outcome and schedules a retry with exponential backoff.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> | undefined;
  private stopped = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
    @Inject(WebhookSecrets) private readonly secrets: WebhookSecrets,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.tick || this.stopped) return;
      this.tick = this.sendDue()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'webhook dispatch failed; will retry'))
        .finally(() => (this.tick = undefined));
    }, POLL_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.tick;
  }

  private async sendDue(): Promise<void> {
    const due = await this.dataSource.transaction(async (manager) => {
      const rows = await queryRows(
        manager,
        z.object({
          id: z.string(),
          tenant_id: z.string(),
          event_id: z.string(),
          event_type: z.string(),
          payload: z.unknown(),
          occurred_at: z.date(),
          attempts: z.number(),
          url: z.string(),
          secret: z.string().nullable(),
          secret_sealed: z.string().nullable(),
          endpoint_deleted: z.boolean(),
        }),
        `SELECT d."id", d."tenant_id", d."event_id", d."event_type", d."payload", d."occurred_at", d."attempts", e."url", e."secret", e."secret_sealed",
                e."deleted_at" IS NOT NULL AS "endpoint_deleted"
         FROM "notifications"."webhook_delivery" d JOIN "notifications"."webhook_endpoint" e ON e."id" = d."endpoint_id"
         WHERE d."status" = 'pending' AND d."next_attempt_at" <= now()
         ORDER BY d."next_attempt_at" LIMIT ${BATCH_SIZE} FOR UPDATE OF d SKIP LOCKED`,
      );
      if (rows.length > 0) {
        await manager.query(
          `UPDATE "notifications"."webhook_delivery" SET "next_attempt_at" = now() + interval '${CLAIM_LEASE_SECONDS} seconds' WHERE "id" = ANY($1)`,
          [rows.map((row) => row.id)],
        );
      }
      return rows;
    });
    await Promise.all(due.map((delivery) => this.deliver(delivery)));
  }

  private async deliver(delivery: DueDelivery): Promise<void> {
    if (delivery.endpoint_deleted) {
      await this.record(delivery.id, { status: 'failed' }, delivery.attempts, null, 'endpoint deleted');
      return;
    }
    let secret: string;
    try {
      secret = this.secrets.open(delivery);
    } catch (error) {
      // Signing with anything else would be a lie to the receiver; the key must be configured again.
      this.logger.error({ deliveryId: delivery.id, err: error }, 'webhook secret cannot be opened with WEBHOOK_SECRET_KEY');
      await this.record(
        delivery.id,
        { status: 'failed' },
        delivery.attempts,
        null,
        "the endpoint's secret cannot be read (key rotation incomplete)",
      );
      return;
    }
    const attempts = delivery.attempts + 1;
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      id: delivery.event_id,
      type: delivery.event_type,
      tenantId: delivery.tenant_id,
      occurredAt: new Date(delivery.occurred_at).toISOString(),
      timestamp,
      attempt: attempts,
      data: delivery.payload,
    });
    let statusCode: number | null = null;
    let error: string | null = null;
    let refused = false;
    let detail: string | undefined;
    try {
      // Resolved, checked and pinned by the guard; a redirect is an answer (3xx), never followed.
      const response = await this.guard.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Garda-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhookBody(secret, body),
          [TIMESTAMP_HEADER]: String(timestamp),
          [EVENT_HEADER]: delivery.event_type,
          [DELIVERY_HEADER]: delivery.id,
        },
        body,
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      statusCode = response.status;
      // The receiver's answer is never read, stored or shown: only its status counts.
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (cause) {
      detail = (cause as Error).message;
      refused = cause instanceof OutboundRefused;
      if (cause instanceof OutboundRefused) {
        error = `refused: ${cause.reason}`;
        detail = cause.detail;
      } else
        error =
          (cause as Error).name === 'TimeoutError'
            ? `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms`
            : 'the endpoint could not be reached';
    }
    // A URL the guard refuses will not become callable by retrying it: the delivery fails at once.
    const outcome = refused
      ? ({ status: 'failed' } as const)
      : deliveryOutcome(error === null, attempts, this.config.WEBHOOK_MAX_ATTEMPTS, this.config.WEBHOOK_RETRY_BASE_MS);
    if (outcome.status !== 'delivered') {
      this.logger.warn(
        { deliveryId: delivery.id, url: delivery.url, attempts, error, detail, outcome: outcome.status },
        'webhook delivery failed',
      );
    }
    await this.record(delivery.id, outcome, attempts, statusCode, error);
  }

  private async record(
    id: string,
    outcome: ReturnType<typeof deliveryOutcome>,
    attempts: number,
    statusCode: number | null,
    error: string | null,
  ): Promise<void> {
    const retryInMs = outcome.status === 'pending' ? outcome.retryInMs : 0;
    await this.dataSource.query(
      `UPDATE "notifications"."webhook_delivery"
       SET "status" = $2, "attempts" = $3, "last_status_code" = $4, "last_error" = $5,
           "next_attempt_at" = now() + ($6::double precision * interval '1 millisecond'),
           "delivered_at" = CASE WHEN $2 = 'delivered' THEN now() ELSE NULL END
       WHERE "id" = $1`,
      [id, outcome.status, attempts, statusCode, error?.slice(0, 1000) ?? null, retryInMs],
    );
  }
}
