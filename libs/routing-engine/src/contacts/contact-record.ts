import { Channel } from '../agents/agent.types';
import { SkillExpression } from '../requirements/skill-expression';
import { ContactStatus } from './contact.types';

export interface PendingOffer {
  readonly agentId: string;
  readonly expiresAt: number;
  readonly offeredAt: number;
  /** Identifies this offer among the contact's offers, so a stale timeout is ignored. */
  readonly seq: number;
}

/** The engine's mutable view of one contact. Internal. */
export interface ContactRecord {
  readonly id: string;
  readonly channel: Channel;
  /** Arrival order, the last tie-break, so ordering never depends on Map iteration. */
  readonly seq: number;
  readonly arrivedAt: number;
  readonly requires: SkillExpression | undefined;
  /** Key of `requires` for eligibility caches and buckets; '' when none. */
  readonly requirementKey: string;
  readonly explicitPriority: number | undefined;
  queueId: string;
  priority: number;
  queueEnteredAt: number;
  status: ContactStatus;
  /** Requirement step in force while waiting. */
  step: number;
  offer: PendingOffer | undefined;
  offerSeq: number;
  assignedAgentId: string | undefined;
  assignedAt: number | undefined;
  /** The agent who last rejected or missed it: offered again only when nobody else can take it. */
  lastDeclinedBy: string | undefined;
  preferredAgentId: string | undefined;
  preferredUntil: number | undefined;
  /** Bumped whenever the contact (re-)enters waiting, a queue, or a preference, to spot stale timers. */
  waitEpoch: number;
  queueEpoch: number;
  preferenceEpoch: number;
  /** Position in its waiting bucket's heap, -1 when in none. */
  heapIndex: number;
  bucket: unknown;
}

/** Served first: higher priority, then longer wait (earlier arrival), then earlier request. */
export function comesBefore(a: ContactRecord, b: ContactRecord): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.arrivedAt !== b.arrivedAt) return a.arrivedAt < b.arrivedAt;
  return a.seq < b.seq;
}
