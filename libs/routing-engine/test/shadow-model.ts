import {
  AgentProfile,
  CrossChannelRule,
  MISSED_OFFERS_REASON,
  QueueDefinition,
  RoutingDecision,
  SkillExpression,
  SkillLevels,
  stepStartOffsets,
} from '../src';

/**
 * An independent model of what the routing engine should decide, built only from the engine's
 * decisions and the inputs' documented meaning (libs/routing-engine/README.md). It checks each
 * decision as it arrives — including which agent each strategy should have chosen — and knows
 * enough of the state (who holds what, who is idle since when, missed-offer streaks, preferences)
 * for the property test to check the engine's state after every step.
 *
 * Written without the engine's code on purpose: its own skill matching and scoring, its own
 * tie-breaks, so that a broken strategy, tie-break or counter makes the two disagree.
 */

export interface ShadowContact {
  status: 'waiting' | 'offered' | 'assigned';
  queueId: string;
  channel: string;
  requires: SkillExpression | undefined;
  queueEnteredAt: number;
  agentId: string | undefined;
  preference: { agentId: string; until: number } | undefined;
  /** The agent who last rejected or missed it: chosen again only when nobody else can take it. */
  lastDeclinedBy: string | undefined;
}

export interface ArrivalRequest {
  channel: string;
  requires?: SkillExpression;
  preferredAgentId?: string;
  preferredForSeconds?: number;
}

export interface ShadowSettings {
  agents: readonly AgentProfile[];
  queues: readonly QueueDefinition[];
  crossChannel: CrossChannelRule;
  offerTimeoutMs: number;
  maxConsecutiveMissedOffers: number;
  transferToAgentSeconds: number;
  preferredAgentSeconds: number;
}

export function matches(expression: SkillExpression, skills: SkillLevels): boolean {
  if ('skill' in expression) return (skills[expression.skill] ?? 0) >= (expression.minLevel ?? 1);
  if ('allOf' in expression) return expression.allOf.every((part) => matches(part, skills));
  if ('anyOf' in expression) return expression.anyOf.some((part) => matches(part, skills));
  return true;
}

/** Levels in the skills the expression names: summed for allOf, the best branch for anyOf. */
export function score(expression: SkillExpression, skills: SkillLevels): number {
  if ('skill' in expression) return skills[expression.skill] ?? 0;
  if ('allOf' in expression) return expression.allOf.reduce((sum, part) => sum + score(part, skills), 0);
  if ('anyOf' in expression) return Math.max(0, ...expression.anyOf.map((part) => score(part, skills)));
  return 0;
}

export class Shadow {
  readonly contacts = new Map<string, ShadowContact>();
  readonly agentStatus: Map<string, string>;
  readonly holding: Map<string, Map<string, string>>;
  readonly idleSince: Map<string, number>;
  readonly missedOffers: Map<string, number>;
  readonly roundRobinCursor = new Map<string, string>();
  /** Agents who gained room at the current instant: an offer to one of them may be the agent's pick, not the strategy's. */
  private freshlyFree = new Set<string>();
  /** An agent who just missed one offer too many: the next decision must send them away. */
  private awayDue: string | undefined;
  private lastAt = 0;
  private readonly profiles: Map<string, AgentProfile>;
  private readonly queueDefs: Map<string, QueueDefinition>;

  constructor(private readonly settings: ShadowSettings) {
    const ids = settings.agents.map((a) => a.id);
    this.profiles = new Map(settings.agents.map((a) => [a.id, a]));
    this.queueDefs = new Map(settings.queues.map((q) => [q.id, q]));
    this.agentStatus = new Map(ids.map((id) => [id, 'offline']));
    this.holding = new Map(ids.map((id) => [id, new Map()]));
    this.idleSince = new Map(ids.map((id) => [id, 0]));
    this.missedOffers = new Map(ids.map((id) => [id, 0]));
  }

  get agentIds(): string[] {
    return [...this.profiles.keys()].sort();
  }

  clone(): Shadow {
    const copy = new Shadow(this.settings);
    for (const [id, c] of this.contacts) copy.contacts.set(id, structuredClone(c));
    for (const [id, s] of this.agentStatus) copy.agentStatus.set(id, s);
    for (const [id, h] of this.holding) copy.holding.set(id, new Map(h));
    for (const [id, t] of this.idleSince) copy.idleSince.set(id, t);
    for (const [id, n] of this.missedOffers) copy.missedOffers.set(id, n);
    for (const [id, a] of this.roundRobinCursor) copy.roundRobinCursor.set(id, a);
    copy.lastAt = this.lastAt;
    return copy;
  }

  queue(queueId: string): QueueDefinition {
    return this.queueDefs.get(queueId)!;
  }

  preferenceInForce(contact: ShadowContact, at: number): string | undefined {
    const pref = contact.preference;
    return pref !== undefined && at < pref.until ? pref.agentId : undefined;
  }

  stepAt(contact: ShadowContact, at: number): number {
    const starts = stepStartOffsets(this.queue(contact.queueId).requirements);
    let step = 0;
    while (step + 1 < starts.length && at >= contact.queueEnteredAt + starts[step + 1]) step++;
    return step;
  }

  /** Whether the agent may be offered the contact at `at`: the preference in force, or the queue's step and the contact's own requirement. */
  eligible(contact: ShadowContact, agentId: string, at: number): boolean {
    const preferred = this.preferenceInForce(contact, at);
    if (preferred !== undefined) return preferred === agentId;
    const profile = this.profiles.get(agentId)!;
    if (!profile.queues.includes(contact.queueId)) return false;
    if (!matches(this.queue(contact.queueId).requirements[this.stepAt(contact, at)].requires, profile.skills)) return false;
    return contact.requires === undefined || matches(contact.requires, profile.skills);
  }

  hasRoom(agentId: string, channel: string): boolean {
    const profile = this.profiles.get(agentId)!;
    const held = [...this.holding.get(agentId)!.values()];
    if (held.filter((c) => c === channel).length >= (profile.capacity[channel] ?? 0)) return false;
    const rule = this.settings.crossChannel;
    return !held.some((busy) => busy !== channel && (rule[busy] === '*' || (rule[busy] ?? []).includes(channel)));
  }

  isFreeFor(agentId: string, channel: string): boolean {
    return this.agentStatus.get(agentId) === 'available' && this.hasRoom(agentId, channel);
  }

  occupancy(agentId: string): number {
    let used = 0;
    let capacity = 0;
    const held = [...this.holding.get(agentId)!.values()];
    for (const [channel, cap] of Object.entries(this.profiles.get(agentId)!.capacity)) {
      if (cap <= 0) continue;
      capacity += cap;
      used += Math.min(cap, held.filter((c) => c === channel).length);
    }
    return capacity === 0 ? 0 : used / capacity;
  }

  proficiency(contact: ShadowContact, agentId: string, at: number): number {
    const skills = this.profiles.get(agentId)!.skills;
    const step = this.queue(contact.queueId).requirements[this.stepAt(contact, at)].requires;
    return score(step, skills) + (contact.requires === undefined ? 0 : score(contact.requires, skills));
  }

  /** Free agents who may take the contact now. */
  candidates(contact: ShadowContact, at: number): string[] {
    return this.agentIds.filter((id) => this.isFreeFor(id, contact.channel) && this.eligible(contact, id, at));
  }

  /** The agent the queue's strategy should choose, ties broken by longest idle, then agent id. */
  expectedAgent(contact: ShadowContact, at: number): string | undefined {
    const preferred = this.preferenceInForce(contact, at);
    if (preferred !== undefined) return preferred;
    const all = this.candidates(contact, at);
    const others = all.filter((id) => id !== contact.lastDeclinedBy);
    const pool = others.length > 0 ? others : all;
    if (pool.length === 0) return undefined;
    const strategy = this.queue(contact.queueId).strategy ?? 'longest-idle';
    if (strategy === 'round-robin') {
      const cursor = this.roundRobinCursor.get(contact.queueId);
      return pool.find((id) => cursor !== undefined && id > cursor) ?? pool[0];
    }
    const key = (id: string): number[] => {
      const first =
        strategy === 'least-occupied' ? this.occupancy(id) : strategy === 'most-proficient' ? -this.proficiency(contact, id, at) : 0;
      return [first, this.idleSince.get(id)!];
    };
    return [...pool].sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      return ka[0] - kb[0] || ka[1] - kb[1] || (a < b ? -1 : 1);
    })[0];
  }

  /** Decisions returned by one engine call; `request` for an arrival (the decisions do not carry its channel). */
  applyBatch(decisions: readonly RoutingDecision[], request?: ArrivalRequest): void {
    this.freshlyFree.clear();
    for (const d of decisions) this.apply(d, request);
    if (this.awayDue !== undefined) throw new Error(`agent ${this.awayDue} missed too many offers but was not sent away`);
  }

  private apply(d: RoutingDecision, request: ArrivalRequest | undefined): void {
    expect(d.at).toBeGreaterThanOrEqual(this.lastAt);
    if (d.at > this.lastAt) this.freshlyFree.clear();
    this.lastAt = d.at;
    if (this.awayDue !== undefined) {
      // Sent away in the same breath as the offer that was one too many.
      expect(d).toMatchObject({
        type: 'agent-state-changed',
        agentId: this.awayDue,
        state: { status: 'away', reason: MISSED_OFFERS_REASON },
      });
      this.awayDue = undefined;
    } else if (d.type === 'agent-state-changed') {
      expect(d.reason).not.toBe(MISSED_OFFERS_REASON);
    }
    const contact = 'contactId' in d ? this.contacts.get(d.contactId) : undefined;
    switch (d.type) {
      case 'contact-queued': {
        const prefAgent = request?.preferredAgentId;
        this.contacts.set(d.contactId, {
          status: 'waiting',
          queueId: d.queueId,
          channel: request!.channel,
          requires: request?.requires,
          queueEnteredAt: d.at,
          agentId: undefined,
          lastDeclinedBy: undefined,
          // A preference for an agent who is logged out would only delay the customer.
          preference:
            prefAgent !== undefined && this.agentStatus.get(prefAgent) !== 'offline'
              ? { agentId: prefAgent, until: d.at + (request?.preferredForSeconds ?? this.settings.preferredAgentSeconds) * 1000 }
              : undefined,
        });
        return;
      }
      case 'offer-made': {
        expect(contact?.status).toBe('waiting'); // offered to one agent at a time
        expect(this.agentStatus.get(d.agentId)).toBe('available');
        expect(this.hasRoom(d.agentId, contact!.channel)).toBe(true); // capacity incl. cross-channel
        expect(this.eligible(contact!, d.agentId, d.at)).toBe(true); // skills at the step in force, or the preference
        expect(d.expiresAt).toBe(d.at + this.settings.offerTimeoutMs);
        const expected = this.expectedAgent(contact!, d.at);
        // An agent who just gained room picks the best contact for them; otherwise the queue's strategy picks the agent.
        const agentsPick = this.freshlyFree.has(d.agentId) && this.candidates(contact!, d.at).includes(d.agentId);
        if (d.agentId !== expected && !agentsPick) {
          const strategy = this.queue(contact!.queueId).strategy;
          throw new Error(
            `${strategy} in ${contact!.queueId} should have offered ${d.contactId} to ${expected}, not ${d.agentId} (at ${d.at})`,
          );
        }
        if (this.preferenceInForce(contact!, d.at) === undefined) this.roundRobinCursor.set(contact!.queueId, d.agentId);
        contact!.status = 'offered';
        contact!.agentId = d.agentId;
        this.holding.get(d.agentId)!.set(d.contactId, contact!.channel);
        this.idleSince.set(d.agentId, d.at);
        return;
      }
      case 'offer-expired':
      case 'offer-rejected':
      case 'offer-revoked':
        expect(contact?.status).toBe('offered');
        expect(contact!.agentId).toBe(d.agentId);
        this.holding.get(d.agentId)!.delete(d.contactId);
        this.freshlyFree.add(d.agentId);
        contact!.status = 'waiting';
        contact!.agentId = undefined;
        if (contact!.preference?.agentId === d.agentId) contact!.preference = undefined;
        if (d.type !== 'offer-revoked') contact!.lastDeclinedBy = d.agentId;
        if (d.type === 'offer-rejected') this.missedOffers.set(d.agentId, 0);
        if (d.type === 'offer-expired') {
          const missed = this.missedOffers.get(d.agentId)! + 1;
          this.missedOffers.set(d.agentId, missed);
          if (missed >= this.settings.maxConsecutiveMissedOffers && this.agentStatus.get(d.agentId) === 'available')
            this.awayDue = d.agentId;
        }
        return;
      case 'contact-requeued':
        expect(contact?.status).toBe('waiting');
        return;
      case 'contact-assigned':
        if (d.manual && contact!.status === 'waiting') {
          expect(this.hasRoom(d.agentId, contact!.channel)).toBe(true);
          this.holding.get(d.agentId)!.set(d.contactId, contact!.channel);
        } else {
          expect(contact?.status).toBe('offered');
          expect(contact!.agentId).toBe(d.agentId);
          // The agent answered: a streak of missed offers is over (a supervisor's assignment is no answer).
          if (!d.manual) this.missedOffers.set(d.agentId, 0);
        }
        contact!.status = 'assigned';
        contact!.agentId = d.agentId;
        contact!.preference = undefined;
        return;
      case 'contact-completed':
        expect(contact?.status).toBe('assigned');
        this.holding.get(d.agentId)!.delete(d.contactId);
        this.idleSince.set(d.agentId, d.at);
        this.freshlyFree.add(d.agentId);
        this.contacts.delete(d.contactId);
        return;
      case 'contact-transferred':
        if (contact!.status === 'assigned') {
          expect(d.fromAgentId).toBe(contact!.agentId);
          this.holding.get(contact!.agentId!)!.delete(d.contactId);
          this.idleSince.set(contact!.agentId!, d.at);
          this.freshlyFree.add(contact!.agentId!);
        } else expect(contact!.status).toBe('waiting');
        Object.assign(contact!, {
          status: 'waiting',
          agentId: undefined,
          queueId: d.toQueueId,
          queueEnteredAt: d.at,
          lastDeclinedBy: undefined,
          preference:
            d.toAgentId === undefined ? undefined : { agentId: d.toAgentId, until: d.at + this.settings.transferToAgentSeconds * 1000 },
        });
        return;
      case 'contact-overflowed': {
        expect(contact?.status).toBe('waiting');
        const from = this.queue(contact!.queueId);
        expect(d.fromQueueId).toBe(from.id);
        expect(d.toQueueId).toBe(from.overflowQueueId);
        expect(d.at).toBeGreaterThanOrEqual(contact!.queueEnteredAt + from.maxWaitSeconds! * 1000);
        // Intended behaviour: the overflow queue's agents take it at once, whoever it waited for before.
        Object.assign(contact!, { queueId: d.toQueueId, queueEnteredAt: d.at, preference: undefined });
        return;
      }
      case 'max-wait-exceeded': {
        expect(contact?.status).toBe('waiting');
        const queue = this.queue(contact!.queueId);
        expect(queue.overflowQueueId).toBeUndefined();
        expect(d.at).toBeGreaterThanOrEqual(contact!.queueEnteredAt + queue.maxWaitSeconds! * 1000);
        this.contacts.delete(d.contactId);
        return;
      }
      case 'contact-abandoned':
        expect(contact?.status).toBe('waiting');
        this.contacts.delete(d.contactId);
        return;
      case 'agent-state-changed': {
        const was = this.agentStatus.get(d.agentId);
        this.agentStatus.set(d.agentId, d.state.status);
        if (d.state.status === 'available' && was !== 'available') {
          this.idleSince.set(d.agentId, d.at);
          this.missedOffers.set(d.agentId, 0);
          this.freshlyFree.add(d.agentId);
        }
        if (d.state.status === 'offline') {
          // A logged-out agent takes nothing: contacts waiting for them go to their queues now.
          for (const c of this.contacts.values()) if (c.preference?.agentId === d.agentId) c.preference = undefined;
        }
        return;
      }
    }
  }
}
