import { AgentProfile, QueueDefinition, RoutingDecision, RoutingDecisionType } from '../src';

export const S = 1000;

export function agent(id: string, overrides: Partial<AgentProfile> = {}): AgentProfile {
  return { id, skills: { support: 3 }, capacity: { voice: 1, chat: 3, email: 5 }, queues: ['support'], ...overrides };
}

export function queue(id: string, overrides: Partial<QueueDefinition> = {}): QueueDefinition {
  return { id, requirements: [{ requires: { anyAgent: true } }], ...overrides };
}

export function ofType<T extends RoutingDecisionType>(
  decisions: readonly RoutingDecision[],
  type: T,
): Extract<RoutingDecision, { type: T }>[] {
  return decisions.filter((d): d is Extract<RoutingDecision, { type: T }> => d.type === type);
}

/** The agent each contact was offered to, in order. */
export function offers(decisions: readonly RoutingDecision[]): [string, string][] {
  return ofType(decisions, 'offer-made').map((d) => [d.contactId, d.agentId]);
}
