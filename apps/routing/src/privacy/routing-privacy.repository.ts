import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { affectedRows, queryRows } from '@garda/service-kit';

/** The contacts routing handled for a customer (queue, wait, who was offered and who took it). */
export async function exportRoutingContacts(manager: EntityManager, tenantId: string, customerId: string) {
  const contacts = await queryRows(
    manager,
    z.record(z.string(), z.unknown()),
    `SELECT * FROM "routing"."contact" WHERE "tenant_id" = $1 AND "customer_id" = $2 ORDER BY "arrived_at"`,
    [tenantId, customerId],
  );
  return { contacts };
}

/** routing keeps the customer's name and the first words they wrote to show on offers; both go. */
export async function eraseRoutingContacts(manager: EntityManager, tenantId: string, customerId: string): Promise<number> {
  const count = await affectedRows(
    manager,
    `UPDATE "routing"."contact" SET "customer_name" = NULL, "preview" = NULL
     WHERE "tenant_id" = $1 AND "customer_id" = $2 AND ("customer_name" IS NOT NULL OR "preview" IS NOT NULL)`,
    [tenantId, customerId],
  );
  return count;
}
