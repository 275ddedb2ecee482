import { Channel } from '../agents/agent.types';
import { ContactRecord } from '../contacts/contact-record';
import { stepStartOffsets } from '../requirements/relaxation';
import { SkillExpression } from '../requirements/skill-expression';
import { ContactHeap } from './contact-heap';
import { QueueDefinition } from './queue.types';

/**
 * Waiting contacts that every agent judges alike: same queue, channel, requirement step and
 * contact requirement (or, for a preference bucket, the same preferred agent and channel).
 * Only the head of a bucket can be the best contact for an agent, which keeps a freed agent's
 * search to a handful of heads instead of every waiting contact.
 */
export interface WaitingBucket {
  readonly key: string;
  /** The queue whose bucket this is; undefined for a preferred agent's bucket. */
  readonly queueId: string | undefined;
  readonly channel: Channel;
  readonly step: number;
  readonly requirementKey: string;
  readonly requires: SkillExpression | undefined;
  readonly heap: ContactHeap;
}

export interface QueueCounters {
  arrived: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  overflowed: number;
  maxWaitExceeded: number;
  totalAnswerWaitMs: number;
}

export class QueueRecord {
  stepStarts: number[];
  readonly buckets = new Map<string, WaitingBucket>();
  /** The same buckets as an array, which a freed agent scans without allocating an iterator. */
  bucketList: WaitingBucket[] = [];
  /** Contacts in this queue's buckets (not those waiting for a preferred agent). */
  waitingInBuckets = 0;
  roundRobinCursor: string | undefined;
  counters: QueueCounters = {
    arrived: 0,
    answered: 0,
    answeredWithinTarget: 0,
    abandoned: 0,
    overflowed: 0,
    maxWaitExceeded: 0,
    totalAnswerWaitMs: 0,
  };

  constructor(public definition: QueueDefinition) {
    this.stepStarts = stepStartOffsets(definition.requirements);
  }

  get id(): string {
    return this.definition.id;
  }

  redefine(definition: QueueDefinition): void {
    this.definition = definition;
    this.stepStarts = stepStartOffsets(definition.requirements);
  }

  bucketFor(contact: ContactRecord): WaitingBucket {
    const key = `${contact.channel}\u0000${contact.step}\u0000${contact.requirementKey}`;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = {
        key,
        queueId: this.id,
        channel: contact.channel,
        step: contact.step,
        requirementKey: contact.requirementKey,
        requires: contact.requires,
        heap: new ContactHeap(),
      };
      this.buckets.set(key, bucket);
      this.bucketList.push(bucket);
    }
    return bucket;
  }

  dropBucket(bucket: WaitingBucket): void {
    this.buckets.delete(bucket.key);
    this.bucketList = this.bucketList.filter((b) => b !== bucket);
  }

  recordAnswer(waitedMs: number): void {
    this.counters.answered++;
    this.counters.totalAnswerWaitMs += waitedMs;
    const target = this.definition.serviceLevel;
    if (target !== undefined && waitedMs <= target.withinSeconds * 1000) this.counters.answeredWithinTarget++;
  }
}
