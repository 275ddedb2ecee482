import type { SupervisorSnapshot } from '@garda/contracts';
import type { Logger } from 'pino';
import type { AnalyticsWallboard } from './analytics-wallboard';

/**
 * A first push soon after a change (bursts of events coalesce into it), and a second one a second
 * later: analytics commits its projection in its own consumer, which may lag the gateway's.
 */
const FIRST_PUSH_MS = 200;
const SETTLE_PUSH_MS = 1000;

/**
 * Pushes supervisors analytics' fresh figures after routing's and tickets' events. Bursts of events
 * for one tenant coalesce into one read; a change that arrives after a cycle's first read gets a
 * cycle of its own, so the last push always follows the last event.
 */
export class SnapshotPusher {
  private readonly pending = new Map<string, { timers: NodeJS.Timeout[]; firstRead: boolean; changedAgain: boolean }>();

  constructor(
    private readonly reader: Pick<AnalyticsWallboard, 'snapshotFor'>,
    private readonly emit: (tenantId: string, snapshot: SupervisorSnapshot) => void,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  changed(tenantId: string): void {
    const current = this.pending.get(tenantId);
    if (current) {
      // Before the first read, this cycle's reads cover the change; after it, the settling read may not.
      if (current.firstRead) current.changedAgain = true;
      return;
    }
    const push = () => void this.push(tenantId);
    const cycle = { firstRead: false, changedAgain: false, timers: [] as NodeJS.Timeout[] };
    cycle.timers = [
      setTimeout(() => {
        cycle.firstRead = true;
        push();
      }, FIRST_PUSH_MS),
      setTimeout(() => {
        this.pending.delete(tenantId);
        push();
        if (cycle.changedAgain) this.changed(tenantId);
      }, SETTLE_PUSH_MS),
    ];
    this.pending.set(tenantId, cycle);
  }

  stop(): void {
    for (const cycle of this.pending.values()) cycle.timers.forEach(clearTimeout);
    this.pending.clear();
  }

  private async push(tenantId: string): Promise<void> {
    try {
      this.emit(tenantId, await this.reader.snapshotFor(tenantId));
    } catch (error) {
      // Supervisors keep the last figures they had; the periodic refresh tries again.
      this.logger.warn({ err: error, tenantId }, 'could not push a supervisor snapshot: analytics did not answer');
    }
  }
}
