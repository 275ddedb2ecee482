import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ALL_EVENTS, type WebhookEventType } from './webhook-events';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

export interface WebhookEvent {
  tenantId: string;
  type: WebhookEventType;
  /** Stable per event (the Kafka message id): one delivery per endpoint and event, whatever happens. */
  eventId: string;
  occurredAt: Date;
  data: unknown;
}

/**
 * Queues one delivery per subscribed endpoint, in the caller's transaction (a consumer handler or
 * the SLA watch), so an event is queued exactly once; the dispatcher sends it after commit.
 */
export async function enqueueWebhookEvent(manager: EntityManager, event: WebhookEvent): Promise<number> {
  const endpoints = await queryRows(
    manager,
    z.object({ id: z.string() }),
    `SELECT "id" FROM "notifications"."webhook_endpoint"
     WHERE "tenant_id" = $1 AND "deleted_at" IS NULL AND ($2 = ANY("events") OR $3 = ANY("events"))`,
    [event.tenantId, event.type, ALL_EVENTS],
  );
  for (const endpoint of endpoints) {
    await manager.query(
      `INSERT INTO "notifications"."webhook_delivery" ("id", "tenant_id", "endpoint_id", "event_id", "event_type", "payload", "occurred_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ("endpoint_id", "event_id") DO NOTHING`,
      [randomUUID(), event.tenantId, endpoint.id, event.eventId, event.type, JSON.stringify(event.data), event.occurredAt],
    );
  }
  return endpoints.length;
}
