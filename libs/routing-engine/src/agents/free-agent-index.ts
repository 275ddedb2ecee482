import { AgentRecord, QueueMembership } from './agent-record';
import { Channel } from './agent.types';

/**
 * Who serves each queue, and per queue and channel who could take a new contact right now
 * (available, with room under capacity and the cross-channel rule). A new or relaxed contact
 * looks only at that set instead of every agent. Queue ids need not exist yet: an agent may be
 * configured for a queue before the queue is.
 */
export class FreeAgentIndex {
  private readonly memberships = new Map<string, QueueMembership>();

  membersOf(queueId: string): ReadonlySet<AgentRecord> {
    return this.memberships.get(queueId)?.members ?? new Set();
  }

  freeOn(queueId: string, channel: Channel): ReadonlySet<AgentRecord> | undefined {
    return this.memberships.get(queueId)?.freeByChannel.get(channel);
  }

  list(agent: AgentRecord): void {
    agent.memberships = agent.profile.queues.map((queueId) => {
      let membership = this.memberships.get(queueId);
      if (membership === undefined) {
        membership = { queueId, members: new Set(), freeByChannel: new Map() };
        this.memberships.set(queueId, membership);
      }
      membership.members.add(agent);
      return membership;
    });
  }

  unlist(agent: AgentRecord): void {
    for (const membership of agent.memberships) {
      membership.members.delete(agent);
      for (const channel of agent.listedFreeOn) membership.freeByChannel.get(channel)?.delete(agent);
    }
    agent.memberships = [];
    agent.freeSets.clear();
    agent.listedFreeOn.clear();
  }

  /** Brings the agent's entries in step with its state and load; cheap when nothing changed. */
  refresh(agent: AgentRecord): void {
    const available = agent.state.status === 'available';
    if (!available && agent.listedFreeOn.size === 0) return;
    for (const channel of agent.channels) {
      const free = available && agent.hasRoomFor(channel);
      if (free === agent.listedFreeOn.has(channel)) continue;
      if (free) agent.listedFreeOn.add(channel);
      else agent.listedFreeOn.delete(channel);
      const sets = this.freeSetsOf(agent, channel);
      for (let i = 0; i < sets.length; i++) {
        if (free) sets[i].add(agent);
        else sets[i].delete(agent);
      }
    }
  }

  /** The free-agent sets of the agent's queues for one channel, resolved once per profile. */
  private freeSetsOf(agent: AgentRecord, channel: Channel): Set<AgentRecord>[] {
    let sets = agent.freeSets.get(channel);
    if (sets === undefined) {
      sets = agent.memberships.map((membership) => {
        let set = membership.freeByChannel.get(channel);
        if (set === undefined) {
          set = new Set();
          membership.freeByChannel.set(channel, set);
        }
        return set;
      });
      agent.freeSets.set(channel, sets);
    }
    return sets;
  }
}
