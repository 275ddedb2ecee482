import type { SupervisorSnapshot } from '@garda/contracts';
import type { Logger } from 'pino';
import type { AnalyticsWallboard } from './analytics-wallboard';

const SUPERVISORS_ROOM = /^tenant:([0-9a-f-]{36}):supervisors$/;

/** The rooms of this replica's sockets (room name -> socket ids), as socket.io's adapter keeps them. */
export type LocalRooms = () => ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Every few seconds, pushes fresh figures to the supervisors connected to this replica, so the
 * figures that move with time alone (oldest contact age, time in state) move on the wallboard even
 * when no event happens. Each replica refreshes only its own sockets.
 */
export class WallboardRefresher {
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly reader: AnalyticsWallboard,
    private readonly rooms: LocalRooms,
    private readonly emitLocal: (tenantId: string, snapshot: SupervisorSnapshot) => void,
    private readonly logger: Logger,
    private readonly intervalMs = 5000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  tenantsWithSupervisors(): string[] {
    const tenants: string[] = [];
    for (const [room, sockets] of this.rooms()) {
      const match = SUPERVISORS_ROOM.exec(room);
      if (match && sockets.size > 0) tenants.push(match[1]);
    }
    return tenants;
  }

  async refresh(): Promise<void> {
    // A slow analytics must not pile up refreshes.
    if (this.running) return;
    this.running = true;
    try {
      await Promise.all(
        this.tenantsWithSupervisors().map(async (tenantId) => {
          try {
            this.emitLocal(tenantId, await this.reader.snapshotFor(tenantId));
          } catch (error) {
            this.logger.warn({ err: error, tenantId }, 'could not refresh the wallboard: analytics did not answer');
          }
        }),
      );
    } finally {
      this.running = false;
    }
  }
}
