import { useEffect, useRef, useState } from 'react';
import { api } from '../api/http';

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
 * last hour), refreshed shortly after every live snapshot (changeKey) and every 30 s. The live
 * figures themselves come with the snapshot.
 */
export function useAnalytics(token: string, connected: boolean, changeKey: string | undefined) {
  const [figures, setFigures] = useState<AnalyticsFigures>();
  const [unavailable, setUnavailable] = useState(false);
  const inFlight = useRef(false);
  const loadedAt = useRef(0);

  const load = useRef(async () => undefined as void);
  load.current = async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const [intervals, waiting] = await Promise.all([
        api<{ intervals: AnalyticsInterval[] }>('/analytics/history/intervals', { token }),
        api<{ points: AnalyticsWaitingPoint[] }>('/analytics/realtime/waiting?minutes=60&stepSeconds=60', { token }),
      ]);
      loadedAt.current = Date.now();
      setFigures({ intervals: intervals.intervals, waiting: waiting.points });
      setUnavailable(false);
    } catch {
      setUnavailable(true);
    } finally {
      inFlight.current = false;
    }
  };

  useEffect(() => {
    if (!connected) return;
    void load.current();
    const timer = setInterval(() => void load.current(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [connected]);

  // Throttled, not debounced: snapshots can come faster than AFTER_CHANGE_MS for a long while, and
  // a timer restarted by each one would never fire. One reload is pending at most.
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    if (!connected || changeKey === undefined || pending.current) return;
    const wait = Math.max(AFTER_CHANGE_MS, MIN_RELOAD_MS - (Date.now() - loadedAt.current));
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void load.current();
    }, wait);
  }, [changeKey, connected]);
  useEffect(() => () => clearTimeout(pending.current), []);

  return { figures, unavailable };
}
