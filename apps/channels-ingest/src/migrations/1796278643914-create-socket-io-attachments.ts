import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSocketIoAttachments1796278643914 implements MigrationInterface {
  name = 'CreateSocketIoAttachments1796278643914';

  async up(runner: QueryRunner): Promise<void> {
    // Web-chat broadcasts between replicas too large for a NOTIFY travel through this table (postgres adapter).
    await runner.query(`CREATE TABLE "channels_ingest"."socket_io_attachments" (
      "id" bigserial UNIQUE,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "payload" bytea
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."socket_io_attachments"`);
  }
}
