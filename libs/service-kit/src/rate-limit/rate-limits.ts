import { type OnModuleDestroy } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import { type AttemptRule, AttemptThrottle } from './attempt-throttle';
import { RateLimit, type RateLimitRule } from './rate-limit';
import { RATE_LIMIT_TABLE } from './rate-limit-table';

interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}

/** Rows that expired this long ago are deleted (by one timer per process), so the table stays small. */
const CLEANUP_INTERVAL_MS = 5 * 60_000;
const CLEANUP_AGE_MS = 60 * 60_000;

/**
 * Where a service's limits live. `RateLimits.postgres(dataSource)` keeps every count in the
 * service's own schema (table `rate_limit`, see rateLimitTableMigration), so all replicas share
 * them with no extra infrastructure; `RateLimits.inMemory()` is for unit tests.
 * Inject it through RateLimitsModule; define each limit once (e.g. in a provider's constructor).
 */
export class RateLimits implements OnModuleDestroy {
  private readonly names = new Map<string, string>();
  private cleanup: NodeJS.Timeout | undefined;

  private constructor(
    private readonly create: (options: LimiterOptions) => RateLimiterAbstract,
    private readonly removeExpired?: () => Promise<void>,
  ) {}

  static postgres(dataSource: DataSource): RateLimits {
    const schemaName = (dataSource.options as { schema?: string }).schema;
    if (!schemaName) throw new Error('RateLimits.postgres needs a DataSource with a schema (the service schema)');
    const table = `"${schemaName}"."${RATE_LIMIT_TABLE}"`;
    return new RateLimits(
      (options) =>
        new RateLimiterPostgres({
          ...options,
          storeClient: dataSource,
          storeType: 'typeorm',
          schemaName,
          tableName: RATE_LIMIT_TABLE,
          // The table comes from the service's migrations; one cleanup timer serves every limit.
          tableCreated: true,
          clearExpiredByTimeout: false,
        }),
      async () => {
        if (dataSource.isInitialized) await dataSource.query(`DELETE FROM ${table} WHERE "expire" < $1`, [Date.now() - CLEANUP_AGE_MS]);
      },
    );
  }

  static inMemory(): RateLimits {
    return new RateLimits((options) => new RateLimiterMemory(options));
  }

  /** A fixed-window limit (sessions per address, messages per session, connection attempts). */
  limit(rule: RateLimitRule): RateLimit {
    if (!(rule.points >= 1 && rule.windowSeconds >= 1)) throw new Error(`${rule.name}: points and windowSeconds must be at least 1`);
    this.claim(rule.name, rule);
    return new RateLimit(
      rule,
      this.limiter({ keyPrefix: rule.name, points: rule.points, duration: rule.windowSeconds, blockDuration: rule.blockSeconds }),
    );
  }

  /** Progressive delay and temporary lock for failed attempts (logins, codes). */
  attempts(rule: AttemptRule): AttemptThrottle {
    this.claim(rule.name, rule);
    return new AttemptThrottle(rule, {
      failures: this.limiter({ keyPrefix: `${rule.name}:failures`, points: rule.lockAfterFailures, duration: rule.windowSeconds }),
      delay: this.limiter({ keyPrefix: `${rule.name}:delay`, points: 1, duration: rule.maxDelaySeconds }),
      lock: this.limiter({ keyPrefix: `${rule.name}:lock`, points: 1, duration: rule.lockSeconds }),
    });
  }

  onModuleDestroy(): void {
    if (this.cleanup) clearInterval(this.cleanup);
    this.cleanup = undefined;
  }

  private limiter(options: LimiterOptions): RateLimiterAbstract {
    if (this.removeExpired && !this.cleanup) {
      const removeExpired = this.removeExpired;
      this.cleanup = setInterval(() => void removeExpired().catch(() => undefined), CLEANUP_INTERVAL_MS);
      this.cleanup.unref();
    }
    return this.create(options);
  }

  /** Two limits under one name would share counts by accident; the same definition twice is fine. */
  private claim(name: string, rule: RateLimitRule | AttemptRule): void {
    if (!/^[\w.-]{1,100}$/.test(name)) throw new Error(`rate limit name "${name}" must be 1-100 letters, digits, . _ -`);
    const definition = JSON.stringify(rule);
    const existing = this.names.get(name);
    if (existing !== undefined && existing !== definition) throw new Error(`rate limit "${name}" is already defined differently`);
    this.names.set(name, definition);
  }
}
