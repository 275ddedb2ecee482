import type { QueueFigures } from '@garda/contracts';
import {
  type AgentActivity,
  agentActivity,
  countAgents,
  mean,
  percent,
  secondsBetween,
  serviceLevelPercent,
} from '../projection/metrics-math';
import { UNRESOLVED_QUEUE } from '../projection/projection-store';
import type { AgentRow, QueueRow, QueueTotalsRow, WaitingRow } from './realtime-queries';

/**
 * One queue on the wallboard, exactly the shape the gateway relays to supervisors (one definition,
 * in libs/contracts); "today" figures count from midnight UTC. Names follow docs/metrics.md.
 */
export type QueueSnapshot = QueueFigures;

export interface AgentSnapshot {
  agentId: string;
  name: string | null;
  state: AgentRow['state'];
  stateReason: string | null;
  stateSince: string;
  timeInStateSeconds: number;
  activity: AgentActivity;
  /** Active contacts per channel. */
  load: Record<string, number>;
  contacts: AgentRow['contacts'];
  queues: string[];
  contactsAnsweredToday: number;
}

const EMPTY_TOTALS: Omit<QueueTotalsRow, 'queueName'> = {
  contactsQueued: 0,
  contactsAnswered: 0,
  answeredWithinThreshold: 0,
  answerWaitSeconds: 0,
  contactsAbandoned: 0,
  abandonedWithinThreshold: 0,
  contactsHandled: 0,
  handleSeconds: 0,
};

export function agentSnapshots(rows: AgentRow[], now: Date): AgentSnapshot[] {
  return rows.map((row) => {
    const load: Record<string, number> = {};
    for (const contact of row.contacts) load[contact.channel] = (load[contact.channel] ?? 0) + 1;
    const stateSince = new Date(row.stateSince);
    return {
      agentId: row.agentId,
      name: row.name,
      state: row.state,
      stateReason: row.stateReason,
      stateSince: stateSince.toISOString(),
      timeInStateSeconds: Math.round(secondsBetween(stateSince, now)),
      activity: agentActivity(row.state, row.contacts.length),
      load,
      contacts: row.contacts,
      queues: row.queues,
      contactsAnsweredToday: row.contactsAnsweredToday,
    };
  });
}

/**
 * Joins the projection's parts into per-queue figures. An agent counts for a queue once routing has
 * offered them a contact from it (analytics learns queue membership from offers; see docs/metrics.md).
 */
export function queueSnapshots(input: {
  queues: QueueRow[];
  waiting: WaitingRow[];
  totals: QueueTotalsRow[];
  agents: AgentSnapshot[];
  now: Date;
}): QueueSnapshot[] {
  const placeholderIsEmpty = (queue: QueueRow) =>
    queue.name === UNRESOLVED_QUEUE &&
    queue.queueId === null &&
    !input.waiting.some((row) => row.queueName === queue.name && row.waiting > 0) &&
    !input.totals.some(
      (row) => row.queueName === queue.name && (row.contactsQueued > 0 || row.contactsAnswered > 0 || row.contactsAbandoned > 0),
    );
  // The placeholder for contacts whose queue routing has not named yet is only shown while it holds something.
  return input.queues
    .filter((queue) => !placeholderIsEmpty(queue))
    .map((queue) => {
      const waiting = input.waiting.find((row) => row.queueName === queue.name);
      const totals = { ...EMPTY_TOTALS, ...input.totals.find((row) => row.queueName === queue.name) };
      const oldest = waiting?.oldestArrivedAt ? new Date(waiting.oldestArrivedAt) : null;
      const members = input.agents.filter((agent) => agent.queues.includes(queue.name));
      return {
        queueName: queue.name,
        queueId: queue.queueId,
        isDefault: queue.isDefault,
        serviceLevelThresholdSeconds: queue.serviceLevelSeconds,
        contactsInQueue: waiting?.waiting ?? 0,
        oldestContactArrivedAt: oldest?.toISOString() ?? null,
        oldestContactAgeSeconds: oldest ? Math.round(secondsBetween(oldest, input.now)) : null,
        contactsQueued: totals.contactsQueued,
        contactsAnswered: totals.contactsAnswered,
        contactsAbandoned: totals.contactsAbandoned,
        answeredWithinThreshold: totals.answeredWithinThreshold,
        serviceLevelPercent: serviceLevelPercent({
          answered: totals.contactsAnswered,
          answeredWithinThreshold: totals.answeredWithinThreshold,
          abandoned: totals.contactsAbandoned,
        }),
        averageSpeedOfAnswerSeconds: mean(totals.answerWaitSeconds, totals.contactsAnswered),
        abandonmentRatePercent: percent(totals.contactsAbandoned, totals.contactsQueued),
        contactsHandled: totals.contactsHandled,
        averageHandleTimeSeconds: mean(totals.handleSeconds, totals.contactsHandled),
        ...countAgents(members.map((agent) => agent.activity)),
      };
    });
}
