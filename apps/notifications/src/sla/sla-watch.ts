import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ContactAssignedV1, ConversationClosedV1, OfferMadeV1, RoutingRequestedV1 } from '@garda/contracts';
import { UnitOfWork } from '@garda/messaging';
import { CONFIG, LOGGER, queryRows } from '@garda/service-kit';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { NotificationsConfig } from '../notifications.config';
import { SLA_BREACHED } from '../webhooks/webhook-events';
import { enqueueWebhookEvent } from '../webhooks/webhook-outbox';
import { z } from 'zod';

const SCAN_INTERVAL_MS = 1000;

const BreachRow = z.object({
  contact_id: z.string(),
  tenant_id: z.string(),
  conversation_id: z.string(),
  queue_name: z.string().nullable(),
  channel: z.string().nullable(),
  arrived_at: z.date(),
  max_wait_seconds: z.number(),
});

/**
 * SLA alert: a contact still unanswered after its queue's max wait (sla_policy, else
 * NOTIFICATIONS_SLA_MAX_WAIT_SECONDS) raises one `sla.breached` notice — a warning in the log and a
 * webhook event. Arrival comes from the routing request; answer or close ends the watch.
 */
@Injectable()
export class SlaWatch implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private scan: Promise<void> | undefined;

  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(CONFIG) private readonly config: NotificationsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.scan) return;
      this.scan = this.alertBreaches()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'SLA scan failed; will retry'))
        .finally(() => (this.scan = undefined));
    }, SCAN_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scan;
  }

  async queued(event: RoutingRequestedV1, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO "notifications"."waiting_contact" ("contact_id", "tenant_id", "conversation_id", "queue_name", "channel", "arrived_at")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("contact_id") DO UPDATE SET "arrived_at" = LEAST("waiting_contact"."arrived_at", EXCLUDED."arrived_at"),
         "queue_name" = COALESCE("waiting_contact"."queue_name", EXCLUDED."queue_name"), "channel" = EXCLUDED."channel"`,
      [event.contactId, event.tenantId, event.conversationId, event.queue ?? null, event.channel, new Date(event.requestedAt)],
    );
  }

  /** routing names the queue it really used (a request may name none, or one that falls back). */
  async offered(event: OfferMadeV1, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE "notifications"."waiting_contact" SET "queue_name" = $2 WHERE "contact_id" = $1`, [
      event.contactId,
      event.queueName,
    ]);
  }

  async answered(event: ContactAssignedV1, manager: EntityManager): Promise<void> {
    // Inserted as already left if the assignment is seen before the request, so no alert follows.
    await manager.query(
      `INSERT INTO "notifications"."waiting_contact" ("contact_id", "tenant_id", "conversation_id", "queue_name", "channel", "arrived_at", "left_at")
       VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT ("contact_id") DO UPDATE SET "left_at" = COALESCE("waiting_contact"."left_at", EXCLUDED."left_at"), "queue_name" = EXCLUDED."queue_name"`,
      [event.contactId, event.tenantId, event.conversationId, event.queueName, event.channel, new Date(event.assignedAt)],
    );
  }

  async closed(event: ConversationClosedV1, manager: EntityManager): Promise<void> {
    const closedAt = new Date(event.closedAt);
    if (event.contactId) {
      await manager.query(
        `INSERT INTO "notifications"."waiting_contact" ("contact_id", "tenant_id", "conversation_id", "arrived_at", "left_at") VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT ("contact_id") DO UPDATE SET "left_at" = COALESCE("waiting_contact"."left_at", EXCLUDED."left_at")`,
        [event.contactId, event.tenantId, event.conversationId, closedAt],
      );
    } else {
      await manager.query(
        `UPDATE "notifications"."waiting_contact" SET "left_at" = $3 WHERE "tenant_id" = $1 AND "conversation_id" = $2 AND "left_at" IS NULL`,
        [event.tenantId, event.conversationId, closedAt],
      );
    }
  }

  /** Any replica may scan: SKIP LOCKED and alerted_at make each alert happen once. */
  private async alertBreaches(): Promise<void> {
    await this.unitOfWork.run(async ({ manager }) => {
      const breaches = await queryRows(
        manager,
        BreachRow,
        `SELECT w."contact_id", w."tenant_id", w."conversation_id", w."queue_name", w."channel", w."arrived_at",
                COALESCE(p."max_wait_seconds", $1)::int AS "max_wait_seconds"
         FROM "notifications"."waiting_contact" w
         LEFT JOIN "notifications"."sla_policy" p ON p."tenant_id" = w."tenant_id" AND p."queue_name" = w."queue_name"
         WHERE w."left_at" IS NULL AND w."alerted_at" IS NULL
           AND w."arrived_at" + make_interval(secs => COALESCE(p."max_wait_seconds", $1)) <= now()
         ORDER BY w."arrived_at" LIMIT 100 FOR UPDATE OF w SKIP LOCKED`,
        [this.config.NOTIFICATIONS_SLA_MAX_WAIT_SECONDS],
      );
      const now = new Date();
      for (const breach of breaches) {
        await manager.query(`UPDATE "notifications"."waiting_contact" SET "alerted_at" = $2 WHERE "contact_id" = $1`, [
          breach.contact_id,
          now,
        ]);
        const waitedSeconds = Math.round((now.getTime() - new Date(breach.arrived_at).getTime()) / 1000);
        const data = {
          contactId: breach.contact_id,
          conversationId: breach.conversation_id,
          queueName: breach.queue_name,
          channel: breach.channel,
          arrivedAt: new Date(breach.arrived_at).toISOString(),
          waitedSeconds,
          maxWaitSeconds: breach.max_wait_seconds,
        };
        this.logger.warn({ tenantId: breach.tenant_id, ...data }, 'SLA breached: a contact has waited longer than its queue allows');
        await enqueueWebhookEvent(manager, {
          tenantId: breach.tenant_id,
          type: SLA_BREACHED,
          eventId: `sla-breached:${breach.contact_id}`,
          occurredAt: now,
          data,
        });
      }
    });
  }
}
