import type { EntityManager } from 'typeorm';

/** Which thread a Message-ID belongs to, per account: a reply to any message of a thread finds it. */
export async function findThread(manager: EntityManager, accountId: string, messageIds: string[]): Promise<string | undefined> {
  if (messageIds.length === 0) return undefined;
  const rows = (await manager.query(
    `SELECT "message_id_header", "thread_key" FROM "channels_ingest"."email_message_index" WHERE "account_id" = $1 AND "message_id_header" = ANY($2::text[])`,
    [accountId, messageIds],
  )) as Array<{ message_id_header: string; thread_key: string }>;
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
