import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateImapMailbox1796278343513 implements MigrationInterface {
  name = 'CreateImapMailbox1796278343513';

  async up(runner: QueryRunner): Promise<void> {
    // Per e-mail account read over IMAP: how far it has been read (UIDVALIDITY + last UID, RFC 3501
    // 2.3.1.1), which replica reads it now (a lease renewed while it does), and how the last attempt went.
    await runner.query(`CREATE TABLE "channels_ingest"."imap_mailbox" (
      "account_id" text NOT NULL REFERENCES "channels_ingest"."channel_account" ("id") ON DELETE CASCADE,
      "uid_validity" bigint,
      "last_uid" bigint NOT NULL DEFAULT 0,
      "lease_holder" text,
      "lease_until" timestamptz NOT NULL DEFAULT '-infinity',
      "last_checked_at" timestamptz,
      "last_error" text,
      "messages_read" bigint NOT NULL DEFAULT 0,
      CONSTRAINT "pk_imap_mailbox" PRIMARY KEY ("account_id")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."imap_mailbox"`);
  }
}
