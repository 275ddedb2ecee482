import type { DataSource } from 'typeorm';
import { affectedRows } from '../sql/typed-query';

export interface InboxPruning {
  /** Inbox rows older than this are forgotten. Must outlive Kafka's retention of the topics consumed. */
  olderThanDays: number;
  /** Rows deleted per statement, so one sweep never holds long locks on a busy table. */
  batchSize?: number;
}

/**
 * Deletes the inbox records (message ids already processed) older than the given age, in batches,
 * and returns how many went. The inbox only has to remember a message for as long as Kafka may
 * deliver it again: after the topic's retention no broker still has it, so its id can go.
 * Safe to run on every replica at once (each batch deletes what it finds; none is deleted twice).
 */
export async function pruneInbox(
  dataSource: DataSource,
  schema: string,
  { olderThanDays, batchSize = 5000 }: InboxPruning,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await affectedRows(
      dataSource,
      `DELETE FROM "${schema}"."inbox" WHERE ctid IN (
         SELECT ctid FROM "${schema}"."inbox" WHERE "processed_at" < now() - make_interval(days => $1) LIMIT $2)`,
      [olderThanDays, batchSize],
    );
    total += deleted;
    if (deleted < batchSize) return total;
  }
}
