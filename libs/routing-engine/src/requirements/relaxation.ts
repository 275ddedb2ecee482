import { RoutingError } from '../errors';
import { SkillExpression, validateSkillExpression } from './skill-expression';

/**
 * One step of a queue's requirements. Steps apply in order while a contact waits in the queue:
 * a step with `forSeconds` holds for that long, then the next one takes over; the last step
 * holds for good. Typical: level >= 4 for 20 s, then level >= 2 for 40 s, then any agent.
 */
export interface RelaxationStep {
  readonly requires: SkillExpression;
  readonly forSeconds?: number;
}

/** Millisecond offsets (from entering the queue) at which each step after the first starts. */
export function stepStartOffsets(steps: readonly RelaxationStep[]): number[] {
  const starts: number[] = [0];
  let elapsed = 0;
  for (let i = 0; i < steps.length - 1; i++) {
    elapsed += (steps[i].forSeconds ?? 0) * 1000;
    starts.push(elapsed);
  }
  return starts;
}

/** The step in force after waiting `waitedMs` in the queue. */
export function stepIndexAt(starts: readonly number[], waitedMs: number): number {
  let index = 0;
  while (index + 1 < starts.length && waitedMs >= starts[index + 1]) index++;
  return index;
}

export function validateRelaxationSteps(steps: unknown, where: string): RelaxationStep[] {
  if (!Array.isArray(steps) || steps.length === 0) {
    throw new RoutingError('invalid-definition', `${where}: at least one requirement step is needed`);
  }
  return steps.map((step: unknown, i) => {
    const at = `${where}[${i}]`;
    if (typeof step !== 'object' || step === null) throw new RoutingError('invalid-definition', `${at}: expected an object`);
    const s = step as Record<string, unknown>;
    const requires = validateSkillExpression(s.requires, `${at}.requires`);
    const isLast = i === steps.length - 1;
    if (!isLast && (typeof s.forSeconds !== 'number' || !(s.forSeconds > 0) || !Number.isFinite(s.forSeconds))) {
      throw new RoutingError('invalid-definition', `${at}.forSeconds: every step but the last needs a positive duration`);
    }
    return isLast ? { requires } : { requires, forSeconds: s.forSeconds as number };
  });
}
