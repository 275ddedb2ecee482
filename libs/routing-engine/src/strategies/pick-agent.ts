import { AgentRecord } from '../agents/agent-record';
import { RoutingStrategy } from './strategy.types';

export interface Candidate {
  agent: AgentRecord;
  /** Fit to the contact's current requirements (most-proficient). */
  proficiency: number;
}

/**
 * Chooses among agents who may all take the contact. Every strategy ends in a total order
 * (longest idle, then agent id), so the same state always gives the same agent.
 */
export function pickAgent(
  strategy: RoutingStrategy,
  candidates: readonly Candidate[],
  roundRobinCursor: string | undefined,
  count = candidates.length,
): Candidate | undefined {
  if (count === 0) return undefined;
  if (strategy === 'round-robin') return pickRoundRobin(candidates, count, roundRobinCursor);
  let best = candidates[0];
  for (let i = 1; i < count; i++) {
    if (better(strategy, candidates[i], best)) best = candidates[i];
  }
  return best;
}

function better(strategy: RoutingStrategy, a: Candidate, b: Candidate): boolean {
  if (strategy === 'least-occupied') {
    const occupancyA = a.agent.occupancy();
    const occupancyB = b.agent.occupancy();
    if (occupancyA !== occupancyB) return occupancyA < occupancyB;
  } else if (strategy === 'most-proficient') {
    if (a.proficiency !== b.proficiency) return a.proficiency > b.proficiency;
  }
  return longerIdle(a.agent, b.agent);
}

function longerIdle(a: AgentRecord, b: AgentRecord): boolean {
  if (a.idleSince !== b.idleSince) return a.idleSince < b.idleSince;
  return a.id < b.id;
}

/** The next agent id after the one last chosen in this queue, wrapping around. */
function pickRoundRobin(candidates: readonly Candidate[], count: number, cursor: string | undefined): Candidate {
  let after: Candidate | undefined;
  let lowest = candidates[0];
  for (let i = 0; i < count; i++) {
    const candidate = candidates[i];
    const id = candidate.agent.id;
    if (id < lowest.agent.id) lowest = candidate;
    if (cursor !== undefined && id > cursor && (after === undefined || id < after.agent.id)) after = candidate;
  }
  return after ?? lowest;
}
