import { QueueRecord } from '../queues/queue-record';
import { SkillExpression, matchesSkills, proficiencyScore } from '../requirements/skill-expression';
import { AgentRecord } from './agent-record';

/**
 * Whether (and how well) an agent meets each requirement step of a queue, cached on the agent
 * until its profile or the queue changes: skills change rarely, routing happens constantly.
 */
export function stepFit(agent: AgentRecord, queue: QueueRecord): { eligible: boolean[]; score: number[] } {
  let fit = agent.stepFit.get(queue.id);
  if (fit === undefined) {
    const steps = queue.definition.requirements;
    fit = {
      eligible: steps.map((s) => matchesSkills(s.requires, agent.profile.skills)),
      score: steps.map((s) => proficiencyScore(s.requires, agent.profile.skills)),
    };
    agent.stepFit.set(queue.id, fit);
  }
  return fit;
}

/** The same for a contact's own requirement, keyed by its JSON. */
export function requirementFit(agent: AgentRecord, key: string, requires: SkillExpression): { eligible: boolean; score: number } {
  let fit = agent.requirementFit.get(key);
  if (fit === undefined) {
    fit = { eligible: matchesSkills(requires, agent.profile.skills), score: proficiencyScore(requires, agent.profile.skills) };
    agent.requirementFit.set(key, fit);
  }
  return fit;
}
