import { AgentRecord } from '../agents/agent-record';
import { ContactRecord } from '../contacts/contact-record';
import { QueueRecord } from './queue-record';
import { QueueStats } from './queue.types';

/** Live and cumulative statistics per queue, sorted by queue id; O(contacts + members). */
export function computeQueueStats(
  queues: Iterable<QueueRecord>,
  contacts: Iterable<ContactRecord>,
  membersOf: (queueId: string) => Iterable<AgentRecord>,
  at: number,
): QueueStats[] {
  const live = new Map<string, { waiting: number; offered: number; inProgress: number; oldest: number }>();
  const sorted = [...queues].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const queue of sorted) live.set(queue.id, { waiting: 0, offered: 0, inProgress: 0, oldest: 0 });
  for (const contact of contacts) {
    const entry = live.get(contact.queueId);
    if (entry === undefined) continue;
    if (contact.status === 'waiting') {
      entry.waiting++;
      entry.oldest = Math.max(entry.oldest, at - contact.queueEnteredAt);
    } else if (contact.status === 'offered') entry.offered++;
    else entry.inProgress++;
  }
  return sorted.map((queue) => {
    const entry = live.get(queue.id)!;
    const c = queue.counters;
    const outcomes = c.answered + c.abandoned;
    const members = [...membersOf(queue.id)];
    return {
      queueId: queue.id,
      waiting: entry.waiting,
      offered: entry.offered,
      inProgress: entry.inProgress,
      oldestWaitMs: entry.oldest,
      freeAgents: members.filter((a) => a.isFree()).length,
      staffedAgents: members.filter((a) => a.state.status !== 'offline').length,
      arrived: c.arrived,
      answered: c.answered,
      answeredWithinTarget: c.answeredWithinTarget,
      abandoned: c.abandoned,
      overflowed: c.overflowed,
      maxWaitExceeded: c.maxWaitExceeded,
      serviceLevel: outcomes === 0 ? undefined : c.answeredWithinTarget / outcomes,
      averageSpeedOfAnswerMs: c.answered === 0 ? undefined : c.totalAnswerWaitMs / c.answered,
      serviceLevelTarget: queue.definition.serviceLevel,
    };
  });
}
