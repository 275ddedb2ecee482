import type { AuthClaims } from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { TicketEntity } from '../conversations/ticket.entity';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

/** Message matches looked at per search: enough for a page of the newest, bounded for common words. */
const MESSAGE_HITS = 2_000;

/**
 * Words for PostgreSQL full text with the 'simple' configuration: no stemming and no stop words,
 * so "tagihan", "refund" and "JNE123" match as typed in either language; the last word matches as
 * a prefix, as a person types.
 */
export function toPrefixQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}@._+-]+/u)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean)
    .slice(0, 8);
  if (!words.length) return null;
  return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(' & ');
}

/**
 * Search a tenant's tickets by number ("#1042" or "1042"), by the words of their subject and
 * messages, and by the customer's name, e-mail or phone (trigrams: any part of it). Agents find
 * only what they may see; results newest-changed first.
 */
export async function searchTickets(manager: EntityManager, user: AuthClaims, q: string, limit: number): Promise<TicketEntity[]> {
  const number = /^#?(\d{1,9})$/.exec(q.trim());
  // "#1042" is a ticket number and nothing else; "1042" may also be part of a phone or a word.
  const onlyNumber = number !== null && q.trim().startsWith('#');
  const words = onlyNumber ? null : toPrefixQuery(q);
  const like = !onlyNumber && q.trim().length >= 3 ? `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const params: unknown[] = [user.tenantId, number ? Number(number[1]) : null, words, like, limit, MESSAGE_HITS];
  const visibility = user.role === 'agent' ? `AND (t."assignee_id" = $7 OR t."assignee_id" IS NULL)` : '';
  if (user.role === 'agent') params.push(user.sub);
  const rows = await queryRows(
    manager,
    z.object({ id: z.string() }),
    `WITH hits AS (
       SELECT "id" FROM "tickets"."ticket" WHERE "tenant_id" = $1 AND "number" = $2
       UNION
       SELECT "id" FROM "tickets"."ticket" WHERE "tenant_id" = $1 AND $3::text IS NOT NULL
         AND to_tsvector('simple', "subject" || ' ' || coalesce("customer_name", '') || ' ' || coalesce("customer_address", ''))
             @@ to_tsquery('simple', $3)
       UNION
       SELECT "id" FROM "tickets"."ticket" WHERE "tenant_id" = $1 AND $4::text IS NOT NULL
         AND (coalesce("customer_name", '') || ' ' || coalesce("customer_address", '')) ILIKE $4
       UNION
       SELECT c."ticket_id" FROM (
         SELECT "conversation_id" FROM "tickets"."message"
         WHERE "tenant_id" = $1 AND $3::text IS NOT NULL AND to_tsvector('simple', "text") @@ to_tsquery('simple', $3)
         LIMIT $6
       ) m JOIN "tickets"."conversation" c ON c."id" = m."conversation_id"
     )
     SELECT t."id" FROM "tickets"."ticket" t JOIN hits ON hits."id" = t."id"
     WHERE t."tenant_id" = $1 ${visibility}
     ORDER BY t."updated_at" DESC, t."id" DESC LIMIT $5`,
    params,
  );
  if (!rows.length) return [];
  const tickets = await manager.getRepository(TicketEntity).findBy(rows.map((row) => ({ id: row.id, tenantId: user.tenantId })));
  const byId = new Map(tickets.map((ticket) => [ticket.id, ticket]));
  return rows.map((row) => byId.get(row.id)).filter((ticket): ticket is TicketEntity => ticket !== undefined);
}
