import type { PrivacySubject } from '@garda/contracts';
import { affectedRows, queryRows, termVariants } from '@garda/service-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';

/** A whole row, every column as it is: an export must not drop a column added later. */
const Row = z.record(z.string(), z.unknown());

/** Which of notifications' rows are the subject's: by conversation, by thread, by address. */
const SUBJECT_ROWS = `"tenant_id" = $1 AND ("conversation_id" = ANY($2::uuid[])
  OR ("account_id", "thread_key") IN (SELECT * FROM unnest($3::text[], $4::text[]))
  OR lower("identity_value") = ANY($5::text[]))`;

function subjectParameters(tenantId: string, subject: PrivacySubject): unknown[] {
  return [
    tenantId,
    subject.conversationIds,
    subject.threads.map((thread) => thread.accountId),
    subject.threads.map((thread) => thread.threadKey),
    subject.terms.map((term) => term.toLowerCase()),
  ];
}

/** Where surveys go for the customer's conversations, and the webhook deliveries that told of them. */
export async function exportNotifications(manager: EntityManager, tenantId: string, subject: PrivacySubject) {
  const parameters = subjectParameters(tenantId, subject);
  const recipients = await queryRows(
    manager,
    Row,
    `SELECT * FROM "notifications"."conversation_recipient" WHERE ${SUBJECT_ROWS}`,
    parameters,
  );
  const messageLinks = await queryRows(manager, Row, `SELECT * FROM "notifications"."message_link" WHERE ${SUBJECT_ROWS}`, parameters);
  const webhookDeliveries = await queryRows(
    manager,
    Row,
    `SELECT "id", "event_type", "payload", "occurred_at", "status", "delivered_at" FROM "notifications"."webhook_delivery"
     WHERE "tenant_id" = $1 AND ("payload"->>'conversationId' = ANY($2::text[]) OR lower("payload"::text) LIKE ANY($3::text[]))
     ORDER BY "created_at"`,
    [tenantId, subject.conversationIds, likePatterns(subject.terms)],
  );
  return { recipients, messageLinks, webhookDeliveries };
}

/**
 * Forgets where the customer is reached (address, thread, subject) and blanks the webhook
 * deliveries that carried their messages; a delivery still pending is given up rather than sent
 * with erased content. The tenant's endpoints already received what was delivered before: the
 * erasure request is the tenant's to pass on to its own systems.
 */
export async function eraseNotifications(manager: EntityManager, tenantId: string, subject: PrivacySubject): Promise<number> {
  const parameters = subjectParameters(tenantId, subject);
  const blank = `"identity_value" = NULL, "thread_key" = NULL, "subject" = NULL`;
  const still = `("identity_value" IS NOT NULL OR "thread_key" IS NOT NULL OR "subject" IS NOT NULL)`;
  const recipients = await affected(
    manager,
    `UPDATE "notifications"."conversation_recipient" SET ${blank} WHERE ${SUBJECT_ROWS} AND ${still}`,
    parameters,
  );
  const links = await affected(manager, `DELETE FROM "notifications"."message_link" WHERE ${SUBJECT_ROWS}`, parameters);
  const deliveries = await affected(
    manager,
    `UPDATE "notifications"."webhook_delivery"
     SET "payload" = jsonb_build_object('erased', true), "last_error" = NULL,
         "status" = CASE WHEN "status" = 'pending' THEN 'failed' ELSE "status" END
     WHERE "tenant_id" = $1 AND NOT ("payload" ? 'erased')
       AND ("payload"->>'conversationId' = ANY($2::text[]) OR lower("payload"::text) LIKE ANY($3::text[]))`,
    [tenantId, subject.conversationIds, likePatterns(subject.terms)],
  );
  return recipients + links + deliveries;
}

function likePatterns(terms: readonly string[]): string[] {
  return termVariants(terms).map((variant) => `%${variant.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
}

async function affected(manager: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  const count = await affectedRows(manager, sql, parameters);
  return count;
}
