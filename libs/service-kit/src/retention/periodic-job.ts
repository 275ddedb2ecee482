import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { schemaOf } from './retention-policy-projection';
import { z } from 'zod';
import { queryRows } from '@garda/messaging';

/**
 * A job that runs every `everyMs` on one replica at a time: each run first takes a PostgreSQL
 * session advisory lock named after the job and the service's schema, and a replica that does not
 * get it skips that run. Nothing is scheduled in memory beyond the next tick: what is due is always
 * read from the database, so a restart, a crash or a new replica loses nothing (durable by design).
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly everyMs: number,
    private readonly work: () => Promise<Record<string, number>>,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run now (unless another replica, or this one, is running it); false when skipped. */
  async runOnce(): Promise<boolean> {
    if (this.running) return false;
    let ran = false;
    this.running = (async () => {
      const runner = this.dataSource.createQueryRunner();
      const lockName = `${schemaOf(this.dataSource)}:${this.name}`;
      try {
        await runner.connect();
        const [{ locked }] = await queryRows(
          runner,
          z.object({ locked: z.boolean() }),
          `SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`,
          [lockName],
        );
        if (!locked) return;
        try {
          const removed = await this.work();
          ran = true;
          if (Object.values(removed).some((count) => count > 0)) this.logger.info({ job: this.name, removed }, `${this.name}: done`);
        } finally {
          await runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [lockName]);
        }
      } catch (error) {
        this.logger.warn({ err: error, job: this.name }, `${this.name} failed; the next run retries`);
      } finally {
        await runner.release();
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    return ran;
  }
}
