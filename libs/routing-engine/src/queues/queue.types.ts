import { RelaxationStep } from '../requirements/relaxation';
import { RoutingStrategy } from '../strategies/strategy.types';

export interface ServiceLevelTarget {
  /** e.g. 80 for "80 % ..." */
  readonly percent: number;
  /** e.g. 20 for "... answered within 20 s" */
  readonly withinSeconds: number;
}

export interface QueueDefinition {
  readonly id: string;
  readonly name?: string;
  /** Default priority of its contacts; higher is served first. Default 0. */
  readonly priority?: number;
  /** Who may take a contact, relaxing step by step while it waits. */
  readonly requirements: readonly RelaxationStep[];
  /** Default longest-idle. */
  readonly strategy?: RoutingStrategy;
  readonly serviceLevel?: ServiceLevelTarget;
  /** After this long in the queue a waiting contact overflows (or leaves routing if no overflow). */
  readonly maxWaitSeconds?: number;
  readonly overflowQueueId?: string;
  /** How long an agent has to accept an offer. Default: engine option. */
  readonly offerTimeoutSeconds?: number;
  /** After-contact work granted when a contact of this queue completes. Default: engine option. */
  readonly afterContactWorkSeconds?: number;
}

export interface QueueStats {
  readonly queueId: string;
  readonly waiting: number;
  readonly offered: number;
  readonly inProgress: number;
  readonly oldestWaitMs: number;
  /** Members who are available with spare capacity on some channel. */
  readonly freeAgents: number;
  /** Members who are not offline. */
  readonly staffedAgents: number;
  readonly arrived: number;
  readonly answered: number;
  readonly answeredWithinTarget: number;
  readonly abandoned: number;
  readonly overflowed: number;
  readonly maxWaitExceeded: number;
  /** answeredWithinTarget / (answered + abandoned); undefined before the first outcome. */
  readonly serviceLevel: number | undefined;
  readonly averageSpeedOfAnswerMs: number | undefined;
  readonly serviceLevelTarget: QueueDefinition['serviceLevel'];
}
