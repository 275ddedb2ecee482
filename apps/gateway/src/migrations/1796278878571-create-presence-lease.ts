import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePresenceLease1796278878571 implements MigrationInterface {
  name = 'CreatePresenceLease1796278878571';

  async up(runner: QueryRunner): Promise<void> {
    // Each running gateway replica renews its row every couple of seconds (realtime/presence/presence-lease.ts).
    await runner.query(`CREATE TABLE "gateway"."gateway_replica" (
      "instance_id" text PRIMARY KEY,
      "heartbeat_at" timestamptz NOT NULL DEFAULT now(),
      "started_at" timestamptz NOT NULL DEFAULT now()
    )`);
    // The sockets each replica holds, so another replica can tell whose sockets died with a crashed one.
    await runner.query(`CREATE TABLE "gateway"."socket_presence" (
      "instance_id" text NOT NULL,
      "socket_id" text NOT NULL,
      "tenant_id" text NOT NULL,
      "user_id" text NOT NULL,
      "connected_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_socket_presence" PRIMARY KEY ("instance_id", "socket_id")
    )`);
    await runner.query(`CREATE INDEX "idx_socket_presence_user" ON "gateway"."socket_presence" ("tenant_id", "user_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gateway"."socket_presence"`);
    await runner.query(`DROP TABLE "gateway"."gateway_replica"`);
  }
}
