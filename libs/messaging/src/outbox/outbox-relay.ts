import type { DataSource, QueryRunner } from 'typeorm';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { EventPublisher, OutgoingRecord } from '../kafka/event-publisher';
import { queryRows } from '../sql/typed-query';

const BATCH_SIZE = 500;
/** How soon to look again when committed rows wait behind an older transaction still in flight. */
const HELD_BACK_RETRY_MS = 15;

const OutboxRow = z.object({
  id: z.string(),
  topic: z.string(),
  message_key: z.string(),
  payload: z.string(),
  headers: z.record(z.string(), z.string()),
  /** The writing transaction (xid8, as text: it does not fit a JavaScript number exactly). */
  txid: z.string(),
  /** Every transaction older than the row's has ended: no earlier row can still appear. */
  ready: z.boolean(),
});
type OutboxRow = z.infer<typeof OutboxRow>;

/**
 * The oldest transaction still in flight that has written to this outbox table (it holds the
 * table's RowExclusiveLock until it ends). Only these can still add a row that sorts before one
 * already committed; any other transaction of the cluster — other services' schemas, other
 * databases, a report running for minutes — is irrelevant. pg_stat_activity gives 32-bit xids, the
 * snapshot's in-progress list gives their 64-bit form; they are matched modulo 2^32.
 */
const OLDEST_OUTBOX_WRITER = `
  SELECT min(x)::text AS "oldest"
  FROM pg_snapshot_xip(pg_current_snapshot()) AS x
  WHERE (x::text::bigint % 4294967296) IN (
    SELECT a."backend_xid"::text::bigint
    FROM pg_locks l JOIN pg_stat_activity a ON a."pid" = l."pid"
    WHERE l."locktype" = 'relation' AND l."relation" = $1::regclass
      AND a."backend_xid" IS NOT NULL AND l."pid" <> pg_backend_pid()
  )`;

/**
 * Moves committed outbox rows to Kafka in commit order per key (ADR 0056). A row is published
 * only once every older transaction that has written to this outbox has ended, in (transaction
 * id, id) order: a transaction that committed late can no longer slip in behind rows published
 * after it. Transactions that never touched this outbox do not hold it back. A row is deleted only after the broker
 * acknowledged it, so a crash in between republishes (at-least-once; consumers dedupe by id).
 *
 * Replicas take turns through a session advisory lock, not a transaction: reading a batch and
 * deleting it are two short statements, and a broker outage in between holds no transaction (no
 * snapshot kept open, nothing blocking vacuum) — only the lock, on one pooled connection.
 * Woken in process right after a commit that queued events; a poll covers the rest.
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
    this.draining = this.drain()
      .then(() => undefined)
      .finally(() => {
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

  /**
   * Publish everything pending now; resolves when the outbox is empty (or another replica holds it).
   * Rows held back behind an older transaction still writing to this outbox are waited for, up to
   * `maxWaitMs`, since such transactions are short.
   */
  async flush(maxWaitMs = 10_000): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      await this.draining;
      const heldBack = await this.drain();
      if (!heldBack || Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, HELD_BACK_RETRY_MS));
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.wake();
      if (!this.stopped) this.schedule();
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  /** One pass over the outbox; true when committed rows were held back behind an older transaction. */
  private async drain(): Promise<boolean> {
    const lockKey = `${this.schema}.outbox`;
    let runner: QueryRunner | undefined;
    let heldBack = false;
    try {
      runner = this.dataSource.createQueryRunner();
      await runner.connect();
      const [{ locked }] = await queryRows(
        runner,
        z.object({ locked: z.boolean() }),
        `SELECT pg_try_advisory_lock(hashtext($1)) AS locked`,
        [lockKey],
      );
      if (!locked) return false;
      try {
        for (;;) {
          const batch = await this.publishBatch(runner);
          heldBack = batch.heldBack;
          if (batch.published < BATCH_SIZE) break;
        }
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey]);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox relay could not publish; will retry');
    } finally {
      await runner?.release().catch(() => undefined);
    }
    // Committed rows wait for an older transaction to end: look again shortly, not at the next poll.
    if (heldBack && !this.stopped) setTimeout(() => this.wake(), HELD_BACK_RETRY_MS).unref();
    return heldBack;
  }

  private async publishBatch(runner: QueryRunner): Promise<{ published: number; heldBack: boolean }> {
    const rows = await queryRows(
      runner,
      OutboxRow,
      `SELECT "id", "topic", "message_key", "payload", "headers", "txid"::text AS "txid",
              "txid" < pg_snapshot_xmin(pg_current_snapshot()) AS "ready"
       FROM "${this.schema}"."outbox" ORDER BY "txid", "id" LIMIT $1`,
      [BATCH_SIZE],
    );
    // The cheap test (older than every transaction of the cluster) passes for most rows; only when
    // it does not, ask which in-flight transactions could still write here.
    if (rows.some((row) => !row.ready)) await this.gateOnOutboxWriters(runner, rows);
    const firstWaiting = rows.findIndex((row) => !row.ready);
    const ready = firstWaiting === -1 ? rows : rows.slice(0, firstWaiting);
    if (ready.length === 0) return { published: 0, heldBack: rows.length > 0 };
    const records: OutgoingRecord[] = ready.map((row) => ({
      topic: row.topic,
      key: row.message_key,
      value: row.payload,
      headers: row.headers,
    }));
    await this.publisher.sendRecords(records);
    await runner.query(`DELETE FROM "${this.schema}"."outbox" WHERE "id" = ANY($1::bigint[])`, [ready.map((row) => row.id)]);
    return { published: ready.length, heldBack: ready.length < rows.length };
  }

  /** Marks ready every row older than the oldest in-flight writer of this outbox (all, if none). */
  private async gateOnOutboxWriters(runner: QueryRunner, rows: OutboxRow[]): Promise<void> {
    const [{ oldest }] = await queryRows(runner, z.object({ oldest: z.string().nullable() }), OLDEST_OUTBOX_WRITER, [
      `"${this.schema}"."outbox"`,
    ]);
    for (const row of rows) row.ready = oldest === null || BigInt(row.txid) < BigInt(oldest);
  }
}
