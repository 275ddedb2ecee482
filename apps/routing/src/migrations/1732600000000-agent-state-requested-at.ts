import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the agent (or a supervisor for them) last asked for a state, by the gateway's clock. A
 * disconnect from the gateway (agents.disconnected.v1) older than that is stale — the agent came
 * back and chose a state since — and is ignored: the two travel on different topics, so Kafka
 * does not keep their order.
 */
export class AgentStateRequestedAt1732600000000 implements MigrationInterface {
  name = 'AgentStateRequestedAt1732600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "routing"."agent_profile" ADD COLUMN "state_requested_at" timestamptz`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "routing"."agent_profile" DROP COLUMN "state_requested_at"`);
  }
}
