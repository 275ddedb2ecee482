import type { EntityManager } from 'typeorm';

export type TicketTimerKind = 'auto-close' | 'pending-reminder' | 'pending-solve';

/** Sets (or moves) one timer of a ticket; a ticket has at most one timer of each kind. */
export async function setTimer(
  manager: EntityManager,
  tenantId: string,
  ticketId: string,
  kind: TicketTimerKind,
  dueAt: Date,
): Promise<void> {
  await manager.query(
    `INSERT INTO "tickets"."ticket_timer" ("ticket_id", "kind", "tenant_id", "due_at") VALUES ($1, $2, $3, $4)
     ON CONFLICT ("ticket_id", "kind") DO UPDATE SET "due_at" = EXCLUDED."due_at"`,
    [ticketId, kind, tenantId, dueAt],
  );
}

export async function clearTimers(manager: EntityManager, ticketId: string, kinds: TicketTimerKind[]): Promise<void> {
  await manager.query(`DELETE FROM "tickets"."ticket_timer" WHERE "ticket_id" = $1 AND "kind" = ANY($2)`, [ticketId, kinds]);
}
