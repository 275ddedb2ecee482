import type { AgentFigures, QueueFigures, SupervisorSnapshot } from '@garda/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useLive } from '../app/LiveProvider';
import { useSocketEvent } from '../app/useAgentSocket';
import { useGateway } from '../session/SessionProvider';

export interface WaitingSample {
  at: number;
  waiting: number;
}

const HISTORY_MS = 60 * 60 * 1000;
export const SNAPSHOT_KEY = ['supervisor', 'snapshot'] as const;

/**
 * The wallboard's data, the analytics service's real-time figures relayed by the gateway: loaded
 * over HTTP on every (re)connection, then replaced by each 'supervisor:snapshot' push (within a
 * second of the event, and every few seconds), which writes into the same query's cache.
 */
export function useWallboard() {
  const gateway = useGateway();
  const queryClient = useQueryClient();
  const { socket, connected } = useLive();
  const [history, setHistory] = useState<WaitingSample[]>([]);

  const snapshot = useQuery({
    queryKey: SNAPSHOT_KEY,
    queryFn: async ({ signal }): Promise<SupervisorSnapshot> => {
      const [queues, agents] = await Promise.all([
        gateway.get<Omit<SupervisorSnapshot, 'agents'>>('/supervisor/queues', { signal }),
        gateway.get<{ agents: AgentFigures[] }>('/supervisor/agents', { signal }),
      ]);
      return { ...queues, agents: agents.agents };
    },
    // Stale at once: each reconnection (enabled again) loads it afresh; pushes keep it current meanwhile.
    enabled: connected,
    staleTime: 0,
  });

  useSocketEvent(socket, 'supervisor:snapshot', (next) => queryClient.setQueryData(SNAPSHOT_KEY, next));

  const current = snapshot.data;
  useEffect(() => {
    if (!current) return;
    const waiting = current.queues.reduce((sum, queue) => sum + queue.contactsInQueue, 0);
    setHistory((samples) => [...samples.filter((s) => s.at > Date.now() - HISTORY_MS), { at: Date.now(), waiting }]);
  }, [current]);

  // Keep the waiting-contacts chart moving when nothing happens.
  useEffect(() => {
    const timer = setInterval(
      () =>
        setHistory((samples) =>
          samples.length
            ? [...samples.filter((s) => s.at > Date.now() - HISTORY_MS), { at: Date.now(), waiting: samples[samples.length - 1].waiting }]
            : samples,
        ),
      15_000,
    );
    return () => clearInterval(timer);
  }, []);

  return { snapshot: current, error: snapshot.error, history };
}

/** Tenant-wide figures from the per-queue ones, with analytics' names and definitions (docs/metrics.md). */
export function totals(queues: QueueFigures[]) {
  const sum = (pick: (queue: QueueFigures) => number) => queues.reduce((total, queue) => total + pick(queue), 0);
  const contactsAnswered = sum((q) => q.contactsAnswered);
  const contactsAbandoned = sum((q) => q.contactsAbandoned);
  const answeredWithinThreshold = sum((q) => q.answeredWithinThreshold);
  const answerWaitSeconds = sum((q) => (q.averageSpeedOfAnswerSeconds ?? 0) * q.contactsAnswered);
  const oldest =
    queues
      .map((q) => q.oldestContactArrivedAt)
      .filter((since): since is string => Boolean(since))
      .sort()[0] ?? null;
  return {
    contactsInQueue: sum((q) => q.contactsInQueue),
    contactsAnswered,
    contactsAbandoned,
    oldestContactArrivedAt: oldest,
    serviceLevelPercent:
      contactsAnswered + contactsAbandoned === 0
        ? null
        : Math.round((answeredWithinThreshold / (contactsAnswered + contactsAbandoned)) * 1000) / 10,
    averageSpeedOfAnswerSeconds: contactsAnswered === 0 ? null : Math.round((answerWaitSeconds / contactsAnswered) * 10) / 10,
  };
}

/** Agents counted the way analytics counts them per queue (activity), over the whole tenant. */
export function agentsByActivity(agents: AgentFigures[]) {
  const count = (activity: AgentFigures['activity']) => agents.filter((agent) => agent.activity === activity).length;
  return {
    available: count('available'),
    onContact: count('on-contact'),
    afterContactWork: count('after-contact-work'),
    away: count('away'),
    offline: count('offline'),
  };
}
