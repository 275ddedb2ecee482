import { Channel, AgentProfile, AgentState, CrossChannelRule } from './agent.types';

/** Who serves a queue, and who of them could take a new contact on each channel right now. */
export interface QueueMembership {
  readonly queueId: string;
  readonly members: Set<AgentRecord>;
  readonly freeByChannel: Map<Channel, Set<AgentRecord>>;
}

/** The engine's mutable view of one agent. Internal: callers see AgentView. */
export class AgentRecord {
  readonly load = new Map<Channel, number>();
  /** Channels with a load above zero, as an array: hasRoomFor runs on every routing step. */
  private busy: Channel[] = [];
  readonly offers = new Set<string>();
  readonly assigned = new Set<string>();
  state: AgentState = { status: 'offline' };
  idleSince: number;
  consecutiveMissedOffers = 0;
  /** Bumped whenever an after-contact-work timer is started, so older timers are ignored. */
  acwEpoch = 0;
  /** Per queue id: eligibility and proficiency for each requirement step (see RoutingEngine). */
  readonly stepFit = new Map<string, { eligible: boolean[]; score: number[] }>();
  /** Per contact-requirement key: eligibility and proficiency. */
  readonly requirementFit = new Map<string, { eligible: boolean; score: number }>();
  /** Channels the agent is listed as free on in the engine's per-queue indexes. */
  readonly listedFreeOn = new Set<Channel>();
  /** Channels with a capacity above zero. */
  channels: Channel[];
  /** The engine's membership entries for the agent's queues, resolved once per profile. */
  memberships: QueueMembership[] = [];
  /** Per channel, the free-agent sets of those queues (see RoutingEngine.refreshFree). */
  readonly freeSets = new Map<Channel, Set<AgentRecord>[]>();

  constructor(
    public profile: AgentProfile,
    public crossChannel: CrossChannelRule,
    now: number,
  ) {
    this.idleSince = now;
    this.channels = channelsOf(profile);
  }

  setProfile(profile: AgentProfile, crossChannel: CrossChannelRule): void {
    this.profile = profile;
    this.crossChannel = crossChannel;
    this.channels = channelsOf(profile);
    this.stepFit.clear();
    this.requirementFit.clear();
  }

  get id(): string {
    return this.profile.id;
  }

  loadOn(channel: Channel): number {
    return this.load.get(channel) ?? 0;
  }

  /** Capacity and the cross-channel rule allow one more contact on the channel (state aside). */
  hasRoomFor(channel: Channel): boolean {
    const capacity = this.profile.capacity[channel] ?? 0;
    if (this.loadOn(channel) >= capacity) return false;
    const busy = this.busy;
    for (let i = 0; i < busy.length; i++) {
      const busyChannel = busy[i];
      if (busyChannel === channel) continue;
      const blocked = this.crossChannel[busyChannel];
      if (blocked === '*' || (blocked !== undefined && blocked.includes(channel))) return false;
    }
    return true;
  }

  canTakeNew(channel: Channel): boolean {
    return this.state.status === 'available' && this.hasRoomFor(channel);
  }

  /** Available with room on at least one channel: a candidate the queues should look at. */
  isFree(): boolean {
    if (this.state.status !== 'available') return false;
    for (const channel of this.channels) if (this.hasRoomFor(channel)) return true;
    return false;
  }

  occupancy(): number {
    let used = 0;
    let capacity = 0;
    for (const [channel, cap] of Object.entries(this.profile.capacity)) {
      if (cap <= 0) continue;
      capacity += cap;
      used += Math.min(this.loadOn(channel), cap);
    }
    return capacity === 0 ? 0 : used / capacity;
  }

  addLoad(channel: Channel, delta: number): void {
    const next = this.loadOn(channel) + delta;
    if (next === 0) {
      this.load.delete(channel);
      this.busy = this.busy.filter((c) => c !== channel);
    } else {
      if (!this.load.has(channel)) this.busy.push(channel);
      this.load.set(channel, next);
    }
  }
}

function channelsOf(profile: AgentProfile): Channel[] {
  return Object.entries(profile.capacity)
    .filter(([, capacity]) => capacity > 0)
    .map(([channel]) => channel)
    .sort();
}
