import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

/** Which thread a Message-ID belongs to, per account: a reply to any message of a thread finds it. */
export async function findThread(manager: EntityManager, accountId: string, messageIds: string[]): Promise<string | undefined> {
  if (messageIds.length === 0) return undefined;
  const rows = await queryRows(
    manager,
    z.object({ message_id_header: z.string(), thread_key: z.string() }),
    `SELECT "message_id_header", "thread_key" FROM "channels_ingest"."email_message_index" WHERE "account_id" = $1 AND "message_id_header" = ANY($2::text[])`,
    [accountId, messageIds],
  );
  const byId = new Map(rows.map((row) => [row.message_id_header, row.thread_key]));
  return messageIds.map((id) => byId.get(id)).find((thread) => thread !== undefined);
}

export async function rememberMessage(
  manager: EntityManager,
  accountId: string,
  messageIdHeader: string,
  threadKey: string,
): Promise<void> {
  await manager.query(
    `INSERT INTO "channels_ingest"."email_message_index" ("account_id", "message_id_header", "thread_key") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [accountId, messageIdHeader, threadKey],
  );
}
