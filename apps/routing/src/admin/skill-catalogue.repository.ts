import { Injectable } from '@nestjs/common';
import type { SkillExpression } from '@garda/routing-engine';
import { ConflictError, InvalidInputError, queryRows } from '@garda/service-kit';
import type { EntityManager } from 'typeorm';
import { AgentSkillsRow, CatalogueRow, NameRow, QueueSkillsRow } from './admin.rows';
import type { CatalogueSkill } from './admin.schemas';

/**
 * The tenant's skill catalogue (skills and languages) and what uses it. Empty, it restricts
 * nothing; once it lists skills, queues and agents' profiles may only name skills it lists, and it
 * cannot drop a skill a queue or an agent still uses.
 */
@Injectable()
export class SkillCatalogueRepository {
  async load(manager: EntityManager, tenantId: string): Promise<CatalogueSkill[]> {
    const rows = await queryRows(
      manager,
      CatalogueRow,
      `SELECT "name", "kind", "label", "language_code" FROM "routing"."skill" WHERE "tenant_id" = $1 ORDER BY "kind" DESC, "name"`,
      [tenantId],
    );
    return rows.map((row) => ({
      name: row.name,
      kind: row.kind,
      ...(row.label === null ? {} : { label: row.label }),
      ...(row.language_code === null ? {} : { languageCode: row.language_code }),
    }));
  }

  /** Which queues and how many agents name each skill. */
  async usage(manager: EntityManager, tenantId: string): Promise<Map<string, SkillUsage>> {
    const usage = new Map<string, SkillUsage>();
    const entry = (skill: string) => usage.get(skill) ?? usage.set(skill, { queues: [], agents: 0 }).get(skill)!;
    const queues = await queryRows(
      manager,
      QueueSkillsRow,
      `SELECT "name", "required_skills", "relaxation" FROM "routing"."queue" WHERE "tenant_id" = $1 ORDER BY "name"`,
      [tenantId],
    );
    for (const queue of queues) {
      const named = new Set([...queue.required_skills.map((r) => r.skill), ...queue.relaxation.flatMap((step) => skillsIn(step.requires))]);
      for (const skill of named) entry(skill).queues.push(queue.name);
    }
    const agents = await queryRows(manager, AgentSkillsRow, `SELECT "skills" FROM "routing"."agent_profile" WHERE "tenant_id" = $1`, [
      tenantId,
    ]);
    for (const agent of agents) for (const skill of Object.keys(agent.skills)) entry(skill).agents += 1;
    return usage;
  }

  /** Replaces the catalogue; refused (conflict) while a skill it would drop is still used. */
  async replace(manager: EntityManager, tenantId: string, skills: readonly CatalogueSkill[]): Promise<void> {
    if (skills.length > 0) {
      const listed = new Set(skills.map((s) => s.name));
      const stillUsed = [...(await this.usage(manager, tenantId))].filter(([skill]) => !listed.has(skill));
      if (stillUsed.length > 0) {
        const where = stillUsed
          .map(
            ([skill, used]) =>
              `${skill} (${[...used.queues.map((q) => `queue ${q}`), ...(used.agents > 0 ? [`${used.agents} agent(s)`] : [])].join(', ')})`,
          )
          .join('; ');
        throw new ConflictError(`The catalogue must list every skill in use: ${where}. Change those queues and profiles first.`);
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

  /** Invalid `field` naming the skills the tenant's catalogue does not list (nothing when the catalogue is empty). */
  async requireCatalogued(manager: EntityManager, tenantId: string, field: string, skills: Iterable<string>): Promise<void> {
    const wanted = [...new Set(skills)];
    if (wanted.length === 0) return;
    const rows = await queryRows(manager, NameRow, `SELECT "name" FROM "routing"."skill" WHERE "tenant_id" = $1`, [tenantId]);
    if (rows.length === 0) return;
    const known = new Set(rows.map((row) => row.name));
    const unknown = wanted.filter((skill) => !known.has(skill)).sort();
    if (unknown.length > 0)
      throw new InvalidInputError(field, `Unknown skill(s) ${unknown.join(', ')}: add them to the catalogue (PUT /skills) first`);
  }
}

export interface SkillUsage {
  queues: string[];
  agents: number;
}

export function skillsIn(expression: SkillExpression): string[] {
  if ('skill' in expression) return [expression.skill];
  if ('allOf' in expression) return expression.allOf.flatMap(skillsIn);
  if ('anyOf' in expression) return expression.anyOf.flatMap(skillsIn);
  return [];
}
