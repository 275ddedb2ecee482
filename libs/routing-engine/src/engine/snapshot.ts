import { AgentProfile, AgentState } from '../agents/agent.types';
import { ContactRecord } from '../contacts/contact-record';
import { RoutingDecision } from '../offers/decisions';
import { QueueCounters } from '../queues/queue-record';
import { QueueDefinition } from '../queues/queue.types';
import { Timer } from '../timers/timer-heap';
import { ResolvedOptions } from './options';

export const SNAPSHOT_VERSION = 1;

/** The contact fields a snapshot keeps (everything but index positions). */
export const CONTACT_SNAPSHOT_FIELDS = [
  'id',
  'channel',
  'seq',
  'arrivedAt',
  'requires',
  'requirementKey',
  'explicitPriority',
  'queueId',
  'priority',
  'queueEnteredAt',
  'status',
  'step',
  'offer',
  'offerSeq',
  'assignedAgentId',
  'assignedAt',
  'lastDeclinedBy',
  'preferredAgentId',
  'preferredUntil',
  'waitEpoch',
  'queueEpoch',
  'preferenceEpoch',
] as const satisfies readonly (keyof ContactRecord)[];

export type ContactSnapshot = Pick<ContactRecord, (typeof CONTACT_SNAPSHOT_FIELDS)[number]>;

/** Everything an engine needs to continue after a restart; plain JSON (store it as jsonb). */
export interface RoutingEngineSnapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly options: ResolvedOptions;
  readonly clock: number;
  readonly contactSeq: number;
  readonly timerSeq: number;
  readonly queues: readonly { definition: QueueDefinition; counters: QueueCounters; roundRobinCursor: string | undefined }[];
  readonly agents: readonly {
    profile: AgentProfile;
    state: AgentState;
    idleSince: number;
    consecutiveMissedOffers: number;
    acwEpoch: number;
  }[];
  readonly contacts: readonly ContactSnapshot[];
  readonly timers: readonly Timer[];
  /** Decisions made by timers before an input was refused, still to be handed out. */
  readonly pendingDecisions: readonly RoutingDecision[];
}
