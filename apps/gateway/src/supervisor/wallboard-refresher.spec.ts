import type { SupervisorSnapshot } from '@garda/contracts';
import type { Logger } from 'pino';
import type { AnalyticsWallboard } from './analytics-wallboard';
import { WallboardRefresher } from './wallboard-refresher';

const WITH_SUPERVISOR = '00000000-0000-4000-8000-000000000001';
const EMPTY_ROOM = '00000000-0000-4000-8000-000000000002';

describe('WallboardRefresher', () => {
  it('refreshes only tenants whose supervisors are connected here', async () => {
    const snapshotFor = jest.fn(
      async (tenantId: string) => ({ asOf: 'now', since: tenantId, queues: [], agents: [] }) as SupervisorSnapshot,
    );
    const rooms = new Map<string, Set<string>>([
      [`tenant:${WITH_SUPERVISOR}:supervisors`, new Set(['socket-1'])],
      [`tenant:${EMPTY_ROOM}:supervisors`, new Set()],
      [`tenant:${EMPTY_ROOM}:agent:${WITH_SUPERVISOR}`, new Set(['socket-2'])],
    ]);
    const emitted: string[] = [];
    const refresher = new WallboardRefresher(
      { snapshotFor } as unknown as AnalyticsWallboard,
      () => rooms,
      (tenantId) => emitted.push(tenantId),
      { warn: jest.fn() } as unknown as Logger,
    );
    await refresher.refresh();
    expect(emitted).toEqual([WITH_SUPERVISOR]);
    expect(snapshotFor).toHaveBeenCalledTimes(1);
  });
});
