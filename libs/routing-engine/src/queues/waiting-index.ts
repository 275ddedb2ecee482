import { Channel } from '../agents/agent.types';
import { ContactRecord } from '../contacts/contact-record';
import { ContactHeap } from './contact-heap';
import { QueueRecord, WaitingBucket } from './queue-record';

/**
 * Where waiting contacts sit: in their queue's bucket for (channel, step, requirement), or, while
 * they wait for a preferred agent, in that agent's bucket for the channel.
 */
export class WaitingIndex {
  private readonly preferenceBuckets = new Map<string, Map<Channel, WaitingBucket>>();

  constructor(private readonly queues: ReadonlyMap<string, QueueRecord>) {}

  /** Buckets of contacts waiting for this agent in particular (undefined when none, the usual case). */
  preferringAgent(agentId: string): ReadonlyMap<Channel, WaitingBucket> | undefined {
    return this.preferenceBuckets.get(agentId);
  }

  forgetAgent(agentId: string): void {
    this.preferenceBuckets.delete(agentId);
  }

  insert(contact: ContactRecord): void {
    if (contact.preferredAgentId !== undefined) {
      let buckets = this.preferenceBuckets.get(contact.preferredAgentId);
      if (buckets === undefined) {
        buckets = new Map();
        this.preferenceBuckets.set(contact.preferredAgentId, buckets);
      }
      let bucket = buckets.get(contact.channel);
      if (bucket === undefined) {
        bucket = {
          key: contact.channel,
          queueId: undefined,
          channel: contact.channel,
          step: 0,
          requirementKey: '',
          requires: undefined,
          heap: new ContactHeap(),
        };
        buckets.set(contact.channel, bucket);
      }
      bucket.heap.push(contact, bucket);
      return;
    }
    const queue = this.queues.get(contact.queueId)!;
    const bucket = queue.bucketFor(contact);
    bucket.heap.push(contact, bucket);
    queue.waitingInBuckets++;
  }

  remove(contact: ContactRecord): void {
    const bucket = contact.bucket as WaitingBucket | undefined;
    if (bucket === undefined) return;
    bucket.heap.remove(contact);
    if (bucket.queueId === undefined) return;
    const queue = this.queues.get(bucket.queueId)!;
    queue.waitingInBuckets--;
    // Requirement keys come from contacts, so drop their buckets when empty to stay bounded.
    if (bucket.heap.size === 0 && bucket.requirementKey !== '') queue.dropBucket(bucket);
  }
}
