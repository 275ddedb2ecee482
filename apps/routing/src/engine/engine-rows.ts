import {
  type AgentProfile,
  type AgentState,
  type ContactSnapshot,
  matchesSkills,
  type QueueDefinition,
  type RelaxationStep,
  RoutingEngine,
  type RoutingEngineOptions,
  type RoutingEngineSnapshot,
  type RoutingStrategy,
  type SkillExpression,
  stepStartOffsets,
} from '@garda/routing-engine';

/**
 * The mapping between routing's tables and the engine (ADR 0009). The tables are the truth: an
 * engine is rebuilt from them as a snapshot (`RoutingEngine.restore`), and after every operation
 * the rows it touched are written back from the engine's snapshot. Pure functions, unit-tested.
 */

export type QueueCounters = RoutingEngineSnapshot['queues'][number]['counters'];
export type EngineTimer = RoutingEngineSnapshot['timers'][number];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Options every tenant's engine uses; per-queue settings (offer timeout, ACW) override them. */
export const ENGINE_OPTIONS: RoutingEngineOptions = { offerTimeoutSeconds: 30, maxConsecutiveMissedOffers: 3, afterContactWorkSeconds: 0 };
const RESOLVED_OPTIONS = new RoutingEngine(ENGINE_OPTIONS).snapshot().options;
/** The rule for agents whose profile sets none (a call blocks everything else), as the engine applies it. */
export const DEFAULT_CROSS_CHANNEL = RESOLVED_OPTIONS.defaultCrossChannel;

export interface SkillRequirement {
  skill: string;
  minLevel: number;
}

export interface QueueRow {
  id: string;
  name: string;
  required_skills: SkillRequirement[];
  relaxation: RelaxationStep[];
  priority: number;
  is_default: boolean;
  strategy: string;
  offer_timeout_seconds: number;
  service_level_percent: number;
  service_level_seconds: number;
  max_wait_seconds: number | null;
  overflow_queue: string | null;
  after_contact_work_seconds: number | null;
  round_robin_cursor: string | null;
  counters: Partial<QueueCounters> | null;
}

export interface AgentRow {
  agent_id: string;
  name: string;
  skills: Record<string, number>;
  /** Queue names; null: every queue whose requirements the agent's skills meet. */
  queues: string[] | null;
  cross_channel: Record<string, string[] | '*'> | null;
  capacity: Record<string, number>;
  state: 'available' | 'away' | 'offline' | 'after-contact-work';
  state_reason: string | null;
  acw_until: Date | null;
  idle_since: Date;
  missed_offers: number;
  acw_epoch: number;
}

/** An active contact (waiting, offered or assigned) with its pending offer and active assignment. */
export interface ContactRow {
  id: string;
  channel: string;
  seq: string | number;
  arrived_at: Date;
  requires: SkillExpression | null;
  explicit_priority: number | null;
  queue_id: string;
  priority: number;
  queue_entered_at: Date | null;
  status: 'waiting' | 'offered' | 'assigned';
  step: number;
  offer_seq: number;
  offer_agent_id: string | null;
  offered_at: Date | null;
  offer_expires_at: Date | null;
  assigned_agent_id: string | null;
  assigned_at: Date | null;
  last_declined_by: string | null;
  preferred_agent_id: string | null;
  preferred_until: Date | null;
  wait_epoch: number;
  queue_epoch: number;
  preference_epoch: number;
}

export interface TenantStateRow {
  revision: string;
  clock: number;
  contact_seq: string | number;
}

const ms = (date: Date | null | undefined): number | undefined => (date ? new Date(date).getTime() : undefined);

/** A list of required skills as one engine expression (every skill at its level). */
export function requirementExpression(skills: readonly SkillRequirement[]): SkillExpression {
  if (skills.length === 0) return { anyAgent: true };
  if (skills.length === 1) return { skill: skills[0].skill, minLevel: skills[0].minLevel };
  return { allOf: skills.map((s) => ({ skill: s.skill, minLevel: s.minLevel })) };
}

/** A contact's own requirement (never relaxes); undefined when it has none. */
export function contactRequirement(skills: readonly SkillRequirement[]): SkillExpression | undefined {
  return skills.length === 0 ? undefined : requirementExpression(skills);
}

/** The queue's relaxation steps: its own list, or its required skills for good. */
export function queueSteps(row: Pick<QueueRow, 'relaxation' | 'required_skills'>): RelaxationStep[] {
  return row.relaxation && row.relaxation.length > 0 ? row.relaxation : [{ requires: requirementExpression(row.required_skills ?? []) }];
}

export function queueDefinition(row: QueueRow, queueIdByName: ReadonlyMap<string, string>): QueueDefinition {
  const overflowId = row.overflow_queue ? queueIdByName.get(row.overflow_queue) : undefined;
  const definition: Mutable<QueueDefinition> = {
    id: row.id,
    name: row.name,
    priority: row.priority,
    requirements: queueSteps(row),
    strategy: row.strategy as RoutingStrategy,
    serviceLevel: { percent: row.service_level_percent, withinSeconds: row.service_level_seconds },
    offerTimeoutSeconds: row.offer_timeout_seconds,
  };
  if (row.max_wait_seconds !== null) {
    definition.maxWaitSeconds = row.max_wait_seconds;
    if (overflowId !== undefined && overflowId !== row.id) definition.overflowQueueId = overflowId;
  }
  if (row.after_contact_work_seconds !== null) definition.afterContactWorkSeconds = row.after_contact_work_seconds;
  return definition;
}

/** The queues an agent serves: those named in the profile, or those whose requirements the agent meets. */
export function servedQueueIds(agent: Pick<AgentRow, 'queues' | 'skills'>, queues: readonly QueueRow[]): string[] {
  if (agent.queues !== null) {
    const byName = new Map(queues.map((q) => [q.name, q.id]));
    return agent.queues.flatMap((name) => byName.get(name) ?? []);
  }
  return queues.filter((q) => matchesSkills(queueSteps(q).at(-1)!.requires, agent.skills)).map((q) => q.id);
}

export function agentProfile(row: AgentRow, queues: readonly QueueRow[]): AgentProfile {
  const profile: Mutable<AgentProfile> = {
    id: row.agent_id,
    skills: row.skills,
    capacity: row.capacity,
    queues: servedQueueIds(row, queues),
  };
  if (row.cross_channel) profile.crossChannel = row.cross_channel;
  return profile;
}

export function agentState(row: Pick<AgentRow, 'state' | 'state_reason' | 'acw_until'>): AgentState {
  switch (row.state) {
    case 'away':
      return { status: 'away', reason: row.state_reason ?? 'away' };
    case 'after-contact-work':
      return { status: 'after-contact-work', until: ms(row.acw_until) ?? 0 };
    case 'available':
    case 'offline':
      return { status: row.state };
  }
}

export function contactSnapshot(row: ContactRow): ContactSnapshot {
  const requires = row.requires ?? undefined;
  const offer =
    row.status === 'offered' && row.offer_agent_id
      ? { agentId: row.offer_agent_id, offeredAt: ms(row.offered_at)!, expiresAt: ms(row.offer_expires_at)!, seq: row.offer_seq }
      : undefined;
  return {
    id: row.id,
    channel: row.channel,
    seq: Number(row.seq),
    arrivedAt: ms(row.arrived_at)!,
    requires,
    requirementKey: requires === undefined ? '' : JSON.stringify(requires),
    explicitPriority: row.explicit_priority ?? undefined,
    queueId: row.queue_id,
    priority: row.priority,
    queueEnteredAt: ms(row.queue_entered_at) ?? ms(row.arrived_at)!,
    status: row.status,
    step: row.step,
    offer,
    offerSeq: row.offer_seq,
    assignedAgentId: row.status === 'assigned' ? (row.assigned_agent_id ?? undefined) : undefined,
    assignedAt: row.status === 'assigned' ? ms(row.assigned_at) : undefined,
    lastDeclinedBy: row.last_declined_by ?? undefined,
    preferredAgentId: row.preferred_agent_id ?? undefined,
    preferredUntil: row.preferred_agent_id ? ms(row.preferred_until) : undefined,
    waitEpoch: row.wait_epoch,
    queueEpoch: row.queue_epoch,
    preferenceEpoch: row.preference_epoch,
  } as ContactSnapshot;
}

const TIMER_ORDER: Record<EngineTimer['kind'], number> = {
  'after-contact-work-end': 0,
  'offer-expiry': 1,
  'preference-end': 2,
  'relaxation-step': 3,
  'max-wait': 4,
};

/**
 * The timers an engine holding these contacts and agents has armed. Every timer is a function of
 * the state (an offer's expiry, the next relaxation step, the queue's maximum wait, a preference's
 * end, an after-contact-work end) and carries the epoch the engine checks it against.
 */
export function deriveTimers(
  contacts: readonly ContactSnapshot[],
  agents: RoutingEngineSnapshot['agents'],
  queues: ReadonlyMap<string, QueueDefinition>,
  clock: number,
): EngineTimer[] {
  const timers: Array<Omit<EngineTimer, 'seq'>> = [];
  for (const agent of agents) {
    if (agent.state.status === 'after-contact-work') {
      timers.push({ at: agent.state.until, kind: 'after-contact-work-end', subjectId: agent.profile.id, epoch: agent.acwEpoch });
    }
  }
  for (const contact of contacts) {
    const queue = queues.get(contact.queueId);
    if (contact.status === 'offered' && contact.offer) {
      timers.push({ at: contact.offer.expiresAt, kind: 'offer-expiry', subjectId: contact.id, epoch: contact.offer.seq });
    }
    if (contact.preferredAgentId !== undefined && contact.preferredUntil !== undefined) {
      timers.push({ at: contact.preferredUntil, kind: 'preference-end', subjectId: contact.id, epoch: contact.preferenceEpoch });
    }
    if (queue === undefined) continue;
    const starts = stepStartOffsets(queue.requirements);
    if (contact.status === 'waiting' && contact.preferredAgentId === undefined && contact.step + 1 < starts.length) {
      timers.push({
        at: contact.queueEnteredAt + starts[contact.step + 1],
        kind: 'relaxation-step',
        subjectId: contact.id,
        epoch: contact.waitEpoch,
      });
    }
    if (contact.status !== 'assigned' && queue.maxWaitSeconds !== undefined) {
      timers.push({
        at: contact.queueEnteredAt + queue.maxWaitSeconds * 1000,
        kind: 'max-wait',
        subjectId: contact.id,
        epoch: contact.queueEpoch,
      });
    }
  }
  // Between operations every armed timer lies after the clock; one at or before it already fired
  // (a maximum wait that passed while the contact was offered).
  const armed = timers.filter((timer) => timer.at > clock);
  armed.sort((a, b) => a.at - b.at || TIMER_ORDER[a.kind] - TIMER_ORDER[b.kind] || (a.subjectId < b.subjectId ? -1 : 1));
  return armed.map((timer, index) => ({ ...timer, seq: index + 1 }));
}

const EMPTY_COUNTERS: QueueCounters = {
  arrived: 0,
  answered: 0,
  answeredWithinTarget: 0,
  abandoned: 0,
  overflowed: 0,
  maxWaitExceeded: 0,
  totalAnswerWaitMs: 0,
};

/** A tenant's engine snapshot from its rows. */
export function snapshotFromRows(input: {
  state: TenantStateRow | undefined;
  queues: readonly QueueRow[];
  agents: readonly AgentRow[];
  contacts: readonly ContactRow[];
}): RoutingEngineSnapshot {
  const idByName = new Map(input.queues.map((q) => [q.name, q.id]));
  const definitions = new Map(input.queues.map((q) => [q.id, queueDefinition(q, idByName)]));
  const agents = input.agents.map((row) => ({
    profile: agentProfile(row, input.queues),
    state: agentState(row),
    idleSince: ms(row.idle_since) ?? 0,
    consecutiveMissedOffers: row.missed_offers,
    acwEpoch: row.acw_epoch,
  }));
  const contacts = input.contacts.map(contactSnapshot).sort((a, b) => a.seq - b.seq);
  const clock = input.state?.clock ?? 0;
  const timers = deriveTimers(contacts, agents, definitions, clock);
  const contactSeq = Math.max(Number(input.state?.contact_seq ?? 0), ...contacts.map((c) => c.seq));
  return {
    version: 1,
    options: RESOLVED_OPTIONS,
    clock,
    contactSeq,
    timerSeq: timers.length,
    queues: input.queues.map((q) => ({
      definition: definitions.get(q.id)!,
      counters: { ...EMPTY_COUNTERS, ...(q.counters ?? {}) },
      roundRobinCursor: q.round_robin_cursor ?? undefined,
    })),
    agents,
    contacts,
    timers,
    pendingDecisions: [],
  };
}

/** The contact columns the engine owns, from its snapshot, in the order ContactWriter's UPDATE expects. */
export function contactColumns(c: ContactSnapshot): unknown[] {
  const date = (value: number | undefined) => (value === undefined ? null : new Date(value));
  return [
    c.id,
    c.status,
    c.queueId,
    c.priority,
    date(c.queueEnteredAt),
    c.step,
    c.offerSeq,
    date(c.assignedAt),
    c.lastDeclinedBy ?? null,
    c.preferredAgentId ?? null,
    date(c.preferredUntil),
    c.waitEpoch,
    c.queueEpoch,
    c.preferenceEpoch,
    c.seq,
  ];
}

/** The agent columns the engine owns, in the order ContactWriter's UPDATE expects. */
export function agentColumns(a: RoutingEngineSnapshot['agents'][number]): unknown[] {
  const state = a.state;
  return [
    a.profile.id,
    state.status,
    state.status === 'away' ? state.reason : null,
    state.status === 'after-contact-work' ? new Date(state.until) : null,
    new Date(a.idleSince),
    a.consecutiveMissedOffers,
    a.acwEpoch,
  ];
}
