import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

const T = '"channels_ingest"."imap_mailbox"';

export interface MailboxCursor {
  uidValidity: bigint | undefined;
  lastUid: bigint;
}

export interface MailboxStatus {
  accountId: string;
  uidValidity: string | null;
  lastUid: string;
  readingNow: boolean;
  lastCheckedAt: string | null;
  lastError: string | null;
  messagesRead: string;
}

/**
 * The IMAP mailboxes' cursors and leases. One replica reads a mailbox at a time: it holds a lease
 * that it renews while it reads, and every cursor write names the holder, so a replica that lost
 * its lease (paused, cut off) can no longer move the cursor of the one that took over.
 */
export class ImapMailboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes the mailbox's lease when it is free or expired (or renews it); false when another replica holds it. */
  async lease(accountId: string, holder: string, seconds: number): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      z.unknown(),
      `INSERT INTO ${T} ("account_id", "lease_holder", "lease_until") VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT ("account_id") DO UPDATE SET "lease_holder" = EXCLUDED."lease_holder", "lease_until" = EXCLUDED."lease_until"
       WHERE ${T}."lease_holder" = EXCLUDED."lease_holder" OR ${T}."lease_until" < now() OR ${T}."lease_holder" IS NULL
       RETURNING "account_id"`,
      [accountId, holder, seconds],
    );
    return rows.length === 1;
  }

  /** Lets another replica take over at once (shutdown, account no longer read over IMAP). */
  async release(accountId: string, holder: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${T} SET "lease_holder" = NULL, "lease_until" = '-infinity' WHERE "account_id" = $1 AND "lease_holder" = $2`,
      [accountId, holder],
    );
  }

  async cursor(accountId: string): Promise<MailboxCursor> {
    const [row] = await queryRows(
      this.dataSource,
      z.object({ uid_validity: z.string().nullable(), last_uid: z.string() }),
      `SELECT "uid_validity", "last_uid" FROM ${T} WHERE "account_id" = $1`,
      [accountId],
    );
    return { uidValidity: row?.uid_validity ? BigInt(row.uid_validity) : undefined, lastUid: BigInt(row?.last_uid ?? 0) };
  }

  /** Moves the cursor past a message (or resets it for a new UIDVALIDITY); false when the lease is no longer ours. */
  async advance(accountId: string, holder: string, cursor: MailboxCursor, read = 0): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      z.unknown(),
      `UPDATE ${T} SET "uid_validity" = $3, "last_uid" = $4, "messages_read" = "messages_read" + $5, "last_checked_at" = now(), "last_error" = NULL
       WHERE "account_id" = $1 AND "lease_holder" = $2 RETURNING "account_id"`,
      [accountId, holder, cursor.uidValidity?.toString() ?? null, cursor.lastUid.toString(), read],
    );
    return rows.length === 1;
  }

  async failed(accountId: string, holder: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${T} SET "last_error" = $3, "last_checked_at" = now() WHERE "account_id" = $1 AND "lease_holder" = $2`,
      [accountId, holder, error.slice(0, 1000)],
    );
  }

  async status(accountId: string): Promise<MailboxStatus | undefined> {
    const [row] = await queryRows(
      this.dataSource,
      z.object({
        account_id: z.string(),
        uid_validity: z.string().nullable(),
        last_uid: z.string(),
        reading_now: z.boolean(),
        last_checked_at: z.date().nullable(),
        last_error: z.string().nullable(),
        messages_read: z.string(),
      }),
      `SELECT "account_id", "uid_validity", "last_uid", "lease_until" > now() AS "reading_now", "last_checked_at", "last_error", "messages_read"
       FROM ${T} WHERE "account_id" = $1`,
      [accountId],
    );
    if (!row) return undefined;
    return {
      accountId: row.account_id,
      uidValidity: row.uid_validity,
      lastUid: row.last_uid,
      readingNow: row.reading_now,
      lastCheckedAt: row.last_checked_at?.toISOString() ?? null,
      lastError: row.last_error,
      messagesRead: row.messages_read,
    };
  }
}
