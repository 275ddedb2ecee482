import { ERASED_TEXT } from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { affectedRows, queryRows } from '@garda/service-kit';

/** A whole row, every column as it is: an export must not drop a column added later. */
const Row = z.record(z.string(), z.unknown());

/**
 * A customer's tickets, conversations and every message of them (internal notes included: the
 * person has a right to what was written about them), whole rows, so a column added later is
 * exported without anyone remembering to add it here.
 */
export async function exportTickets(manager: EntityManager, tenantId: string, customerId: string) {
  const tickets = await queryRows(
    manager,
    Row,
    `SELECT * FROM "tickets"."ticket" WHERE "tenant_id" = $1 AND "customer_id" = $2 ORDER BY "created_at"`,
    [tenantId, customerId],
  );
  const conversations = await queryRows(
    manager,
    Row,
    `SELECT * FROM "tickets"."conversation" WHERE "tenant_id" = $1 AND "customer_id" = $2 ORDER BY "created_at"`,
    [tenantId, customerId],
  );
  const messages = await queryRows(
    manager,
    Row,
    `SELECT m.* FROM "tickets"."message" m JOIN "tickets"."conversation" c ON c."id" = m."conversation_id"
     WHERE c."tenant_id" = $1 AND c."customer_id" = $2 ORDER BY m."created_at"`,
    [tenantId, customerId],
  );
  return { tickets, conversations, messages };
}

/**
 * Anonymises a customer's conversations: message texts, customer author names, attachments,
 * provider ids and delivery errors of every message; the conversation's name, recipient address,
 * subject and thread key (the thread key is the web-chat session or the e-mail thread, which
 * identify the person); the tickets' subjects. Statuses, times, agents and counts stay, so reports
 * remain true. The ticket's copy of the customer's name and address, a survey comment and the
 * subject's earlier wordings in the history go too. Only rows that still hold something are touched: a second run changes nothing.
 */
export async function eraseTickets(manager: EntityManager, tenantId: string, customerId: string): Promise<number> {
  const messages = await affected(
    manager,
    `UPDATE "tickets"."message" m SET "text" = $3,
       "author_name" = CASE WHEN m."author_type" = 'customer' THEN NULL ELSE m."author_name" END,
       "attachments" = '[]'::jsonb, "provider_message_id" = NULL, "delivery_error" = NULL
     FROM "tickets"."conversation" c
     WHERE c."id" = m."conversation_id" AND c."tenant_id" = $1 AND c."customer_id" = $2
       AND (m."text" <> $3 OR m."attachments" <> '[]'::jsonb OR m."provider_message_id" IS NOT NULL OR m."delivery_error" IS NOT NULL
            OR (m."author_type" = 'customer' AND m."author_name" IS NOT NULL))`,
    [tenantId, customerId, ERASED_TEXT],
  );
  const conversations = await affected(
    manager,
    `UPDATE "tickets"."conversation" SET "customer_name" = NULL, "subject" = NULL, "recipient_value" = $3,
       "thread_key" = 'erased:' || "id"::text
     WHERE "tenant_id" = $1 AND "customer_id" = $2 AND "recipient_value" <> $3`,
    [tenantId, customerId, ERASED_TEXT],
  );
  const tickets = await affected(
    manager,
    `UPDATE "tickets"."ticket" SET "subject" = $3, "customer_name" = NULL, "customer_address" = NULL, "survey_comment" = NULL
     WHERE "tenant_id" = $1 AND "customer_id" = $2
       AND ("subject" <> $3 OR "customer_name" IS NOT NULL OR "customer_address" IS NOT NULL OR "survey_comment" IS NOT NULL)`,
    [tenantId, customerId, ERASED_TEXT],
  );
  // A subject's earlier wordings live on in the ticket's history (docs/tickets.md).
  const history = await affected(
    manager,
    `UPDATE "tickets"."ticket_history" h SET "from_value" = NULL, "to_value" = NULL
     FROM "tickets"."ticket" t
     WHERE t."id" = h."ticket_id" AND t."tenant_id" = $1 AND t."customer_id" = $2 AND h."field" = 'subject'
       AND (h."from_value" IS NOT NULL OR h."to_value" IS NOT NULL)`,
    [tenantId, customerId],
  );
  return messages + conversations + tickets + history;
}

async function affected(manager: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const count = await affectedRows(manager, sql, parameters);
  return count;
}
