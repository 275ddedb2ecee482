import { BadRequestException, ConflictException } from '@nestjs/common';
import type { SkillExpression } from '@garda/routing-engine';
import type { EntityManager } from 'typeorm';
import type { CatalogueSkill } from './admin.schemas';

/**
 * The tenant's skill catalogue (skills and languages) and what uses it. Empty, it restricts
 * nothing; once it lists skills, queues and agents' profiles may only name skills it lists, and it
 * cannot drop a skill a queue or an agent still uses.
 */

export interface SkillUsage {
  queues: string[];
  agents: number;
}

export async function loadCatalogue(manager: EntityManager, tenantId: string): Promise<CatalogueSkill[]> {
  const rows = (await manager.query(
    `SELECT "name", "kind", "label", "language_code" FROM "routing"."skill" WHERE "tenant_id" = $1 ORDER BY "kind" DESC, "name"`,
    [tenantId],
  )) as Array<{ name: string; kind: 'skill' | 'language'; label: string | null; language_code: string | null }>;
  return rows.map((row) => ({
    name: row.name,
    kind: row.kind,
    ...(row.label === null ? {} : { label: row.label }),
    ...(row.language_code === null ? {} : { languageCode: row.language_code }),
  }));
}

/** Which queues and how many agents name each skill. */
export async function skillUsage(manager: EntityManager, tenantId: string): Promise<Map<string, SkillUsage>> {
  const usage = new Map<string, SkillUsage>();
  const entry = (skill: string) => usage.get(skill) ?? usage.set(skill, { queues: [], agents: 0 }).get(skill)!;
  const queues = (await manager.query(
    `SELECT "name", "required_skills", "relaxation" FROM "routing"."queue" WHERE "tenant_id" = $1 ORDER BY "name"`,
    [tenantId],
  )) as Array<{ name: string; required_skills: Array<{ skill: string }>; relaxation: Array<{ requires: SkillExpression }> }>;
  for (const queue of queues) {
    const named = new Set([...queue.required_skills.map((r) => r.skill), ...queue.relaxation.flatMap((step) => skillsIn(step.requires))]);
    for (const skill of named) entry(skill).queues.push(queue.name);
  }
  const agents = (await manager.query(`SELECT "skills" FROM "routing"."agent_profile" WHERE "tenant_id" = $1`, [tenantId])) as Array<{
    skills: Record<string, number>;
  }>;
  for (const agent of agents) for (const skill of Object.keys(agent.skills)) entry(skill).agents += 1;
  return usage;
}

/** Replaces the catalogue; refused (409) while a skill it would drop is still used. */
export async function replaceCatalogue(manager: EntityManager, tenantId: string, skills: readonly CatalogueSkill[]): Promise<void> {
  if (skills.length > 0) {
    const listed = new Set(skills.map((s) => s.name));
    const stillUsed = [...(await skillUsage(manager, tenantId))].filter(([skill]) => !listed.has(skill));
    if (stillUsed.length > 0) {
      const where = stillUsed
        .map(
          ([skill, used]) =>
            `${skill} (${[...used.queues.map((q) => `queue ${q}`), ...(used.agents > 0 ? [`${used.agents} agent(s)`] : [])].join(', ')})`,
        )
        .join('; ');
      throw new ConflictException(`The catalogue must list every skill in use: ${where}. Change those queues and profiles first.`);
    }
  }
  await manager.query(`DELETE FROM "routing"."skill" WHERE "tenant_id" = $1`, [tenantId]);
  for (const skill of skills) {
    await manager.query(
      `INSERT INTO "routing"."skill" ("tenant_id", "name", "kind", "label", "language_code") VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, skill.name, skill.kind, skill.label ?? null, skill.languageCode ?? null],
    );
  }
}

/** 400 naming the skills the tenant's catalogue does not list (nothing when the catalogue is empty). */
export async function requireCatalogued(manager: EntityManager, tenantId: string, skills: Iterable<string>): Promise<void> {
  const wanted = [...new Set(skills)];
  if (wanted.length === 0) return;
  const rows = (await manager.query(`SELECT "name" FROM "routing"."skill" WHERE "tenant_id" = $1`, [tenantId])) as Array<{ name: string }>;
  if (rows.length === 0) return;
  const known = new Set(rows.map((row) => row.name));
  const unknown = wanted.filter((skill) => !known.has(skill)).sort();
  if (unknown.length > 0)
    throw new BadRequestException(`Unknown skill(s) ${unknown.join(', ')}: add them to the catalogue (PUT /skills) first`);
}

export function skillsIn(expression: SkillExpression): string[] {
  if ('skill' in expression) return [expression.skill];
  if ('allOf' in expression) return expression.allOf.flatMap(skillsIn);
  if ('anyOf' in expression) return expression.anyOf.flatMap(skillsIn);
  return [];
}
