import { type PrivacySubject, ERASED_TEXT } from '@garda/contracts';
import { affectedRows, queryRows, termVariants, updatedRows } from '@garda/service-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';

type Row = Record<string, unknown>;
type Thread = PrivacySubject['threads'][number];

const S = '"channels_ingest"';
const RAW_PAGE = 500;

/** The subject's threads on the tenant's own accounts only: an admin cannot reach another tenant's threads by naming them. */
async function tenantThreads(manager: EntityManager, tenantId: string, subject: PrivacySubject): Promise<Thread[]> {
  if (subject.threads.length === 0) return [];
  const rows = await queryRows(
    manager,
    z.object({ id: z.string() }),
    `SELECT "id" FROM ${S}."channel_account" WHERE "tenant_id" = $1 AND "id" = ANY($2::text[])`,
    [tenantId, [...new Set(subject.threads.map((thread) => thread.accountId))]],
  );
  const owned = new Set(rows.map((row) => row.id));
  return subject.threads.filter((thread) => owned.has(thread.accountId));
}

const threadArrays = (threads: Thread[]) => [threads.map((thread) => thread.accountId), threads.map((thread) => thread.threadKey)];
const IN_THREADS = (a: number, b: number) => `("account_id", "thread_key") IN (SELECT * FROM unnest($${a}::text[], $${b}::text[]))`;
/** A web-chat thread key is the session id (a uuid). */
const webchatSessions = (threads: Thread[]) =>
  threads.filter((thread) => thread.channel === 'webchat' && /^[0-9a-f-]{36}$/i.test(thread.threadKey)).map((thread) => thread.threadKey);

/**
 * The provider deliveries that mention the subject, found by reading them: a raw payload is the
 * provider's bytes (JSON, a form post, a MIME message) and is linked to no customer. Only the
 * accounts the customer wrote on are read, a page at a time.
 */
async function rawPayloadsOf(manager: EntityManager, tenantId: string, threads: Thread[], terms: string[]): Promise<Row[]> {
  const accounts = [...new Set(threads.map((thread) => thread.accountId))];
  const variants = termVariants(terms);
  if (accounts.length === 0 || variants.length === 0) return [];
  const found: Row[] = [];
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await queryRows(
      manager,
      z.looseObject({ id: z.string(), payload: z.instanceof(Buffer) }),
      `SELECT "id", "account_id", "content_type", "payload", "received_at" FROM ${S}."inbound_raw"
       WHERE "tenant_id" = $1 AND "account_id" = ANY($2::text[]) AND "id" > $3 ORDER BY "id" LIMIT ${RAW_PAGE}`,
      [tenantId, accounts, after],
    );
    for (const row of page) {
      const text = row.payload.toString('utf8').toLowerCase();
      if (variants.some((variant) => text.includes(variant))) found.push(row);
    }
    if (page.length < RAW_PAGE) return found;
    after = page[page.length - 1].id;
  }
}

/** Everything channels-ingest holds about the subject: transcripts, raw deliveries, attachments' metadata, calls, deliveries. */
export async function exportChannels(manager: EntityManager, tenantId: string, subject: PrivacySubject) {
  const threads = await tenantThreads(manager, tenantId, subject);
  const [accounts, keys] = threadArrays(threads);
  const sessions = webchatSessions(threads);
  const webchatTranscript = await queryRows(
    manager,
    z.record(z.string(), z.unknown()),
    `SELECT * FROM ${S}."webchat_transcript" WHERE "tenant_id" = $1 AND "session_id"::text = ANY($2::text[]) ORDER BY "id"`,
    [tenantId, sessions],
  );
  const rawPayloads = (await rawPayloadsOf(manager, tenantId, threads, subject.terms)).map((row) => {
    const payload = row.payload as Buffer;
    const text = payload.toString('utf8');
    const isText = Buffer.from(text, 'utf8').equals(payload);
    return { ...row, payload: isText ? text : payload.toString('base64'), payloadEncoding: isText ? 'utf8' : 'base64' };
  });
  const attachments = await queryRows(
    manager,
    z.record(z.string(), z.unknown()),
    `SELECT "id", "content_type", "size_bytes", "sha256", "filename", "source", "account_id", "conversation_id", "ticket_id", "created_at"
     FROM ${S}."media_object" WHERE "tenant_id" = $1 AND ("customer_id" = $2 OR "conversation_id" = ANY($3::uuid[]) OR "webchat_session_id"::text = ANY($4::text[]))
     ORDER BY "created_at"`,
    [tenantId, subject.customerId, subject.conversationIds, sessions],
  );
  const voiceCalls = await queryRows(
    manager,
    z.record(z.string(), z.unknown()),
    `SELECT * FROM ${S}."voice_call" WHERE "tenant_id" = $1 AND (${IN_THREADS(2, 3)} OR "customer_number" = ANY($4::text[])) ORDER BY "created_at"`,
    [tenantId, accounts, keys, subject.terms],
  );
  const outboundDeliveries = await queryRows(
    manager,
    z.record(z.string(), z.unknown()),
    `SELECT * FROM ${S}."outbound_delivery" WHERE "tenant_id" = $1 AND ${IN_THREADS(2, 3)} ORDER BY "created_at"`,
    [tenantId, accounts, keys],
  );
  return { webchatTranscript, rawPayloads, attachments, voiceCalls, outboundDeliveries };
}

/**
 * Erases the subject from channels-ingest: deletes web-chat transcripts, raw deliveries that mention
 * them, thread bookkeeping (24-hour windows, e-mail threading) and rate-limit counters named after
 * their sessions; anonymises voice calls (number, thread, recording link and events) and outbound
 * delivery records. Returns the rows affected and the attachments' storage keys, whose objects the
 * caller deletes once the rows are gone.
 */
export async function eraseChannels(
  manager: EntityManager,
  tenantId: string,
  subject: PrivacySubject,
): Promise<{ rows: number; storageKeys: string[] }> {
  const threads = await tenantThreads(manager, tenantId, subject);
  const [accounts, keys] = threadArrays(threads);
  const sessions = webchatSessions(threads);
  let rows = 0;
  const run = async (sql: string, parameters: unknown[]) => {
    const count = await affectedRows(manager, sql, parameters);
    rows += count;
  };

  await run(`DELETE FROM ${S}."webchat_transcript" WHERE "tenant_id" = $1 AND "session_id"::text = ANY($2::text[])`, [tenantId, sessions]);
  const raw = await rawPayloadsOf(manager, tenantId, threads, subject.terms);
  if (raw.length > 0)
    await run(`DELETE FROM ${S}."inbound_raw" WHERE "tenant_id" = $1 AND "id" = ANY($2::uuid[])`, [tenantId, raw.map((row) => row.id)]);
  await run(`DELETE FROM ${S}."customer_window" WHERE ${IN_THREADS(1, 2)}`, [accounts, keys]);
  await run(`DELETE FROM ${S}."email_message_index" WHERE ${IN_THREADS(1, 2)}`, [accounts, keys]);
  await run(
    `UPDATE ${S}."outbound_delivery" SET "thread_key" = 'erased:' || "message_id"::text, "error" = NULL WHERE "tenant_id" = $1 AND ${IN_THREADS(2, 3)}`,
    [tenantId, accounts, keys],
  );
  const calls = await queryRows(
    manager,
    z.object({ id: z.string() }),
    `SELECT "id" FROM ${S}."voice_call" WHERE "tenant_id" = $1 AND (${IN_THREADS(2, 3)} OR "customer_number" = ANY($4::text[]))`,
    [tenantId, accounts, keys, subject.terms],
  );
  if (calls.length > 0) {
    const ids = calls.map((call) => call.id);
    await run(`UPDATE ${S}."voice_call_event" SET "payload" = '{}'::jsonb WHERE "call_id" = ANY($1::uuid[]) AND "payload" <> '{}'::jsonb`, [
      ids,
    ]);
    await run(
      `UPDATE ${S}."voice_call" SET "customer_number" = $2, "thread_key" = 'erased:' || "id"::text, "recording_url" = NULL WHERE "id" = ANY($1::uuid[])`,
      [ids, ERASED_TEXT],
    );
  }
  const media = await updatedRows(
    manager,
    z.object({ storage_key: z.string() }),
    `DELETE FROM ${S}."media_object" WHERE "tenant_id" = $1
       AND ("customer_id" = $2 OR "conversation_id" = ANY($3::uuid[]) OR "webchat_session_id"::text = ANY($4::text[]))
     RETURNING "storage_key"`,
    [tenantId, subject.customerId, subject.conversationIds, sessions],
  );
  rows += media.length;
  // Rate-limit keys name sessions (and, for some limits, addresses): counters of the subject's sessions go.
  if (sessions.length > 0) {
    await run(`DELETE FROM ${S}."rate_limit" WHERE "key" LIKE ANY($1::text[])`, [sessions.map((session) => `%${session}%`)]);
  }
  return { rows, storageKeys: media.map((row) => row.storage_key) };
}
