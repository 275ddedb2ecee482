import { stepFit, requirementFit } from '../agents/agent-fit';
import { AgentRecord } from '../agents/agent-record';
import { FreeAgentIndex } from '../agents/free-agent-index';
import { AgentProfile, AgentState, AgentStatus, AgentView, Channel } from '../agents/agent.types';
import { ContactRecord, comesBefore } from '../contacts/contact-record';
import { ContactRequest, TransferTarget } from '../contacts/contact.types';
import { RoutingError } from '../errors';
import { MISSED_OFFERS_REASON, OfferRevokedReason, RoutingDecision } from '../offers/decisions';
import { QueueRecord } from '../queues/queue-record';
import { computeQueueStats } from '../queues/queue-stats';
import { WaitingIndex } from '../queues/waiting-index';
import { QueueDefinition, QueueStats } from '../queues/queue.types';
import { Candidate, pickAgent } from '../strategies/pick-agent';
import { Timer, TimerHeap, TimerKind } from '../timers/timer-heap';
import { ResolvedOptions, RoutingEngineOptions, resolveOptions } from './options';
import { CONTACT_SNAPSHOT_FIELDS, RoutingEngineSnapshot, SNAPSHOT_VERSION } from './snapshot';
import {
  requireId,
  requireTime,
  validateAgentProfile,
  validateContactRequest,
  validateQueueDefinition,
  validateTransferTarget,
} from './validation';

const AGENT_STATUSES: readonly AgentStatus[] = ['offline', 'available', 'away', 'after-contact-work'];

/**
 * Routing decisions for one tenant. Pure and deterministic: no I/O, no wall clock. Every input
 * carries `now` (ms); timers that fell due before `now` are processed first, in time order, so
 * the decisions are exactly those a perfectly punctual clock would have produced.
 *
 * Each input re-evaluates only what it can affect: a contact looks at the free agents of its
 * queue, a freed agent looks at the head of each waiting bucket of its queues. After every
 * input the engine is work-conserving: no available agent with room stays idle while a contact
 * it may take waits without an offer.
 */
export class RoutingEngine {
  private readonly options: ResolvedOptions;
  private clock = 0;
  private contactSeq = 0;
  private timerSeq = 0;
  private readonly queues = new Map<string, QueueRecord>();
  private readonly agents = new Map<string, AgentRecord>();
  private readonly contacts = new Map<string, ContactRecord>();
  private readonly freeAgents = new FreeAgentIndex();
  private readonly waiting = new WaitingIndex(this.queues);
  private readonly timers = new TimerHeap();
  /** Decisions not yet handed out (an input that failed validation after timers had fired). */
  private pending: RoutingDecision[] = [];
  private readonly scratch: Candidate[] = [];

  constructor(options?: RoutingEngineOptions) {
    this.options = resolveOptions(options);
  }

  // ---------------------------------------------------------------- public inputs

  upsertQueue(definition: QueueDefinition, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const def = validateQueueDefinition(definition);
      const existing = this.queues.get(def.id);
      if (existing === undefined) {
        this.queues.set(def.id, new QueueRecord(def));
        return;
      }
      existing.redefine(def);
      for (const agent of this.freeAgents.membersOf(def.id)) agent.stepFit.delete(def.id);
      this.replaceQueueContacts(existing);
    });
  }

  removeQueue(queueId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const queue = this.requireQueue(queueId);
      for (const contact of this.contacts.values()) {
        if (contact.queueId === queue.id) {
          throw new RoutingError('queue-not-empty', `queue ${queue.id} still has contacts`, { queueId: queue.id });
        }
      }
      this.queues.delete(queue.id);
      for (const agent of this.freeAgents.membersOf(queue.id)) agent.stepFit.delete(queue.id);
    });
  }

  upsertAgent(profile: AgentProfile, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const valid = validateAgentProfile(profile);
      const crossChannel = valid.crossChannel ?? this.options.defaultCrossChannel;
      let agent = this.agents.get(valid.id);
      if (agent === undefined) {
        agent = new AgentRecord(valid, crossChannel, this.clock);
        this.agents.set(valid.id, agent);
      } else {
        this.freeAgents.unlist(agent);
        agent.setProfile(valid, crossChannel);
      }
      this.freeAgents.list(agent);
      this.freeAgents.refresh(agent);
      this.routeAgent(agent);
    });
  }

  /** Removes an agent who holds no assigned contact; pending offers are routed again. */
  removeAgent(agentId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const agent = this.requireAgent(agentId);
      if (agent.assigned.size > 0) {
        throw new RoutingError('invalid-argument', `agent ${agentId} still has assigned contacts`, { agentId });
      }
      if (agent.state.status !== 'offline') this.changeState(agent, { status: 'offline' }, 'removed', 'agent-unavailable');
      this.freeAgents.unlist(agent);
      this.agents.delete(agentId);
      this.releasePreferences(agentId);
    });
  }

  setAgentState(agentId: string, status: AgentStatus, now: number, reason?: string): RoutingDecision[] {
    return this.run(now, () => {
      const agent = this.requireAgent(agentId);
      if (!AGENT_STATUSES.includes(status)) {
        throw new RoutingError('invalid-argument', `unknown agent status ${String(status)}`, { agentId });
      }
      if (reason !== undefined && typeof reason !== 'string') throw new RoutingError('invalid-argument', 'reason must be a string');
      const next = this.stateFor(status, reason);
      if (sameState(agent.state, next)) return;
      this.changeState(agent, next, reason, 'agent-unavailable');
    });
  }

  /** The agent's connection dropped: offline, pending offers and contacts waiting for them go to other agents. */
  agentDisconnected(agentId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const agent = this.requireAgent(agentId);
      if (agent.state.status === 'offline') return;
      this.changeState(agent, { status: 'offline' }, 'disconnected', 'agent-disconnected');
    });
  }

  addContact(request: ContactRequest, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const valid = validateContactRequest(request);
      if (this.contacts.has(valid.id))
        throw new RoutingError('duplicate-contact', `contact ${valid.id} is already routed`, { contactId: valid.id });
      const queue = this.requireQueue(valid.queueId);
      const contact: ContactRecord = {
        id: valid.id,
        channel: valid.channel,
        seq: ++this.contactSeq,
        arrivedAt: valid.arrivedAt ?? this.clock,
        requires: valid.requires,
        requirementKey: valid.requires === undefined ? '' : JSON.stringify(valid.requires),
        explicitPriority: valid.priority,
        queueId: queue.id,
        priority: valid.priority ?? queue.definition.priority ?? 0,
        queueEnteredAt: this.clock,
        status: 'waiting',
        step: 0,
        offer: undefined,
        offerSeq: 0,
        assignedAgentId: undefined,
        assignedAt: undefined,
        lastDeclinedBy: undefined,
        preferredAgentId: undefined,
        preferredUntil: undefined,
        waitEpoch: 0,
        queueEpoch: 0,
        preferenceEpoch: 0,
        heapIndex: -1,
        bucket: undefined,
      };
      this.contacts.set(contact.id, contact);
      const preferred = valid.preferredAgentId === undefined ? undefined : this.agents.get(valid.preferredAgentId);
      // A preference for an agent who is not logged in would only delay the customer.
      if (preferred !== undefined && preferred.state.status !== 'offline') {
        this.setPreference(contact, preferred.id, valid.preferredForSeconds ?? this.options.preferredAgentSeconds);
      }
      queue.counters.arrived++;
      this.emit({ type: 'contact-queued', at: this.clock, contactId: contact.id, queueId: queue.id });
      this.enterQueue(contact);
      this.placeContact(contact);
    });
  }

  acceptOffer(contactId: string, agentId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const { contact, agent } = this.requirePendingOffer(contactId, agentId);
      agent.offers.delete(contact.id);
      agent.assigned.add(contact.id);
      // An answer, not a miss: the streak that sends an agent away starts again.
      agent.consecutiveMissedOffers = 0;
      contact.offer = undefined;
      this.assign(contact, agent, false);
    });
  }

  rejectOffer(contactId: string, agentId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const { contact, agent } = this.requirePendingOffer(contactId, agentId);
      // A reject is a deliberate answer: it ends a streak of missed offers rather than extending it.
      agent.consecutiveMissedOffers = 0;
      this.withdrawOffer(contact);
      this.emit({ type: 'offer-rejected', at: this.clock, contactId, agentId });
      this.returnToQueue(contact, agent);
      this.routeAgent(agent);
    });
  }

  completeContact(contactId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const contact = this.requireContact(contactId);
      if (contact.status !== 'assigned' || contact.assignedAgentId === undefined) {
        throw new RoutingError('contact-not-assigned', `contact ${contactId} is not assigned`, { contactId, status: contact.status });
      }
      const agent = this.requireAgent(contact.assignedAgentId);
      // The free-agent indexes are refreshed once the agent's next offers are known (routeAgent or
      // changeState): an agent who goes from one call straight to the next never leaves and re-enters them.
      this.releaseAssignment(contact, agent, false);
      this.contacts.delete(contact.id);
      this.emit({ type: 'contact-completed', at: this.clock, contactId, agentId: agent.id, queueId: contact.queueId });
      const acwSeconds = this.queues.get(contact.queueId)?.definition.afterContactWorkSeconds ?? this.options.afterContactWorkSeconds;
      const status = agent.state.status;
      if ((status === 'available' || status === 'after-contact-work') && acwSeconds > 0) {
        this.changeState(
          agent,
          { status: 'after-contact-work', until: this.clock + acwSeconds * 1000 },
          'contact completed',
          'agent-unavailable',
        );
      } else {
        this.routeAgent(agent);
      }
    });
  }

  /** The customer left before being served. */
  abandonContact(contactId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const contact = this.requireContact(contactId);
      if (contact.status === 'assigned') {
        throw new RoutingError('contact-already-assigned', `contact ${contactId} is assigned; complete it instead`, { contactId });
      }
      const offeredTo = this.revokeOrUnqueue(contact, 'contact-abandoned');
      this.contacts.delete(contact.id);
      const queue = this.queues.get(contact.queueId);
      if (queue !== undefined) queue.counters.abandoned++;
      this.emit({
        type: 'contact-abandoned',
        at: this.clock,
        contactId,
        queueId: contact.queueId,
        waitedMs: this.clock - contact.queueEnteredAt,
      });
      if (offeredTo !== undefined) this.routeAgent(offeredTo);
    });
  }

  transfer(contactId: string, target: TransferTarget, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const contact = this.requireContact(contactId);
      const valid = validateTransferTarget(target);
      const toQueue = this.requireQueue(valid.queueId ?? contact.queueId);
      const toAgent = 'agentId' in valid && valid.agentId !== undefined ? this.requireAgent(valid.agentId) : undefined;
      if (toAgent !== undefined && toAgent.state.status === 'offline') {
        throw new RoutingError('agent-offline', `agent ${toAgent.id} is offline`, { agentId: toAgent.id });
      }
      if (toAgent !== undefined && contact.assignedAgentId === toAgent.id) {
        throw new RoutingError('invalid-transfer', `contact ${contactId} is already with agent ${toAgent.id}`, { contactId });
      }
      let freedAgent: AgentRecord | undefined;
      let fromAgentId: string | undefined;
      if (contact.status === 'assigned' && contact.assignedAgentId !== undefined) {
        freedAgent = this.requireAgent(contact.assignedAgentId);
        fromAgentId = freedAgent.id;
        this.releaseAssignment(contact, freedAgent);
      } else {
        freedAgent = this.revokeOrUnqueue(contact, 'transferred');
      }
      contact.status = 'waiting';
      contact.lastDeclinedBy = undefined;
      this.clearPreference(contact);
      if (toQueue.id !== contact.queueId) toQueue.counters.arrived++;
      this.moveToQueue(contact, toQueue);
      if (toAgent !== undefined) {
        const seconds =
          'timeoutSeconds' in valid && valid.timeoutSeconds !== undefined ? valid.timeoutSeconds : this.options.transferToAgentSeconds;
        this.setPreference(contact, toAgent.id, seconds);
      }
      this.emit({ type: 'contact-transferred', at: this.clock, contactId, fromAgentId, toQueueId: toQueue.id, toAgentId: toAgent?.id });
      this.placeContact(contact);
      if (freedAgent !== undefined) this.routeAgent(freedAgent);
    });
  }

  /** A supervisor hands a waiting or offered contact to an agent, skills aside; capacity still holds. */
  assignManually(contactId: string, agentId: string, now: number): RoutingDecision[] {
    return this.run(now, () => {
      const contact = this.requireContact(contactId);
      const agent = this.requireAgent(agentId);
      if (contact.status === 'assigned') {
        throw new RoutingError('contact-already-assigned', `contact ${contactId} is already assigned`, { contactId });
      }
      if (agent.state.status === 'offline') throw new RoutingError('agent-offline', `agent ${agentId} is offline`, { agentId });
      const offeredToSame = contact.offer?.agentId === agentId;
      if (!offeredToSame && !agent.hasRoomFor(contact.channel)) {
        throw new RoutingError('agent-at-capacity', `agent ${agentId} has no room on ${contact.channel}`, {
          agentId,
          channel: contact.channel,
        });
      }
      if (offeredToSame) {
        agent.offers.delete(contact.id);
        contact.offer = undefined;
        agent.assigned.add(contact.id);
        this.assign(contact, agent, true);
        return;
      }
      const previous = this.revokeOrUnqueue(contact, 'manual-assignment');
      agent.assigned.add(contact.id);
      agent.addLoad(contact.channel, 1);
      this.assign(contact, agent, true);
      this.freeAgents.refresh(agent);
      if (previous !== undefined) this.routeAgent(previous);
    });
  }

  /** Processes every timer due at or before `now` (offer timeouts, relaxation steps, max waits, ACW ends). */
  tick(now: number): RoutingDecision[] {
    return this.run(now, () => undefined);
  }

  /** When the next timer falls due; the caller should call tick() then. */
  nextTimerAt(): number | undefined {
    for (let timer = this.timers.peek(); timer !== undefined; timer = this.timers.peek()) {
      if (this.isLive(timer)) return timer.at;
      this.timers.pop();
    }
    return undefined;
  }

  // ---------------------------------------------------------------- queries

  now(): number {
    return this.clock;
  }

  agentView(agentId: string): AgentView {
    const agent = this.requireAgent(agentId);
    const bySeq = (ids: Iterable<string>) => [...ids].sort((a, b) => (this.contacts.get(a)?.seq ?? 0) - (this.contacts.get(b)?.seq ?? 0));
    return {
      profile: agent.profile,
      state: agent.state,
      load: Object.fromEntries(agent.load),
      occupancy: agent.occupancy(),
      offeredContactIds: bySeq(agent.offers),
      assignedContactIds: bySeq(agent.assigned),
      consecutiveMissedOffers: agent.consecutiveMissedOffers,
      idleSince: agent.idleSince,
    };
  }

  agentIds(): string[] {
    return [...this.agents.keys()].sort();
  }

  contactView(contactId: string):
    | {
        id: string;
        queueId: string;
        channel: Channel;
        status: ContactRecord['status'];
        step: number;
        agentId: string | undefined;
        offerExpiresAt: number | undefined;
        queueEnteredAt: number;
        arrivedAt: number;
        priority: number;
      }
    | undefined {
    const c = this.contacts.get(contactId);
    if (c === undefined) return undefined;
    return {
      id: c.id,
      queueId: c.queueId,
      channel: c.channel,
      status: c.status,
      step: c.status === 'waiting' ? this.currentStep(c) : c.step,
      agentId: c.offer?.agentId ?? c.assignedAgentId,
      offerExpiresAt: c.offer?.expiresAt,
      queueEnteredAt: c.queueEnteredAt,
      arrivedAt: c.arrivedAt,
      priority: c.priority,
    };
  }

  /** Live and cumulative statistics per queue; O(contacts), meant for wallboards, not per event. */
  queueStats(now: number): QueueStats[] {
    const at = Math.max(requireTime(now), this.clock);
    return computeQueueStats(this.queues.values(), this.contacts.values(), (queueId) => this.freeAgents.membersOf(queueId), at);
  }

  // ---------------------------------------------------------------- persistence

  /**
   * The snapshot entries of just these contacts, agents and queues (absent ones are left out), in
   * the same shape as `snapshot()`: what a caller writing back the rows one operation touched
   * needs, at the cost of those rows rather than of the whole tenant.
   */
  snapshotOf(ids: {
    contacts?: Iterable<string>;
    agents?: Iterable<string>;
    queues?: Iterable<string>;
  }): Pick<RoutingEngineSnapshot, 'contacts' | 'agents' | 'queues' | 'contactSeq'> {
    const pick = <T>(from: Map<string, T>, wanted: Iterable<string> | undefined) =>
      [...new Set(wanted ?? [])].flatMap((id) => {
        const found = from.get(id);
        return found === undefined ? [] : [found];
      });
    return structuredClone({
      contactSeq: this.contactSeq,
      queues: pick(this.queues, ids.queues).map((q) => ({
        definition: q.definition,
        counters: q.counters,
        roundRobinCursor: q.roundRobinCursor,
      })),
      agents: pick(this.agents, ids.agents).map((a) => ({
        profile: a.profile,
        state: a.state,
        idleSince: a.idleSince,
        consecutiveMissedOffers: a.consecutiveMissedOffers,
        acwEpoch: a.acwEpoch,
      })),
      contacts: pick(this.contacts, ids.contacts).map((c) =>
        Object.fromEntries(CONTACT_SNAPSHOT_FIELDS.map((field) => [field, c[field]])),
      ) as unknown as RoutingEngineSnapshot['contacts'],
    });
  }

  /** Plain JSON-serialisable state; `RoutingEngine.restore(snapshot)` continues exactly where this left off. */
  snapshot(): RoutingEngineSnapshot {
    const timers: Timer[] = [];
    const drained: Timer[] = [];
    while (this.timers.size > 0) drained.push(this.timers.pop()!);
    for (const timer of drained) {
      if (this.isLive(timer)) timers.push(timer);
      this.timers.push(timer);
    }
    return structuredClone({
      version: SNAPSHOT_VERSION,
      options: this.options,
      clock: this.clock,
      contactSeq: this.contactSeq,
      timerSeq: this.timerSeq,
      queues: [...this.queues.values()].map((q) => ({
        definition: q.definition,
        counters: q.counters,
        roundRobinCursor: q.roundRobinCursor,
      })),
      agents: [...this.agents.values()].map((a) => ({
        profile: a.profile,
        state: a.state,
        idleSince: a.idleSince,
        consecutiveMissedOffers: a.consecutiveMissedOffers,
        acwEpoch: a.acwEpoch,
      })),
      contacts: [...this.contacts.values()]
        .sort((a, b) => a.seq - b.seq)
        .map((c) =>
          Object.fromEntries(CONTACT_SNAPSHOT_FIELDS.map((field) => [field, c[field]])),
        ) as unknown as RoutingEngineSnapshot['contacts'],
      timers,
      pendingDecisions: this.pending,
    });
  }

  static restore(snapshot: RoutingEngineSnapshot): RoutingEngine {
    if (snapshot?.version !== SNAPSHOT_VERSION) {
      throw new RoutingError('invalid-argument', `unsupported snapshot version ${String(snapshot?.version)}`);
    }
    const data = structuredClone(snapshot);
    const engine = new RoutingEngine(data.options);
    engine.clock = data.clock;
    engine.contactSeq = data.contactSeq;
    engine.timerSeq = data.timerSeq;
    engine.pending = [...data.pendingDecisions];
    for (const q of data.queues) {
      const queue = new QueueRecord(q.definition);
      queue.counters = q.counters;
      queue.roundRobinCursor = q.roundRobinCursor;
      engine.queues.set(queue.id, queue);
    }
    for (const a of data.agents) {
      const agent = new AgentRecord(a.profile, a.profile.crossChannel ?? engine.options.defaultCrossChannel, a.idleSince);
      agent.state = a.state;
      agent.consecutiveMissedOffers = a.consecutiveMissedOffers;
      agent.acwEpoch = a.acwEpoch;
      engine.agents.set(agent.id, agent);
      engine.freeAgents.list(agent);
    }
    for (const c of data.contacts) {
      const contact: ContactRecord = { ...c, heapIndex: -1, bucket: undefined };
      engine.contacts.set(contact.id, contact);
      if (contact.status === 'waiting') engine.waiting.insert(contact);
      else {
        const agentId = contact.status === 'offered' ? contact.offer?.agentId : contact.assignedAgentId;
        const agent = agentId === undefined ? undefined : engine.agents.get(agentId);
        if (agent === undefined) throw new RoutingError('invalid-argument', `snapshot: contact ${contact.id} refers to a missing agent`);
        (contact.status === 'offered' ? agent.offers : agent.assigned).add(contact.id);
        agent.addLoad(contact.channel, 1);
      }
    }
    for (const agent of engine.agents.values()) engine.freeAgents.refresh(agent);
    for (const timer of data.timers) engine.timers.push(timer);
    return engine;
  }

  // ---------------------------------------------------------------- core

  private run(now: number, action: () => void): RoutingDecision[] {
    this.advance(requireTime(now));
    action();
    const out = this.pending;
    this.pending = [];
    return out;
  }

  private emit(decision: RoutingDecision): void {
    this.pending.push(decision);
  }

  /** Fires due timers in order; a time earlier than the engine's clock is treated as the clock. */
  private advance(now: number): void {
    for (let timer = this.timers.peek(); timer !== undefined && timer.at <= now; timer = this.timers.peek()) {
      this.timers.pop();
      if (!this.isLive(timer)) continue;
      this.clock = Math.max(this.clock, timer.at);
      this.fire(timer);
    }
    this.clock = Math.max(this.clock, now);
  }

  private schedule(kind: TimerKind, subjectId: string, at: number, epoch: number): void {
    this.timers.push({ at, seq: ++this.timerSeq, kind, subjectId, epoch });
    // Timers are never cancelled, so finished contacts leave stale ones behind (a max wait of an
    // hour outlives most calls). Drop them once they clearly outnumber the live ones: amortised
    // O(1), and the heap stays small and cheap to keep in cache.
    if (this.timers.size > 2 * (4 * this.contacts.size + this.agents.size) + 1024) this.timers.retain((t) => this.isLive(t));
  }

  private isLive(timer: Timer): boolean {
    if (timer.kind === 'after-contact-work-end') {
      const agent = this.agents.get(timer.subjectId);
      return agent !== undefined && agent.state.status === 'after-contact-work' && agent.acwEpoch === timer.epoch;
    }
    const contact = this.contacts.get(timer.subjectId);
    if (contact === undefined) return false;
    switch (timer.kind) {
      case 'offer-expiry':
        return contact.status === 'offered' && contact.offer?.seq === timer.epoch;
      case 'relaxation-step':
        return contact.status === 'waiting' && contact.waitEpoch === timer.epoch;
      case 'max-wait':
        // Still armed while offered: if the offer fails after the deadline, the contact must not wait on.
        return contact.status !== 'assigned' && contact.queueEpoch === timer.epoch;
      case 'preference-end':
        return contact.preferenceEpoch === timer.epoch && contact.preferredAgentId !== undefined;
    }
  }

  private fire(timer: Timer): void {
    if (timer.kind === 'after-contact-work-end') {
      const agent = this.agents.get(timer.subjectId)!;
      this.changeState(agent, { status: 'available' }, 'after-contact work ended', 'agent-unavailable');
      return;
    }
    const contact = this.contacts.get(timer.subjectId)!;
    switch (timer.kind) {
      case 'offer-expiry':
        return this.expireOffer(contact);
      case 'relaxation-step':
        this.waiting.remove(contact);
        return this.placeContact(contact);
      case 'max-wait':
        if (contact.status !== 'waiting') return; // placeContact checks the deadline when the offer ends
        this.waiting.remove(contact);
        return this.maxWaitReached(contact);
      case 'preference-end':
        this.clearPreference(contact);
        if (contact.status === 'waiting') {
          this.waiting.remove(contact);
          this.placeContact(contact);
        }
        return;
    }
  }

  private expireOffer(contact: ContactRecord): void {
    const agent = this.agents.get(contact.offer!.agentId)!;
    this.withdrawOffer(contact);
    this.emit({ type: 'offer-expired', at: this.clock, contactId: contact.id, agentId: agent.id });
    agent.consecutiveMissedOffers++;
    if (agent.consecutiveMissedOffers >= this.options.maxConsecutiveMissedOffers && agent.state.status === 'available') {
      this.changeState(agent, { status: 'away', reason: MISSED_OFFERS_REASON }, MISSED_OFFERS_REASON, 'agent-unavailable');
    }
    this.returnToQueue(contact, agent);
    this.routeAgent(agent);
  }

  /** After a reject or timeout: the next agent, the one who declined only if nobody else can. */
  private returnToQueue(contact: ContactRecord, decliner: AgentRecord): void {
    contact.status = 'waiting';
    contact.lastDeclinedBy = decliner.id;
    if (contact.preferredAgentId === decliner.id) this.clearPreference(contact);
    this.emit({ type: 'contact-requeued', at: this.clock, contactId: contact.id, queueId: contact.queueId });
    this.placeContact(contact);
  }

  /**
   * Routes a contact that is in no bucket and has no offer: offer it to the best free agent,
   * or park it in the bucket matching its requirement step, with a timer for the next step.
   */
  private placeContact(contact: ContactRecord): void {
    contact.status = 'waiting';
    const queue = this.queues.get(contact.queueId)!;
    const maxWait = queue.definition.maxWaitSeconds;
    if (maxWait !== undefined && this.clock >= contact.queueEnteredAt + maxWait * 1000) {
      this.maxWaitReached(contact);
      return;
    }
    if (contact.preferredUntil !== undefined && this.clock >= contact.preferredUntil) this.clearPreference(contact);
    contact.step = this.currentStep(contact);
    const agent = this.selectAgent(contact, queue);
    if (agent !== undefined) {
      this.makeOffer(contact, agent, queue);
      return;
    }
    this.waiting.insert(contact);
    contact.waitEpoch++;
    if (contact.preferredAgentId === undefined && contact.step + 1 < queue.stepStarts.length) {
      this.schedule('relaxation-step', contact.id, contact.queueEnteredAt + queue.stepStarts[contact.step + 1], contact.waitEpoch);
    }
  }

  /**
   * Compares absolute times exactly as the step timer computed them: with fractional
   * milliseconds, `clock - enteredAt` can fall just short of the step offset and the step
   * would never advance.
   */
  private currentStep(contact: ContactRecord): number {
    const queue = this.queues.get(contact.queueId);
    if (queue === undefined) return 0;
    let step = 0;
    while (step + 1 < queue.stepStarts.length && this.clock >= contact.queueEnteredAt + queue.stepStarts[step + 1]) step++;
    return step;
  }

  /** The agent the contact should be offered to now, if any. */
  private selectAgent(contact: ContactRecord, queue: QueueRecord): AgentRecord | undefined {
    if (contact.preferredAgentId !== undefined) {
      const preferred = this.agents.get(contact.preferredAgentId);
      return preferred !== undefined && preferred.canTakeNew(contact.channel) ? preferred : undefined;
    }
    const free = this.freeAgents.freeOn(queue.id, contact.channel);
    if (free === undefined || free.size === 0) return undefined;
    // Candidate objects are reused across calls: this runs for every arrival and relaxation step.
    const candidates = this.scratch;
    let count = 0;
    let decliner: AgentRecord | undefined;
    for (const agent of free) {
      const fit = stepFit(agent, queue);
      if (!fit.eligible[contact.step]) continue;
      let proficiency = fit.score[contact.step];
      if (contact.requires !== undefined) {
        const extra = requirementFit(agent, contact.requirementKey, contact.requires);
        if (!extra.eligible) continue;
        proficiency += extra.score;
      }
      if (agent.id === contact.lastDeclinedBy) {
        decliner = agent;
        continue;
      }
      if (count === candidates.length) candidates.push({ agent, proficiency });
      else {
        candidates[count].agent = agent;
        candidates[count].proficiency = proficiency;
      }
      count++;
    }
    const chosen = pickAgent(queue.definition.strategy ?? 'longest-idle', candidates, queue.roundRobinCursor, count);
    return chosen?.agent ?? decliner;
  }

  /** Offers the best waiting contacts an agent may take until it has no room or nothing fits. */
  private routeAgent(agent: AgentRecord): void {
    this.offerWaitingContacts(agent);
    this.freeAgents.refresh(agent);
  }

  private offerWaitingContacts(agent: AgentRecord): void {
    while (agent.isFree()) {
      let best: ContactRecord | undefined;
      const preferences = this.waiting.preferringAgent(agent.id);
      if (preferences !== undefined) {
        for (const bucket of preferences.values()) {
          const head = bucket.heap.peek();
          if (head !== undefined && (best === undefined || comesBefore(head, best)) && agent.hasRoomFor(bucket.channel)) best = head;
        }
      }
      for (const queueId of agent.profile.queues) {
        const queue = this.queues.get(queueId);
        if (queue === undefined || queue.waitingInBuckets === 0) continue;
        const fit = stepFit(agent, queue);
        const buckets = queue.bucketList;
        for (let i = 0; i < buckets.length; i++) {
          const bucket = buckets[i];
          const head = bucket.heap.peek();
          if (head === undefined || (best !== undefined && !comesBefore(head, best))) continue;
          if (!fit.eligible[bucket.step] || !agent.hasRoomFor(bucket.channel)) continue;
          if (bucket.requires !== undefined && !requirementFit(agent, bucket.requirementKey, bucket.requires).eligible) continue;
          best = head;
        }
      }
      if (best === undefined) return;
      this.waiting.remove(best);
      const queue = this.queues.get(best.queueId)!;
      let target = agent;
      if (best.lastDeclinedBy === agent.id && best.preferredAgentId === undefined) {
        // The agent declined this contact before: someone else takes it if anyone can.
        target = this.selectAgent(best, queue) ?? agent;
      }
      this.makeOffer(best, target, queue);
    }
  }

  private makeOffer(contact: ContactRecord, agent: AgentRecord, queue: QueueRecord): void {
    const expiresAt = this.clock + (queue.definition.offerTimeoutSeconds ?? this.options.offerTimeoutSeconds) * 1000;
    contact.status = 'offered';
    contact.offer = { agentId: agent.id, expiresAt, offeredAt: this.clock, seq: ++contact.offerSeq };
    agent.offers.add(contact.id);
    agent.addLoad(contact.channel, 1);
    // Spreads multi-contact channels (chat) across agents instead of filling one agent first.
    agent.idleSince = this.clock;
    if (contact.preferredAgentId === undefined) queue.roundRobinCursor = agent.id;
    this.freeAgents.refresh(agent);
    this.schedule('offer-expiry', contact.id, expiresAt, contact.offer.seq);
    this.emit({
      type: 'offer-made',
      at: this.clock,
      contactId: contact.id,
      agentId: agent.id,
      queueId: queue.id,
      channel: contact.channel,
      expiresAt,
    });
  }

  private withdrawOffer(contact: ContactRecord): AgentRecord {
    const agent = this.agents.get(contact.offer!.agentId)!;
    agent.offers.delete(contact.id);
    agent.addLoad(contact.channel, -1);
    contact.offer = undefined;
    this.freeAgents.refresh(agent);
    return agent;
  }

  /** Takes a waiting or offered contact out of routing; returns the agent whose offer was revoked. */
  private revokeOrUnqueue(contact: ContactRecord, reason: OfferRevokedReason): AgentRecord | undefined {
    if (contact.status === 'waiting') {
      this.waiting.remove(contact);
      return undefined;
    }
    if (contact.status !== 'offered') return undefined;
    const agentId = contact.offer!.agentId;
    const agent = this.withdrawOffer(contact);
    this.emit({ type: 'offer-revoked', at: this.clock, contactId: contact.id, agentId, reason });
    return agent;
  }

  private assign(contact: ContactRecord, agent: AgentRecord, manual: boolean): void {
    contact.status = 'assigned';
    contact.assignedAgentId = agent.id;
    contact.assignedAt = this.clock;
    this.clearPreference(contact);
    const waitedMs = this.clock - contact.queueEnteredAt;
    this.queues.get(contact.queueId)?.recordAnswer(waitedMs);
    this.emit({
      type: 'contact-assigned',
      at: this.clock,
      contactId: contact.id,
      agentId: agent.id,
      queueId: contact.queueId,
      channel: contact.channel,
      waitedMs,
      manual,
    });
  }

  private releaseAssignment(contact: ContactRecord, agent: AgentRecord, refresh = true): void {
    agent.assigned.delete(contact.id);
    agent.addLoad(contact.channel, -1);
    agent.idleSince = this.clock;
    contact.assignedAgentId = undefined;
    contact.assignedAt = undefined;
    if (refresh) this.freeAgents.refresh(agent);
  }

  private maxWaitReached(contact: ContactRecord): void {
    const queue = this.queues.get(contact.queueId)!;
    const overflow = queue.definition.overflowQueueId === undefined ? undefined : this.queues.get(queue.definition.overflowQueueId);
    const waitedMs = this.clock - contact.queueEnteredAt;
    if (overflow !== undefined && overflow.id !== queue.id) {
      queue.counters.overflowed++;
      overflow.counters.arrived++;
      this.emit({ type: 'contact-overflowed', at: this.clock, contactId: contact.id, fromQueueId: queue.id, toQueueId: overflow.id });
      // The overflow queue's agents take it at once: waiting on for the preferred agent there would
      // only make the customer wait longer (as after a transfer).
      this.clearPreference(contact);
      this.moveToQueue(contact, overflow);
      this.placeContact(contact);
      return;
    }
    queue.counters.maxWaitExceeded++;
    this.clearPreference(contact);
    this.contacts.delete(contact.id);
    this.emit({ type: 'max-wait-exceeded', at: this.clock, contactId: contact.id, queueId: queue.id, waitedMs });
  }

  private moveToQueue(contact: ContactRecord, queue: QueueRecord): void {
    contact.queueId = queue.id;
    contact.priority = contact.explicitPriority ?? queue.definition.priority ?? 0;
    this.enterQueue(contact);
  }

  /** Starts the contact's clock in its (new) queue: relaxation restarts, max wait is armed. */
  private enterQueue(contact: ContactRecord): void {
    const queue = this.queues.get(contact.queueId)!;
    contact.queueEnteredAt = this.clock;
    contact.step = 0;
    contact.queueEpoch++;
    const maxWait = queue.definition.maxWaitSeconds;
    if (maxWait !== undefined) this.schedule('max-wait', contact.id, this.clock + maxWait * 1000, contact.queueEpoch);
  }

  private setPreference(contact: ContactRecord, agentId: string, seconds: number): void {
    contact.preferredAgentId = agentId;
    contact.preferredUntil = this.clock + seconds * 1000;
    contact.preferenceEpoch++;
    this.schedule('preference-end', contact.id, contact.preferredUntil, contact.preferenceEpoch);
  }

  private clearPreference(contact: ContactRecord): void {
    if (contact.preferredAgentId === undefined) return;
    contact.preferredAgentId = undefined;
    contact.preferredUntil = undefined;
    contact.preferenceEpoch++;
  }

  /** Re-files the queue's waiting contacts after its definition changed, and re-arms max wait. */
  private replaceQueueContacts(queue: QueueRecord): void {
    const affected = [...this.contacts.values()].filter((c) => c.queueId === queue.id).sort((a, b) => (comesBefore(a, b) ? -1 : 1));
    const waiting = affected.filter((c) => c.status === 'waiting');
    for (const contact of waiting) this.waiting.remove(contact);
    for (const contact of affected) {
      contact.priority = contact.explicitPriority ?? queue.definition.priority ?? 0;
      contact.queueEpoch++;
      const maxWait = queue.definition.maxWaitSeconds;
      if (maxWait !== undefined) this.schedule('max-wait', contact.id, contact.queueEnteredAt + maxWait * 1000, contact.queueEpoch);
    }
    for (const contact of waiting) this.placeContact(contact);
  }

  // ---------------------------------------------------------------- agent state

  private stateFor(status: AgentStatus, reason: string | undefined): AgentState {
    switch (status) {
      case 'available':
        return { status };
      case 'offline':
        return { status };
      case 'away':
        return { status, reason: reason ?? 'away' };
      case 'after-contact-work':
        return { status, until: this.clock + this.options.afterContactWorkSeconds * 1000 };
    }
  }

  private changeState(agent: AgentRecord, next: AgentState, reason: string | undefined, revokeReason: OfferRevokedReason): void {
    const wasAvailable = agent.state.status === 'available';
    agent.state = next;
    if (next.status === 'after-contact-work') {
      agent.acwEpoch++;
      this.schedule('after-contact-work-end', agent.id, next.until, agent.acwEpoch);
    }
    if (next.status === 'available' && !wasAvailable) {
      agent.idleSince = this.clock;
      agent.consecutiveMissedOffers = 0;
    }
    this.freeAgents.refresh(agent);
    this.emit({ type: 'agent-state-changed', at: this.clock, agentId: agent.id, state: next, reason });
    if (next.status === 'away' || next.status === 'offline') {
      const offered = [...agent.offers].map((id) => this.contacts.get(id)!).sort((a, b) => a.seq - b.seq);
      for (const contact of offered) {
        this.withdrawOffer(contact);
        this.emit({ type: 'offer-revoked', at: this.clock, contactId: contact.id, agentId: agent.id, reason: revokeReason });
        contact.status = 'waiting';
        if (contact.preferredAgentId === agent.id) this.clearPreference(contact);
        this.emit({ type: 'contact-requeued', at: this.clock, contactId: contact.id, queueId: contact.queueId });
        this.placeContact(contact);
      }
    }
    // A logged-out agent takes nothing until they log in again: contacts waiting for them go to the queue now.
    if (next.status === 'offline') this.releasePreferences(agent.id);
    if (next.status === 'available') this.routeAgent(agent);
  }

  /** Contacts waiting for this agent in particular go to their queues now rather than at the end of their window. */
  private releasePreferences(agentId: string): void {
    const buckets = this.waiting.preferringAgent(agentId);
    if (buckets === undefined) return;
    const preferring = [...buckets.values()].flatMap((bucket) => [...bucket.heap.values()]);
    this.waiting.forgetAgent(agentId);
    for (const contact of preferring.sort((x, y) => x.seq - y.seq)) {
      this.waiting.remove(contact);
      this.clearPreference(contact);
      this.placeContact(contact);
    }
  }

  // ---------------------------------------------------------------- indexes

  // ---------------------------------------------------------------- lookups that refuse bad input

  private requireAgent(agentId: string): AgentRecord {
    const agent = this.agents.get(requireId(agentId, 'agent id'));
    if (agent === undefined) throw new RoutingError('unknown-agent', `unknown agent ${agentId}`, { agentId });
    return agent;
  }

  private requireQueue(queueId: string): QueueRecord {
    const queue = this.queues.get(requireId(queueId, 'queue id'));
    if (queue === undefined) throw new RoutingError('unknown-queue', `unknown queue ${queueId}`, { queueId });
    return queue;
  }

  private requireContact(contactId: string): ContactRecord {
    const contact = this.contacts.get(requireId(contactId, 'contact id'));
    if (contact === undefined) throw new RoutingError('unknown-contact', `unknown contact ${contactId}`, { contactId });
    return contact;
  }

  private requirePendingOffer(contactId: string, agentId: string): { contact: ContactRecord; agent: AgentRecord } {
    const contact = this.requireContact(contactId);
    const agent = this.requireAgent(agentId);
    if (contact.status !== 'offered' || contact.offer === undefined) {
      throw new RoutingError('offer-not-pending', `contact ${contactId} has no pending offer`, { contactId, status: contact.status });
    }
    if (contact.offer.agentId !== agentId) {
      throw new RoutingError('wrong-agent', `contact ${contactId} is offered to another agent`, { contactId, agentId });
    }
    return { contact, agent };
  }
}

function sameState(a: AgentState, b: AgentState): boolean {
  if (a.status !== b.status) return false;
  if (a.status === 'away' && b.status === 'away') return a.reason === b.reason;
  return a.status !== 'after-contact-work';
}
