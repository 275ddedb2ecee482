import fc from 'fast-check';
import { AgentProfile, QueueDefinition, RoutingDecision, RoutingEngine, RoutingStrategy, isRoutingError } from '..';
import { ArrivalRequest, Shadow } from '../../test/shadow-model';

/**
 * Random sequences of arrivals, state changes, accepts, rejects, timeouts, disconnects,
 * transfers, manual assignments and completions. An independent model (test/shadow-model.ts),
 * built only from the engine's decisions, checks every decision as it is made — including which
 * agent the queue's strategy should have chosen, and that a streak of missed offers sends the
 * agent away — and the engine's state is checked after every step, refused steps included.
 */

const AGENT_IDS = ['a1', 'a2', 'a3', 'a4', 'a5'];
const QUEUE_IDS = ['tiered', 'billing', 'general'];
const CHANNELS = ['voice', 'chat', 'email'] as const;
const BLOCKING: Record<string, string[] | '*'> = { voice: '*' };
const OFFER_TIMEOUT_MS = 15_000;
const MAX_MISSED = 2;

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
      requirements: [
        {
          requires: {
            anyOf: [
              { skill: 'billing', minLevel: 1 },
              { skill: 'tech', minLevel: 1 },
            ],
          },
          forSeconds: 15,
        },
        { requires: { anyAgent: true } },
      ],
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
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('arrive' as const),
      dt,
      queue: fc.constantFrom(...QUEUE_IDS),
      channel: fc.constantFrom(...CHANNELS),
      priority: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      french: fc.boolean(),
      preferred: fc.option(fc.constantFrom(...AGENT_IDS), { nil: undefined, freq: 4 }),
      preferredForSeconds: fc.constantFrom(20, 90),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('state' as const),
      dt,
      agent: fc.constantFrom(...AGENT_IDS),
      status: fc.constantFrom(
        'available' as const,
        'available' as const,
        'available' as const,
        'away' as const,
        'offline' as const,
        'after-contact-work' as const,
      ),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('accept' as const), dt, pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reject' as const), dt, pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('complete' as const), dt, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('abandon' as const), dt, pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), dt, agent: fc.constantFrom(...AGENT_IDS) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      dt,
      pick,
      toQueue: fc.option(fc.constantFrom(...QUEUE_IDS), { nil: undefined }),
      toAgent: fc.option(fc.constantFrom(...AGENT_IDS), { nil: undefined }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('manual' as const), dt, pick, agent: fc.constantFrom(...AGENT_IDS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), dt: fc.integer({ min: 0, max: 30_000 }) }) },
);
type Command = typeof commandArb extends fc.Arbitrary<infer C> ? C : never;

const worldArb = fc.record({
  agents: fc.tuple(...AGENT_IDS.map(agentArb)),
  // Agents logged in from the start, so that contacts often find several free agents and the strategies choose.
  availableAtStart: fc.subarray(AGENT_IDS),
  strategies: fc.tuple(
    ...QUEUE_IDS.map(() => fc.constantFrom<RoutingStrategy>('longest-idle', 'least-occupied', 'most-proficient', 'round-robin')),
  ),
  commands: fc.array(commandArb, { minLength: 5, maxLength: 70 }),
});

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

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
    // Missed-offer streaks and idle times as the model counts them (they drive "away" and the strategies).
    expect({ agentId, missed: view.consecutiveMissedOffers, idleSince: view.idleSince }).toEqual({
      agentId,
      missed: shadow.missedOffers.get(agentId),
      idleSince: shadow.idleSince.get(agentId),
    });
    for (const [channel, load] of Object.entries(view.load)) expect(load).toBeLessThanOrEqual(view.profile.capacity[channel] ?? 0);
    for (const id of view.offeredContactIds) expect(engine.contactView(id)!.agentId).toBe(agentId);
  }
  for (const [id, contact] of shadow.contacts) {
    // No offer outlives its timeout.
    if (contact.status === 'offered') expect(engine.contactView(id)!.offerExpiresAt!).toBeGreaterThan(now);
    if (contact.status !== 'waiting') continue;
    // Work conservation: no free agent who may take a waiting contact is left idle.
    for (const agentId of AGENT_IDS) {
      if (shadow.isFreeFor(agentId, contact.channel) && shadow.eligible(contact, agentId, now)) {
        throw new Error(`work conservation: ${id} waits in ${contact.queueId} while ${agentId} is free and eligible at ${now}`);
      }
    }
    // Nobody waits past the queue's maximum.
    const maxWait = shadow.queue(contact.queueId).maxWaitSeconds;
    if (maxWait !== undefined) expect(now).toBeLessThan(contact.queueEnteredAt + maxWait * 1000);
  }
}

interface Step {
  decisions: RoutingDecision[];
  request?: ArrivalRequest;
}

function runCommand(engine: RoutingEngine, shadow: Shadow, command: Command, now: number, nextId: () => string): Step {
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
        preferredForSeconds: command.preferredForSeconds,
      };
      // The model learns the contact's channel, requirement and preference from the request.
      return { decisions: engine.addContact(request, now), request };
    }
    case 'state':
      return { decisions: engine.setAgentState(command.agent, command.status, now, command.status === 'away' ? 'break' : undefined) };
    case 'accept': {
      const offered = choose(
        live.filter(([, c]) => c.status === 'offered'),
        command.pick,
      );
      return { decisions: offered ? engine.acceptOffer(offered[0], offered[1].agentId!, now) : engine.tick(now) };
    }
    case 'reject': {
      const offered = choose(
        live.filter(([, c]) => c.status === 'offered'),
        command.pick,
      );
      return { decisions: offered ? engine.rejectOffer(offered[0], offered[1].agentId!, now) : engine.tick(now) };
    }
    case 'complete': {
      const assigned = choose(
        live.filter(([, c]) => c.status === 'assigned'),
        command.pick,
      );
      return { decisions: assigned ? engine.completeContact(assigned[0], now) : engine.tick(now) };
    }
    case 'abandon': {
      const waiting = choose(
        live.filter(([, c]) => c.status !== 'assigned'),
        command.pick,
      );
      return { decisions: waiting ? engine.abandonContact(waiting[0], now) : engine.tick(now) };
    }
    case 'disconnect':
      return { decisions: engine.agentDisconnected(command.agent, now) };
    case 'transfer': {
      const target = choose(live, command.pick);
      if (!target) return { decisions: engine.tick(now) };
      const to =
        command.toAgent !== undefined ? { agentId: command.toAgent, queueId: command.toQueue } : { queueId: command.toQueue ?? 'general' };
      return { decisions: engine.transfer(target[0], to, now) };
    }
    case 'manual': {
      const target = choose(
        live.filter(([, c]) => c.status !== 'assigned'),
        command.pick,
      );
      return { decisions: target ? engine.assignManually(target[0], command.agent, now) : engine.tick(now) };
    }
    case 'tick':
      return { decisions: engine.tick(now) };
  }
}

function setUp(world: World): { engine: RoutingEngine; shadow: Shadow } {
  const engine = new RoutingEngine({
    offerTimeoutSeconds: OFFER_TIMEOUT_MS / 1000,
    maxConsecutiveMissedOffers: MAX_MISSED,
    afterContactWorkSeconds: 0,
    defaultCrossChannel: BLOCKING,
  });
  const defs = queues(world.strategies);
  defs.forEach((q) => engine.upsertQueue(q, 0));
  world.agents.forEach((a) => engine.upsertAgent(a, 0));
  const shadow = new Shadow({
    agents: world.agents,
    queues: defs,
    crossChannel: BLOCKING,
    offerTimeoutMs: OFFER_TIMEOUT_MS,
    maxConsecutiveMissedOffers: MAX_MISSED,
    transferToAgentSeconds: 30,
    preferredAgentSeconds: 30,
  });
  for (const id of world.availableAtStart) shadow.applyBatch(engine.setAgentState(id, 'available', 0));
  return { engine, shadow };
}

describe('RoutingEngine invariants (property-based)', () => {
  it('keeps capacity, single assignment, skill match, strategy choice, work conservation and max wait after every step', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const { engine, shadow } = setUp(world);
        let now = 0;
        let seq = 0;
        for (const command of world.commands) {
          now += command.dt;
          // Fire due timers first so a refused command can be checked for leaving state untouched.
          shadow.applyBatch(engine.tick(now));
          const before = JSON.stringify(engine.snapshot());
          try {
            const step = runCommand(engine, shadow, command, now, () => `k${++seq}`);
            shadow.applyBatch(step.decisions, step.request);
          } catch (error) {
            if (!isRoutingError(error)) throw error;
            expect(JSON.stringify(engine.snapshot())).toBe(before);
          }
          // A refusal must leave a state that still keeps every invariant, too.
          checkState(engine, shadow, now);
        }
      }),
      { numRuns: 300, seed: 20261123 },
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
            // A restored engine has no decision history: its model starts as a copy of the original's.
            copy = { engine: RoutingEngine.restore(JSON.parse(JSON.stringify(a.engine.snapshot()))), shadow: a.shadow.clone() };
            seqCopy = seq;
          }
          now += command.dt;
          const run = (target: { engine: RoutingEngine; shadow: Shadow }, next: () => string) => {
            try {
              const step = runCommand(target.engine, target.shadow, command, now, next);
              target.shadow.applyBatch(step.decisions, step.request);
              return JSON.stringify(step.decisions);
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
