import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLive } from '../app/LiveProvider';
import { useLocaleSettings } from '../i18n/LocaleProvider';
import { useGateway } from '../session/SessionProvider';
import { startOfTenantDay } from '../time/tenant-time';
import { useNow } from '../ui/useNow';

/** The analytics service's interval and trend figures (ADR 0008, docs/metrics.md) as relayed by the gateway. */
export interface AnalyticsInterval {
  intervalStart: string;
  contactsQueued: number;
  contactsAnswered: number;
  contactsAbandoned: number;
  serviceLevelPercent: number | null;
}

export interface AnalyticsWaitingPoint {
  at: string;
  contactsInQueue: number;
}

export interface AnalyticsFigures {
  intervals: AnalyticsInterval[];
  waiting: AnalyticsWaitingPoint[];
}

const REFRESH_MS = 30_000;
const AFTER_CHANGE_MS = 800;
/** Snapshots also arrive every 5 s without events; the charts (15-minute and 1-minute steps) need no more than this. */
const MIN_RELOAD_MS = 5_000;

/**
 * The charts (arrivals against answered, service level through the day, contacts in queue over the
 * last hour), refreshed shortly after every live snapshot (changeKey) and every 30 s. "Today"
 * starts at midnight in the tenant's time zone: that is the `from` the intervals are asked for,
 * and at midnight the charts start a new day.
 */
export function useAnalytics(changeKey: string | undefined) {
  const gateway = useGateway();
  const { connected } = useLive();
  const { timeZone } = useLocaleSettings();
  const dayStart = startOfTenantDay(useNow(60_000), timeZone).toISOString();

  const query = useQuery({
    queryKey: ['analytics', 'today', dayStart],
    queryFn: async ({ signal }): Promise<AnalyticsFigures> => {
      const [intervals, waiting] = await Promise.all([
        gateway.get<{ intervals: AnalyticsInterval[] }>('/analytics/history/intervals', { query: { from: dayStart }, signal }),
        gateway.get<{ points: AnalyticsWaitingPoint[] }>('/analytics/realtime/waiting', {
          query: { minutes: 60, stepSeconds: 60 },
          signal,
        }),
      ]);
      return { intervals: intervals.intervals, waiting: waiting.points };
    },
    enabled: connected,
    refetchInterval: REFRESH_MS,
    // The charts say themselves when analytics is away; no retry storm behind them.
    retry: false,
  });

  // Throttled, not debounced: snapshots can come faster than AFTER_CHANGE_MS for a long while, and
  // a timer restarted by each one would never fire. One reload is pending at most.
  const refetch = useRef(query.refetch);
  refetch.current = query.refetch;
  const loadedAt = useRef(0);
  loadedAt.current = query.dataUpdatedAt;
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (!connected || changeKey === undefined || pending.current) return;
    const wait = Math.max(AFTER_CHANGE_MS, MIN_RELOAD_MS - (Date.now() - loadedAt.current));
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void refetch.current();
    }, wait);
  }, [changeKey, connected]);
  useEffect(() => () => clearTimeout(pending.current), []);

  return {
    figures: query.data,
    dayStart,
    unavailable: query.isError && query.errorUpdatedAt >= query.dataUpdatedAt,
  };
}
