import { RoutingError } from '../errors';

/** Skill levels run from 1 (novice) to 5 (expert). Languages are skills too, e.g. "lang:fr". */
export const MIN_SKILL_LEVEL = 1;
export const MAX_SKILL_LEVEL = 5;

export type SkillLevels = Readonly<Record<string, number>>;

/**
 * Which agents may handle a contact, as plain JSON so it can be stored and sent over Kafka:
 * - `{ skill, minLevel }` the agent has the skill at `minLevel` or above (default 1);
 * - `{ allOf: [...] }` every sub-expression holds;
 * - `{ anyOf: [...] }` at least one sub-expression holds;
 * - `{ anyAgent: true }` any member of the queue.
 */
export type SkillExpression =
  | { readonly skill: string; readonly minLevel?: number }
  | { readonly allOf: readonly SkillExpression[] }
  | { readonly anyOf: readonly SkillExpression[] }
  | { readonly anyAgent: true };

export const ANY_AGENT: SkillExpression = { anyAgent: true };

export function matchesSkills(expression: SkillExpression, skills: SkillLevels): boolean {
  if ('skill' in expression) return (skills[expression.skill] ?? 0) >= (expression.minLevel ?? MIN_SKILL_LEVEL);
  if ('allOf' in expression) return expression.allOf.every((part) => matchesSkills(part, skills));
  if ('anyOf' in expression) return expression.anyOf.some((part) => matchesSkills(part, skills));
  return true;
}

/**
 * How well an agent fits an expression, for the most-proficient strategy: the agent's levels in
 * the skills it names (summed for allOf, the best branch for anyOf). Skills it does not name do
 * not count, so a generalist does not beat a specialist on an unrelated skill.
 */
export function proficiencyScore(expression: SkillExpression, skills: SkillLevels): number {
  if ('skill' in expression) return skills[expression.skill] ?? 0;
  if ('allOf' in expression) return expression.allOf.reduce((sum, part) => sum + proficiencyScore(part, skills), 0);
  if ('anyOf' in expression) return expression.anyOf.reduce((best, part) => Math.max(best, proficiencyScore(part, skills)), 0);
  return 0;
}

export function validateSkillExpression(expression: unknown, where: string): SkillExpression {
  const fail = (why: string): never => {
    throw new RoutingError('invalid-definition', `${where}: ${why}`);
  };
  if (typeof expression !== 'object' || expression === null || Array.isArray(expression)) return fail('expected an object');
  const e = expression as Record<string, unknown>;
  if ('skill' in e) {
    if (typeof e.skill !== 'string' || e.skill.length === 0) return fail('skill must be a non-empty string');
    if (e.minLevel !== undefined) validateSkillLevel(e.minLevel, `${where}.minLevel`);
    return expression as SkillExpression;
  }
  for (const key of ['allOf', 'anyOf'] as const) {
    if (key in e) {
      const parts = e[key];
      if (!Array.isArray(parts) || parts.length === 0) return fail(`${key} must be a non-empty array`);
      parts.forEach((part, i) => validateSkillExpression(part, `${where}.${key}[${i}]`));
      return expression as SkillExpression;
    }
  }
  if (e.anyAgent === true) return expression as SkillExpression;
  return fail('expected one of skill, allOf, anyOf, anyAgent');
}

export function validateSkillLevel(level: unknown, where: string): number {
  if (typeof level !== 'number' || !Number.isInteger(level) || level < MIN_SKILL_LEVEL || level > MAX_SKILL_LEVEL) {
    throw new RoutingError('invalid-definition', `${where}: skill level must be an integer from ${MIN_SKILL_LEVEL} to ${MAX_SKILL_LEVEL}`);
  }
  return level;
}
