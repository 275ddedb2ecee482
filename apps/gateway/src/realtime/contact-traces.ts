import type { ContactTraceV1 } from '@garda/contracts';
import { logContext } from '@garda/messaging';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

interface ContactRef {
  tenantId: string;
  contactId: string;
  conversationId: string;
}

/** The trace context of the message being handled, if it has one. */
function currentTrace(): ContactTraceV1 | undefined {
  const context = logContext.getStore();
  return context?.traceParent && context.correlationId
    ? { traceParent: context.traceParent, correlationId: context.correlationId }
    : undefined;
}

/**
 * Where the gateway keeps each contact's trace context (table gateway.contact_trace). The contact's
 * own trace is the one its routing request travelled in: the first one recorded wins, because later
 * offers of the same contact may be made while routing handles something else (an agent turning
 * available, a timer). Routing's explicit `trace` on an event always wins.
 */
export const contactTraces = {
  /** Records the current message's trace for the contact unless one is known; returns the contact's trace. */
  async remember(manager: EntityManager, ref: ContactRef, explicit?: ContactTraceV1): Promise<ContactTraceV1 | undefined> {
    const trace = explicit ?? currentTrace();
    if (trace) {
      await manager.query(
        `INSERT INTO "gateway"."contact_trace" ("tenant_id", "contact_id", "conversation_id", "trace_parent", "correlation_id") VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ("tenant_id", "contact_id") DO ${explicit ? `UPDATE SET "trace_parent" = EXCLUDED."trace_parent", "correlation_id" = EXCLUDED."correlation_id", "updated_at" = now()` : 'NOTHING'}`,
        [ref.tenantId, ref.contactId, ref.conversationId, trace.traceParent, trace.correlationId],
      );
    }
    const rows = await queryRows(
      manager,
      z.object({ trace_parent: z.string(), correlation_id: z.string() }),
      `SELECT "trace_parent", "correlation_id" FROM "gateway"."contact_trace" WHERE "tenant_id" = $1 AND "contact_id" = $2`,
      [ref.tenantId, ref.contactId],
    );
    return rows[0] && { traceParent: rows[0].trace_parent, correlationId: rows[0].correlation_id };
  },

  /** A closed conversation takes no more commands about its contacts. */
  async forgetConversation(manager: EntityManager, tenantId: string, conversationId: string): Promise<void> {
    await manager.query(`DELETE FROM "gateway"."contact_trace" WHERE "tenant_id" = $1 AND "conversation_id" = $2`, [
      tenantId,
      conversationId,
    ]);
  },

  /** The trace of a contact, or of the latest contact of a conversation. */
  async find(
    dataSource: DataSource,
    tenantId: string,
    about: { contactId?: string; conversationId?: string },
  ): Promise<ContactTraceV1 | undefined> {
    const [column, id] = about.contactId
      ? ['contact_id', about.contactId]
      : about.conversationId
        ? ['conversation_id', about.conversationId]
        : [];
    if (!column || !UUID.test(id!)) return undefined;
    const rows = await queryRows(
      dataSource,
      z.object({ trace_parent: z.string(), correlation_id: z.string() }),
      `SELECT "trace_parent", "correlation_id" FROM "gateway"."contact_trace" WHERE "tenant_id" = $1 AND "${column}" = $2 ORDER BY "updated_at" DESC LIMIT 1`,
      [tenantId, id],
    );
    return rows[0] && { traceParent: rows[0].trace_parent, correlationId: rows[0].correlation_id };
  },
};

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
