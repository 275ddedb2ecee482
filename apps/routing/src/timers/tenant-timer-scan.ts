import type { Logger } from 'pino';

export interface DueTenant {
  tenant_id: string;
  revision: string;
  next_timer_at: Date;
}

export interface TimerScanPorts {
  /** Tenants whose next timer is due, oldest first, leaving out `exclude`. */
  dueTenants(now: Date, exclude: string[], limit: number): Promise<DueTenant[]>;
  /** Whether this instance should fire them now (it holds the tenant's engine, or the owner is late). */
  shouldFire(tenant: DueTenant, now: number): boolean;
  /** Fires one tenant's due timers in a transaction of its own. */
  fire(tenantId: string): Promise<void>;
  logger: Logger;
  now?: () => number;
}

export interface TimerScanLimits {
  /** Tenants whose timers may be firing at once (each holds a database connection meanwhile). */
  concurrency: number;
  /** Due tenants read per scan. */
  batch: number;
  /** First wait after a tenant's timers failed; doubles with each further failure. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_TIMER_SCAN_LIMITS: TimerScanLimits = { concurrency: 4, batch: 100, retryBaseMs: 500, retryMaxMs: 30_000 };

/**
 * Fires tenants' routing timers so that one tenant can never hold up another's (issue 15, item 3):
 * each tenant fires on its own (a failure is that tenant's alone: logged, retried with backoff,
 * and left out of the due query meanwhile so it takes no place in the batch), and the scan does
 * not wait for a tenant that is slow — its next run goes on with the others while it finishes.
 */
export class TenantTimerScan {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly failing = new Map<string, { failures: number; retryAt: number }>();
  private scanning = false;
  private readonly now: () => number;

  constructor(
    private readonly ports: TimerScanPorts,
    private readonly limits: TimerScanLimits = DEFAULT_TIMER_SCAN_LIMITS,
  ) {
    this.now = ports.now ?? Date.now;
  }

  /** Starts the due tenants' timers; resolves once they are started, not when they are done. */
  async scan(): Promise<void> {
    if (this.scanning || this.inFlight.size >= this.limits.concurrency) return;
    this.scanning = true;
    try {
      const now = this.now();
      const waiting = [...this.failing].filter(([, state]) => state.retryAt > now).map(([tenantId]) => tenantId);
      const due = await this.ports.dueTenants(new Date(now), [...this.inFlight.keys(), ...waiting], this.limits.batch);
      for (const tenant of due) {
        if (this.inFlight.size >= this.limits.concurrency) break;
        if (this.inFlight.has(tenant.tenant_id) || !this.ports.shouldFire(tenant, now)) continue;
        this.start(tenant.tenant_id);
      }
    } catch (error) {
      this.ports.logger.warn({ err: error }, 'timer scan failed; will retry');
    } finally {
      this.scanning = false;
    }
  }

  /** Waits for the timers in progress (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all(this.inFlight.values());
  }

  /** Tenants whose timers failed last time and are waiting for their retry. */
  failingTenants(): string[] {
    return [...this.failing.keys()];
  }

  private start(tenantId: string): void {
    const run = (async () => {
      try {
        await this.ports.fire(tenantId);
        this.failing.delete(tenantId);
      } catch (error) {
        const failures = (this.failing.get(tenantId)?.failures ?? 0) + 1;
        const waitMs = Math.min(this.limits.retryMaxMs, this.limits.retryBaseMs * 2 ** (failures - 1));
        this.failing.set(tenantId, { failures, retryAt: this.now() + waitMs });
        this.ports.logger.warn({ err: error, tenantId, failures, retryInMs: waitMs }, "a tenant's routing timers failed; retrying later");
      } finally {
        this.inFlight.delete(tenantId);
      }
    })();
    this.inFlight.set(tenantId, run);
  }
}
