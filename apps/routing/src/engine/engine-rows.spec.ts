import { RoutingEngine, type RoutingEngineSnapshot } from '@garda/routing-engine';
import {
  type AgentRow,
  agentColumns,
  type ContactRow,
  contactColumns,
  contactRequirement,
  ENGINE_OPTIONS,
  type QueueRow,
  queueDefinition,
  servedQueueIds,
  snapshotFromRows,
} from './engine-rows';

const queueRow = (overrides: Partial<QueueRow> & Pick<QueueRow, 'id' | 'name'>): QueueRow => ({
  required_skills: [],
  relaxation: [],
  priority: 0,
  is_default: false,
  strategy: 'longest-idle',
  offer_timeout_seconds: 20,
  service_level_percent: 80,
  service_level_seconds: 20,
  max_wait_seconds: null,
  overflow_queue: null,
  after_contact_work_seconds: null,
  round_robin_cursor: null,
  counters: null,
  ...overrides,
});

const QUEUES: QueueRow[] = [
  queueRow({ id: 'q-general', name: 'general', required_skills: [{ skill: 'support', minLevel: 1 }], after_contact_work_seconds: 5 }),
  queueRow({
    id: 'q-vip',
    name: 'vip',
    relaxation: [
      { requires: { skill: 'support', minLevel: 4 }, forSeconds: 10 },
      { requires: { skill: 'support', minLevel: 2 }, forSeconds: 10 },
      { requires: { anyAgent: true } },
    ],
    priority: 5,
    strategy: 'most-proficient',
    offer_timeout_seconds: 8,
    max_wait_seconds: 60,
    overflow_queue: 'general',
  }),
  queueRow({
    id: 'q-sales',
    name: 'sales',
    required_skills: [{ skill: 'sales', minLevel: 2 }],
    strategy: 'round-robin',
    max_wait_seconds: 45,
  }),
];

const agentRow = (
  id: string,
  skills: Record<string, number>,
  capacity: Record<string, number>,
  queues: string[] | null = null,
): AgentRow => ({
  agent_id: id,
  name: id,
  skills,
  queues,
  cross_channel: null,
  capacity,
  state: 'offline',
  state_reason: null,
  acw_until: null,
  idle_since: new Date(0),
  missed_offers: 0,
  acw_epoch: 0,
});

const AGENTS: AgentRow[] = [
  agentRow('ana', { support: 5, sales: 2 }, { webchat: 2, email: 3 }),
  agentRow('ben', { support: 2 }, { webchat: 1, email: 1 }),
  agentRow('cy', { sales: 4 }, { webchat: 3 }, ['sales', 'vip']),
  agentRow('dee', { support: 3, sales: 3 }, { webchat: 1, voice: 1, email: 2 }),
];

describe('queue and agent rows as engine definitions', () => {
  const idByName = new Map(QUEUES.map((q) => [q.name, q.id]));

  it('turns required skills into one step, and keeps relaxation steps as they are', () => {
    expect(queueDefinition(QUEUES[0], idByName).requirements).toEqual([{ requires: { skill: 'support', minLevel: 1 } }]);
    expect(queueDefinition(QUEUES[1], idByName)).toMatchObject({
      requirements: QUEUES[1].relaxation,
      maxWaitSeconds: 60,
      overflowQueueId: 'q-general',
      strategy: 'most-proficient',
      offerTimeoutSeconds: 8,
      priority: 5,
    });
    expect(queueDefinition(queueRow({ id: 'q', name: 'any' }), idByName).requirements).toEqual([{ requires: { anyAgent: true } }]);
  });

  it('serves the queues named in the profile, or those whose last step the agent meets', () => {
    expect(servedQueueIds(AGENTS[0], QUEUES)).toEqual(['q-general', 'q-vip', 'q-sales']);
    expect(servedQueueIds(AGENTS[1], QUEUES)).toEqual(['q-general', 'q-vip']);
    expect(servedQueueIds(AGENTS[2], QUEUES)).toEqual(['q-sales', 'q-vip']);
    expect(servedQueueIds({ queues: ['gone', 'sales'], skills: {} }, QUEUES)).toEqual(['q-sales']);
  });

  it('maps a contact’s required skills to an expression that never relaxes', () => {
    expect(contactRequirement([])).toBeUndefined();
    expect(contactRequirement([{ skill: 'lang:fr', minLevel: 3 }])).toEqual({ skill: 'lang:fr', minLevel: 3 });
    expect(
      contactRequirement([
        { skill: 'a', minLevel: 1 },
        { skill: 'b', minLevel: 2 },
      ]),
    ).toEqual({
      allOf: [
        { skill: 'a', minLevel: 1 },
        { skill: 'b', minLevel: 2 },
      ],
    });
  });
});

/** What the tables hold after DecisionWriter wrote an engine's snapshot (the columns it writes). */
function rowsFromSnapshot(snapshot: RoutingEngineSnapshot) {
  const queues = QUEUES.map((row) => {
    const q = snapshot.queues.find((s) => s.definition.id === row.id)!;
    return { ...row, counters: JSON.parse(JSON.stringify(q.counters)), round_robin_cursor: q.roundRobinCursor ?? null };
  });
  const agents = AGENTS.map((row) => {
    const a = snapshot.agents.find((s) => s.profile.id === row.agent_id)!;
    const [, state, reason, acwUntil, idleSince, missed, acwEpoch] = agentColumns(a);
    return {
      ...row,
      state,
      state_reason: reason,
      acw_until: acwUntil,
      idle_since: idleSince,
      missed_offers: missed,
      acw_epoch: acwEpoch,
    } as AgentRow;
  });
  const contacts = snapshot.contacts.map((c): ContactRow => {
    const [
      ,
      status,
      queueId,
      priority,
      enteredAt,
      step,
      offerSeq,
      assignedAt,
      declined,
      preferred,
      preferredUntil,
      waitEpoch,
      queueEpoch,
      prefEpoch,
      seq,
    ] = contactColumns(c) as [
      string,
      ContactRow['status'],
      string,
      number,
      Date,
      number,
      number,
      Date | null,
      string | null,
      string | null,
      Date | null,
      number,
      number,
      number,
      number,
    ];
    return {
      id: c.id,
      channel: c.channel,
      seq: String(seq),
      arrived_at: new Date(c.arrivedAt),
      // jsonb hands objects back with its own key order: the mapping must not depend on it.
      requires: c.requires === undefined ? null : JSON.parse(JSON.stringify(c.requires)),
      explicit_priority: c.explicitPriority ?? null,
      queue_id: queueId,
      priority,
      queue_entered_at: enteredAt,
      status,
      step,
      offer_seq: offerSeq,
      offer_agent_id: c.offer?.agentId ?? null,
      offered_at: c.offer ? new Date(c.offer.offeredAt) : null,
      offer_expires_at: c.offer ? new Date(c.offer.expiresAt) : null,
      assigned_agent_id: c.assignedAgentId ?? null,
      assigned_at: assignedAt,
      last_declined_by: declined,
      preferred_agent_id: preferred,
      preferred_until: preferredUntil,
      wait_epoch: waitEpoch,
      queue_epoch: queueEpoch,
      preference_epoch: prefEpoch,
    };
  });
  return { state: { revision: 'r', clock: snapshot.clock, contact_seq: String(snapshot.contactSeq) }, queues, agents, contacts };
}

/** A small deterministic pseudo-random generator, so a failure replays. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

type Step = (engine: RoutingEngine, now: number) => unknown;

describe('an engine rebuilt from the rows it wrote', () => {
  it.each([1, 2, 3, 4, 5])('makes exactly the decisions the original would have made (seed %i)', (seed) => {
    const rnd = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
    let original = RoutingEngine.restore(snapshotFromRows({ state: undefined, queues: QUEUES, agents: AGENTS, contacts: [] }));
    let now = 1_000;
    let contactNo = 0;
    const contactsOf = (engine: RoutingEngine, status: string) => engine.snapshot().contacts.filter((c) => c.status === status);

    const step = (): Step => {
      const roll = rnd();
      if (roll < 0.3) {
        const id = `c${++contactNo}`;
        const queueId = pick(QUEUES).id;
        const channel = pick(['webchat', 'email', 'voice']);
        const requires = rnd() < 0.2 ? contactRequirement([{ skill: 'support', minLevel: 2 }]) : undefined;
        const preferredAgentId = rnd() < 0.15 ? pick(AGENTS).agent_id : undefined;
        const priority = rnd() < 0.2 ? 9 : undefined;
        return (engine, at) => engine.addContact({ id, queueId, channel, requires, preferredAgentId, priority }, at);
      }
      if (roll < 0.45) {
        const agent = pick(AGENTS).agent_id;
        const status = pick(['available', 'available', 'away', 'offline'] as const);
        return (engine, at) => engine.setAgentState(agent, status, at, status === 'away' ? 'break' : undefined);
      }
      if (roll < 0.65) {
        const offered = contactsOf(original, 'offered');
        if (offered.length === 0) return (engine, at) => engine.tick(at);
        const contact = pick(offered);
        const accept = rnd() < 0.7;
        return (engine, at) =>
          accept ? engine.acceptOffer(contact.id, contact.offer!.agentId, at) : engine.rejectOffer(contact.id, contact.offer!.agentId, at);
      }
      if (roll < 0.78) {
        const assigned = contactsOf(original, 'assigned');
        if (assigned.length === 0) return (engine, at) => engine.tick(at);
        const contact = pick(assigned);
        return (engine, at) => engine.completeContact(contact.id, at);
      }
      if (roll < 0.84) {
        const open = [...contactsOf(original, 'waiting'), ...contactsOf(original, 'offered')];
        if (open.length === 0) return (engine, at) => engine.tick(at);
        const contact = pick(open);
        const agentId = pick(AGENTS).agent_id;
        return rnd() < 0.5
          ? (engine, at) => engine.abandonContact(contact.id, at)
          : (engine, at) => engine.assignManually(contact.id, agentId, at);
      }
      if (roll < 0.9) {
        const all = original.snapshot().contacts;
        if (all.length === 0) return (engine, at) => engine.tick(at);
        const contact = pick(all);
        const target = rnd() < 0.5 ? { queueId: pick(QUEUES).id } : { agentId: pick(AGENTS).agent_id, timeoutSeconds: 15 };
        return (engine, at) => engine.transfer(contact.id, target, at);
      }
      return (engine, at) => engine.tick(at);
    };

    const outcome = (engine: RoutingEngine, action: Step, at: number) => {
      try {
        return { decisions: action(engine, at) };
      } catch (error) {
        return { refused: (error as { code?: string }).code, decisions: engine.tick(at) };
      }
    };

    let decisionsCompared = 0;
    for (let i = 0; i < 400; i++) {
      now += Math.floor(rnd() * 6_000);
      const snapshot = original.snapshot();
      const rebuilt = RoutingEngine.restore(snapshotFromRows(rowsFromSnapshot(snapshot)));
      const key = (t: { at: number; kind: string; subjectId: string; epoch: number }) => `${t.at} ${t.kind} ${t.subjectId} ${t.epoch}`;
      expect(snapshotFromRows(rowsFromSnapshot(snapshot)).timers.map(key).sort()).toEqual(snapshot.timers.map(key).sort());
      expect(rebuilt.nextTimerAt()).toEqual(original.nextTimerAt());
      // Timers due at the same millisecond fire in the order they were armed, which the tables do
      // not keep: both orders are valid, so such a step is not compared decision by decision.
      const due = snapshot.timers.filter((t) => t.at <= now).map((t) => t.at);
      const tie = new Set(due).size !== due.length;
      const action = step();
      const expected = outcome(original, action, now);
      const actual = outcome(rebuilt, action, now);
      if (!tie) {
        expect(actual).toEqual(expected);
        decisionsCompared += (expected.decisions as unknown[]).length;
      }
      // Carry on with the rebuilt engine half of the time, as a second instance would.
      if (rnd() < 0.5) original = rebuilt;
    }
    expect(decisionsCompared).toBeGreaterThan(300);
  });

  it('uses the engine options routing runs with', () => {
    expect(snapshotFromRows({ state: undefined, queues: [], agents: [], contacts: [] }).options).toMatchObject(ENGINE_OPTIONS);
  });
});
