import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { EventPublisher, OutgoingRecord } from '../kafka/event-publisher';

const BATCH_SIZE = 200;

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Moves committed outbox rows to Kafka, oldest first. A row is deleted only after the broker
 * acknowledged it, so a crash in between republishes (at-least-once; consumers dedupe by message
 * id). Replicas take turns through an advisory lock, which also keeps per-key order.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private wokenWhileDraining = false;
  private stopped = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly publisher: EventPublisher,
    private readonly logger: Logger,
    private readonly pollIntervalMs = 250,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.wokenWhileDraining = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.wokenWhileDraining) {
        this.wokenWhileDraining = false;
        this.wake();
      }
    });
  }

  /** Stop polling and wait for a batch in flight, so shutdown never abandons a half-sent batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  /** Publish everything pending now; resolves when the outbox is empty (or another replica holds it). */
  async flush(): Promise<void> {
    await this.draining;
    await this.drain();
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.wake();
      if (!this.stopped) this.schedule();
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const published = await this.publishBatch();
        if (published < BATCH_SIZE) return;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay could not publish; will retry');
    }
  }

  private async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [
        `${this.schema}.outbox`,
      ])) as Array<{ locked: boolean }>;
      if (!locked) return 0;
      const rows = (await manager.query(
        `SELECT "id", "topic", "message_key", "payload", "headers" FROM "${this.schema}"."outbox" ORDER BY "id" LIMIT $1`,
        [BATCH_SIZE],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      const records: OutgoingRecord[] = rows.map((row) => ({
        topic: row.topic,
        key: row.message_key,
        value: row.payload,
        headers: row.headers,
      }));
      await this.publisher.sendRecords(records);
      await manager.query(`DELETE FROM "${this.schema}"."outbox" WHERE "id" = ANY($1::bigint[])`, [rows.map((row) => row.id)]);
      return rows.length;
    });
  }
}
