import fc from 'fast-check';
import {
  AgentProfile,
  QueueDefinition,
  RoutingDecision,
  RoutingEngine,
  RoutingStrategy,
  SkillExpression,
  isRoutingError,
  matchesSkills,
  stepStartOffsets,
} from '..';

/**
 * Random sequences of arrivals, state changes, accepts, rejects, timeouts, disconnects,
 * transfers, manual assignments and completions. An independent shadow, built only from the
 * engine's decisions, checks every decision as it is made; the engine's state is checked after
 * every step.
 */

const AGENT_IDS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const QUEUE_IDS = ['tiered', 'billing', 'general'];
const CHANNELS = ['voice', 'chat', 'email'] as const;
const BLOCKING: Record<string, string[] | '*'> = { voice: '*' };
const OFFER_TIMEOUT_MS = 15_000;

function queues(strategies: RoutingStrategy[]): QueueDefinition[] {
  return [
    {
      id: 'tiered',
      strategy: strategies[0],
      requirements: [
        { requires: { skill: 'tech', minLevel: 4 }, forSeconds: 10 },
        { requires: { skill: 'tech', minLevel: 2 }, forSeconds: 10 },
        { requires: { anyAgent: true } },
      ],
    },
    {
      id: 'billing',
      strategy: strategies[1],
      priority: 1,
      maxWaitSeconds: 40,
      overflowQueueId: 'general',
      requirements: [{ requires: { allOf: [{ skill: 'billing', minLevel: 3 }, { anyOf: [{ skill: 'lang:fr' }, { skill: 'lang:en' }] }] } }],
    },
    {
      id: 'general',
      strategy: strategies[2],
      maxWaitSeconds: 60,
      afterContactWorkSeconds: 5,
      requirements: [{ requires: { anyOf: [{ skill: 'billing', minLevel: 1 }, { skill: 'tech', minLevel: 1 }] }, forSeconds: 15 }, { requires: { anyAgent: true } }],
    },
  ];
}

const level = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined });
const agentArb = (id: string) =>
  fc
    .record({
      tech: level,
      billing: level,
      fr: level,
      en: level,
      chat: fc.integer({ min: 0, max: 3 }),
      email: fc.integer({ min: 0, max: 2 }),
      queues: fc.subarray(QUEUE_IDS, { minLength: 1 }),
    })
    .map((r): AgentProfile => {
      const skills: Record<string, number> = {};
      if (r.tech) skills.tech = r.tech;
      if (r.billing) skills.billing = r.billing;
      if (r.fr) skills['lang:fr'] = r.fr;
      if (r.en) skills['lang:en'] = r.en;
      return { id, skills, capacity: { voice: 1, chat: r.chat, email: r.email }, queues: r.queues };
    });

const pick = fc.nat({ max: 1000 });
// Fractional milliseconds too: the engine must compare times exactly as it scheduled them.
const dt = fc.tuple(fc.integer({ min: 0, max: 12_000 }), fc.constantFrom(0, 0, 0.1, 0.7)).map(([ms, fraction]) => ms + fraction);
const commandArb = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('arrive' as const), dt, queue: fc.constantFrom(...QUEUE_IDS), channel: fc.constantFrom(...CHANNELS), priority: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), french: fc.boolean(), preferred: fc.option(fc.constantFrom(...AGENT_IDS), { nil: undefined, freq: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('state' as const), dt, agent: fc.constantFrom(...AGENT_IDS), status: fc.constantFrom('available' as const, 'available' as const, 'away' as const, 'offline' as const, 'after-contact-work' as const) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('accept' as const), dt, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), dt, pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('complete' as const), dt, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abandon' as const), dt, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), dt, agent: fc.constantFrom(...AGENT_IDS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), dt, pick, toQueue: fc.option(fc.constantFrom(...QUEUE_IDS), { nil: undefined }), toAgent: fc.option(fc.constantFrom(...AGENT_IDS), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('manual' as const), dt, pick, agent: fc.constantFrom(...AGENT_IDS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), dt: fc.integer({ min: 0, max: 30_000 }) }) },
);
type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never;

const worldArb = fc.record({
  agents: fc.tuple(...AGENT_IDS.map(agentArb)),
  strategies: fc.tuple(...QUEUE_IDS.map(() => fc.constantFrom<RoutingStrategy>('longest-idle', 'least-occupied', 'most-proficient', 'round-robin'))),
  commands: fc.array(commandArb, { minLength: 5, maxLength: 70 }),
});

interface ShadowContact {
  status: 'waiting' | 'offered' | 'assigned';
  queueId: string;
  channel: string;
  requires: SkillExpression | undefined;
  queueEnteredAt: number;
  agentId: string | undefined;
  preference: { agentId: string; until: number } | undefined;
}

/** Everything the decisions say, checked as they arrive. */
class Shadow {
  readonly contacts = new Map<string, ShadowContact>();
  readonly agentStatus = new Map<string, string>(AGENT_IDS.map((id) => [id, 'offline']));
  readonly holding = new Map<string, Map<string, string>>(AGENT_IDS.map((id) => [id, new Map()]));
  private lastAt = 0;

  constructor(
    private readonly profiles: Map<string, AgentProfile>,
    private readonly queueDefs: Map<string, QueueDefinition>,
  ) {}

  /** The requirement that held for the contact at `at`, and whether the agent meets it. */
  eligible(contact: ShadowContact, agentId: string, at: number): boolean {
    const pref = contact.preference;
    if (pref !== undefined && at < pref.until) return pref.agentId === agentId;
    const profile = this.profiles.get(agentId)!;
    if (!profile.queues.includes(contact.queueId)) return false;
    const def = this.queueDefs.get(contact.queueId)!;
    const starts = stepStartOffsets(def.requirements);
    let step = 0;
    while (step + 1 < starts.length && at >= contact.queueEnteredAt + starts[step + 1]) step++;
    if (!matchesSkills(def.requirements[step].requires, profile.skills)) return false;
    return contact.requires === undefined || matchesSkills(contact.requires, profile.skills);
  }

  hasRoom(agentId: string, channel: string): boolean {
    const profile = this.profiles.get(agentId)!;
    const held = [...this.holding.get(agentId)!.values()];
    if (held.filter((c) => c === channel).length >= (profile.capacity[channel] ?? 0)) return false;
    return !held.some((busy) => busy !== channel && (BLOCKING[busy] === '*' || (BLOCKING[busy] ?? []).includes(channel)));
  }

  apply(d: RoutingDecision, request?: { preferredAgentId?: string; preferredForSeconds?: number; requires?: SkillExpression; channel?: string }): void {
    expect(d.at).toBeGreaterThanOrEqual(this.lastAt);
    this.lastAt = d.at;
    const contact = 'contactId' in d ? this.contacts.get(d.contactId) : undefined;
    switch (d.type) {
      case 'contact-queued': {
        const prefAgent = request?.preferredAgentId;
        this.contacts.set(d.contactId, {
          status: 'waiting',
          queueId: d.queueId,
          channel: request!.channel!,
          requires: request?.requires,
          queueEnteredAt: d.at,
          agentId: undefined,
          preference:
            prefAgent !== undefined && this.agentStatus.get(prefAgent) !== 'offline'
              ? { agentId: prefAgent, until: d.at + (request?.preferredForSeconds ?? 30) * 1000 }
              : undefined,
        });
        return;
      }
      case 'offer-made': {
        expect(contact?.status).toBe('waiting'); // offered to one agent at a time
        expect(this.agentStatus.get(d.agentId)).toBe('available');
        expect(this.hasRoom(d.agentId, contact!.channel)).toBe(true); // capacity incl. cross-channel
        expect(this.eligible(contact!, d.agentId, d.at)).toBe(true); // skills at the step in force
        expect(d.expiresAt).toBe(d.at + OFFER_TIMEOUT_MS);
        contact!.status = 'offered';
        contact!.agentId = d.agentId;
        this.holding.get(d.agentId)!.set(d.contactId, contact!.channel);
        return;
      }
      case 'offer-expired':
      case 'offer-rejected':
      case 'offer-revoked':
        expect(contact?.status).toBe('offered');
        expect(contact!.agentId).toBe(d.agentId);
        this.holding.get(d.agentId)!.delete(d.contactId);
        contact!.status = 'waiting';
        contact!.agentId = undefined;
        if (contact!.preference?.agentId === d.agentId) contact!.preference = undefined;
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
        }
        contact!.status = 'assigned';
        contact!.agentId = d.agentId;
        contact!.preference = undefined;
        return;
      case 'contact-completed':
        expect(contact?.status).toBe('assigned');
        this.holding.get(d.agentId)!.delete(d.contactId);
        this.contacts.delete(d.contactId);
        return;
      case 'contact-transferred':
        if (contact!.status === 'assigned') this.holding.get(contact!.agentId!)!.delete(d.contactId);
        else expect(contact!.status).toBe('waiting');
        Object.assign(contact!, {
          status: 'waiting',
          agentId: undefined,
          queueId: d.toQueueId,
          queueEnteredAt: d.at,
          // Engine default transferToAgentSeconds: 30.
          preference: d.toAgentId === undefined ? undefined : { agentId: d.toAgentId, until: d.at + 30_000 },
        });
        return;
      case 'contact-overflowed':
        expect(contact?.status).toBe('waiting');
        Object.assign(contact!, { queueId: d.toQueueId, queueEnteredAt: d.at });
        return;
      case 'contact-abandoned':
      case 'max-wait-exceeded':
        expect(contact?.status).toBe('waiting');
        this.contacts.delete(d.contactId);
        return;
      case 'agent-state-changed':
        this.agentStatus.set(d.agentId, d.state.status);
        return;
    }
  }
}

function checkState(engine: RoutingEngine, shadow: Shadow, now: number): void {
  // The engine agrees with what its decisions said.
  for (const [id, contact] of shadow.contacts) {
    const view = engine.contactView(id);
    expect(view?.status).toBe(contact.status);
    expect(view?.agentId).toBe(contact.agentId);
    expect(view?.queueId).toBe(contact.queueId);
  }
  for (const agentId of AGENT_IDS) {
    const view = engine.agentView(agentId);
    expect(view.state.status).toBe(shadow.agentStatus.get(agentId));
    for (const [channel, load] of Object.entries(view.load)) expect(load).toBeLessThanOrEqual(view.profile.capacity[channel] ?? 0);
    for (const id of view.offeredContactIds) expect(engine.contactView(id)!.agentId).toBe(agentId);
  }
  for (const [id, contact] of shadow.contacts) {
    // No offer outlives its timeout.
    if (contact.status === 'offered') expect(engine.contactView(id)!.offerExpiresAt!).toBeGreaterThan(now);
    if (contact.status !== 'waiting') continue;
    // Work conservation: no free agent who may take a waiting contact is left idle.
    for (const agentId of AGENT_IDS) {
      const free = shadow.agentStatus.get(agentId) === 'available' && shadow.hasRoom(agentId, contact.channel);
      if (free && shadow.eligible(contact, agentId, now)) {
        throw new Error(`work conservation: ${id} waits in ${contact.queueId} while ${agentId} is free and eligible at ${now}`);
      }
    }
    // Nobody waits past the queue's maximum.
    const maxWait = queues(['longest-idle', 'longest-idle', 'longest-idle']).find((q) => q.id === contact.queueId)!.maxWaitSeconds;
    if (maxWait !== undefined) expect(now).toBeLessThan(contact.queueEnteredAt + maxWait * 1000);
  }
}

function runCommand(engine: RoutingEngine, shadow: Shadow, command: Command, now: number, nextId: () => string): RoutingDecision[] {
  const live = [...shadow.contacts.entries()];
  const choose = <T>(items: T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);
  switch (command.kind) {
    case 'arrive': {
      const request = {
        id: nextId(),
        queueId: command.queue,
        channel: command.channel,
        priority: command.priority,
        requires: command.french ? ({ skill: 'lang:fr' } as const) : undefined,
        preferredAgentId: command.preferred,
        preferredForSeconds: 20,
      };
      const decisions = engine.addContact(request, now);
      // The shadow learns the contact's channel and preference from the request.
      decisions.forEach((d) => shadow.apply(d, request));
      return decisions.map((d) => ({ ...d, alreadyApplied: true }));
    }
    case 'state':
      return engine.setAgentState(command.agent, command.status, now, command.status === 'away' ? 'break' : undefined);
    case 'accept': {
      const offered = choose(live.filter(([, c]) => c.status === 'offered'), command.pick);
      return offered ? engine.acceptOffer(offered[0], offered[1].agentId!, now) : engine.tick(now);
    }
    case 'reject': {
      const offered = choose(live.filter(([, c]) => c.status === 'offered'), command.pick);
      return offered ? engine.rejectOffer(offered[0], offered[1].agentId!, now) : engine.tick(now);
    }
    case 'complete': {
      const assigned = choose(live.filter(([, c]) => c.status === 'assigned'), command.pick);
      return assigned ? engine.completeContact(assigned[0], now) : engine.tick(now);
    }
    case 'abandon': {
      const waiting = choose(live.filter(([, c]) => c.status !== 'assigned'), command.pick);
      return waiting ? engine.abandonContact(waiting[0], now) : engine.tick(now);
    }
    case 'disconnect':
      return engine.agentDisconnected(command.agent, now);
    case 'transfer': {
      const target = choose(live, command.pick);
      if (!target) return engine.tick(now);
      const to = command.toAgent !== undefined ? { agentId: command.toAgent, queueId: command.toQueue } : { queueId: command.toQueue ?? 'general' };
      return engine.transfer(target[0], to, now);
    }
    case 'manual': {
      const target = choose(live.filter(([, c]) => c.status !== 'assigned'), command.pick);
      return target ? engine.assignManually(target[0], command.agent, now) : engine.tick(now);
    }
    case 'tick':
      return engine.tick(now);
  }
}

function applyAll(shadow: Shadow, decisions: RoutingDecision[]): void {
  for (const d of decisions) if (!('alreadyApplied' in d)) shadow.apply(d);
}

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

function setUp(world: World): { engine: RoutingEngine; shadow: Shadow } {
  const engine = new RoutingEngine({ offerTimeoutSeconds: OFFER_TIMEOUT_MS / 1000, maxConsecutiveMissedOffers: 2, afterContactWorkSeconds: 0, defaultCrossChannel: BLOCKING });
  const defs = queues(world.strategies);
  defs.forEach((q) => engine.upsertQueue(q, 0));
  world.agents.forEach((a) => engine.upsertAgent(a, 0));
  const shadow = new Shadow(new Map(world.agents.map((a) => [a.id, a])), new Map(defs.map((q) => [q.id, q])));
  return { engine, shadow };
}

describe('RoutingEngine invariants (property-based)', () => {
  it('keeps capacity, single assignment, skill match, work conservation and max wait after every step', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { engine, shadow } = setUp(world);
        let now = 0;
        let seq = 0;
        for (const command of world.commands) {
          now += command.dt;
          // Fire due timers first so a refused command can be checked for leaving state untouched.
          engine.tick(now).forEach((d) => shadow.apply(d));
          const before = JSON.stringify(engine.snapshot());
          let decisions: RoutingDecision[];
          try {
            decisions = runCommand(engine, shadow, command, now, () => `k${++seq}`);
          } catch (error) {
            if (!isRoutingError(error)) throw error;
            expect(JSON.stringify(engine.snapshot())).toBe(before);
            continue;
          }
          applyAll(shadow, decisions);
          checkState(engine, shadow, now);
        }
      }),
      { numRuns: 200, seed: 20261123 },
    );
  });

  it('continues identically after a snapshot is restored at any point', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), (world, cut) => {
        const a = setUp(world);
        let copy: { engine: RoutingEngine; shadow: Shadow } | undefined;
        const cutAt = cut % world.commands.length;
        let now = 0;
        let seq = 0;
        let seqCopy = 0;
        world.commands.forEach((command, index) => {
          if (index === cutAt) {
            const shadowCopy = new Shadow(new Map(world.agents.map((p) => [p.id, p])), new Map(queues(world.strategies).map((q) => [q.id, q])));
            // A restored engine has no shadow history: rebuild the copy's shadow by replaying its state from the original.
            copy = { engine: RoutingEngine.restore(JSON.parse(JSON.stringify(a.engine.snapshot()))), shadow: shadowCopy };
            for (const [id, c] of a.shadow.contacts) shadowCopy.contacts.set(id, structuredClone(c));
            for (const [id, s] of a.shadow.agentStatus) shadowCopy.agentStatus.set(id, s);
            for (const [id, h] of a.shadow.holding) shadowCopy.holding.set(id, new Map(h));
            seqCopy = seq;
          }
          now += command.dt;
          const run = (target: { engine: RoutingEngine; shadow: Shadow }, next: () => string) => {
            try {
              const out = runCommand(target.engine, target.shadow, command, now, next);
              applyAll(target.shadow, out);
              return JSON.stringify(out);
            } catch (error) {
              if (!isRoutingError(error)) throw error;
              return `refused ${error.code}`;
            }
          };
          const original = run(a, () => `k${++seq}`);
          if (copy !== undefined) expect(run(copy, () => `k${++seqCopy}`)).toBe(original);
        });
        if (copy !== undefined) expect(copy.engine.snapshot()).toEqual(a.engine.snapshot());
      }),
      { numRuns: 100, seed: 42 },
    );
  });
});
