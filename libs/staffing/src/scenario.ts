import { AgentProfile, QueueDefinition, RoutingStrategy, SkillExpression } from '@garda/routing-engine';

/** A group of identical agents. */
export interface AgentGroup {
  readonly name: string;
  readonly count: number;
  readonly skills: AgentProfile['skills'];
  readonly capacity: AgentProfile['capacity'];
  readonly queues: readonly string[];
  readonly crossChannel?: AgentProfile['crossChannel'];
}

/** Customers arriving for one queue on one channel (a Poisson stream). */
export interface ArrivalStream {
  readonly queueId: string;
  readonly channel: string;
  readonly arrivalsPerHour: number;
  /** Mean handle time; handle times are exponential. */
  readonly ahtSeconds: number;
  /** Mean patience; exponential. Omit for customers who never hang up. */
  readonly patienceSeconds?: number;
  readonly requires?: SkillExpression;
  readonly priority?: number;
}

export interface Scenario {
  readonly queues: readonly QueueDefinition[];
  readonly agentGroups: readonly AgentGroup[];
  readonly streams: readonly ArrivalStream[];
  readonly afterContactWorkSeconds?: number;
  readonly offerTimeoutSeconds?: number;
}

/** One queue, N interchangeable voice agents, one Poisson stream: the Erlang C case. */
export function singleQueueScenario(options: {
  agents: number;
  arrivalsPerHour: number;
  ahtSeconds: number;
  slSeconds: number;
  patienceSeconds?: number;
  strategy?: RoutingStrategy;
}): Scenario {
  return {
    queues: [
      {
        id: 'main',
        strategy: options.strategy,
        serviceLevel: { percent: 80, withinSeconds: options.slSeconds },
        requirements: [{ requires: { anyAgent: true } }],
      },
    ],
    agentGroups: [{ name: 'agent', count: options.agents, skills: {}, capacity: { voice: 1 }, queues: ['main'] }],
    streams: [
      {
        queueId: 'main',
        channel: 'voice',
        arrivalsPerHour: options.arrivalsPerHour,
        ahtSeconds: options.ahtSeconds,
        patienceSeconds: options.patienceSeconds,
      },
    ],
  };
}

export function parseScenario(json: unknown, source: string): Scenario {
  const fail = (why: string): never => {
    throw new Error(`scenario ${source}: ${why}`);
  };
  if (typeof json !== 'object' || json === null) return fail('expected a JSON object');
  const s = json as Partial<Scenario>;
  if (!Array.isArray(s.queues) || s.queues.length === 0) fail('"queues" must be a non-empty list of queue definitions');
  if (!Array.isArray(s.agentGroups) || s.agentGroups.length === 0) fail('"agentGroups" must be a non-empty list');
  if (!Array.isArray(s.streams) || s.streams.length === 0) fail('"streams" must be a non-empty list');
  for (const group of s.agentGroups!) {
    if (!Number.isInteger(group.count) || group.count < 0) fail(`agent group ${group.name}: count must be a whole number`);
  }
  const queueIds = new Set(s.queues!.map((q) => q.id));
  for (const stream of s.streams!) {
    if (!queueIds.has(stream.queueId)) fail(`stream for unknown queue ${stream.queueId}`);
    if (!(stream.arrivalsPerHour > 0) || !(stream.ahtSeconds > 0))
      fail(`stream ${stream.queueId}: arrivalsPerHour and ahtSeconds must be positive`);
    if (stream.patienceSeconds !== undefined && !(stream.patienceSeconds > 0))
      fail(`stream ${stream.queueId}: patienceSeconds must be positive`);
  }
  return s as Scenario;
}
