import type { AgentActivity } from '@garda/contracts';

// The wallboard's activity names are part of the supervisor contract; re-exported for local use.
export type { AgentActivity };

/**
 * The arithmetic behind every figure analytics serves, free of I/O so it can be unit-tested.
 * Definitions are in docs/metrics.md.
 */

export const INTERVAL_MINUTES = 15;
const INTERVAL_MS = INTERVAL_MINUTES * 60_000;
const DAY_MS = 24 * 3600_000;

/** The 15-minute interval an instant belongs to (UTC-aligned: :00, :15, :30, :45). */
export function intervalStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / INTERVAL_MS) * INTERVAL_MS);
}

/** "Today" starts at midnight UTC (tenants have no time zone in Garda yet). */
export function startOfUtcDay(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
}

export function secondsBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 1000);
}

/** A percentage with one decimal, or null when there is nothing to divide by (not 0 %, not 100 %). */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

/** A mean with one decimal, or null when nothing was measured. */
export function mean(sum: number, count: number): number | null {
  if (count <= 0) return null;
  return Math.round((sum / count) * 10) / 10;
}

/** A contact answered or abandoned after waiting at most the threshold counts as within service level. */
export function isWithinServiceLevel(waitedSeconds: number, thresholdSeconds: number): boolean {
  return waitedSeconds <= thresholdSeconds;
}

export interface ServiceLevelCounts {
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
}

/**
 * Service level = contacts answered within the threshold / (contacts answered + contacts abandoned),
 * in percent. Abandoned contacts count against it whatever their wait (the strict ACD definition).
 */
export function serviceLevelPercent(counts: ServiceLevelCounts): number | null {
  return percent(counts.answeredWithinThreshold, counts.answered + counts.abandoned);
}

export type AgentState = 'available' | 'away' | 'offline' | 'after-contact-work';

/**
 * What an agent is doing, as the wallboard counts them. After-contact work wins (the agent is
 * wrapping up); otherwise holding any contact means "on contact" whatever the status (an agent who
 * went away with a conversation open is still working it), as Amazon Connect counts "On contact".
 */
export function agentActivity(state: AgentState, activeContacts: number): AgentActivity {
  if (state === 'after-contact-work') return 'after-contact-work';
  if (activeContacts > 0) return 'on-contact';
  return state;
}

export interface AgentCounts {
  agentsAvailable: number;
  agentsOnContact: number;
  agentsAfterContactWork: number;
  agentsAway: number;
  /** Everyone not offline. */
  agentsOnline: number;
  /** Available + on contact + after-contact work: the agents who can or do take contacts. */
  agentsStaffed: number;
}

export function countAgents(activities: AgentActivity[]): AgentCounts {
  const count = (activity: AgentActivity) => activities.filter((a) => a === activity).length;
  const agentsAvailable = count('available');
  const agentsOnContact = count('on-contact');
  const agentsAfterContactWork = count('after-contact-work');
  const agentsAway = count('away');
  return {
    agentsAvailable,
    agentsOnContact,
    agentsAfterContactWork,
    agentsAway,
    agentsOnline: agentsAvailable + agentsOnContact + agentsAfterContactWork + agentsAway,
    agentsStaffed: agentsAvailable + agentsOnContact + agentsAfterContactWork,
  };
}

/** The interval starts covering [from, to), so a chart has a point for every 15 minutes, even empty ones. */
export function intervalStarts(from: Date, to: Date): Date[] {
  const starts: Date[] = [];
  for (let at = intervalStart(from).getTime(); at < to.getTime(); at += INTERVAL_MS) starts.push(new Date(at));
  return starts;
}

/**
 * How many contacts were waiting at each instant, from their arrival and the moment they left the
 * queue (answered or abandoned; null = still waiting). Used for "waiting contacts over the last hour".
 */
export function waitingAt(instants: Date[], contacts: Array<{ arrivedAt: Date; leftAt: Date | null }>): number[] {
  return instants.map(
    (instant) =>
      contacts.filter((c) => c.arrivedAt.getTime() <= instant.getTime() && (c.leftAt === null || c.leftAt.getTime() > instant.getTime()))
        .length,
  );
}
