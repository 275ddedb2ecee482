import { DemoTenant } from '@garda/demo-tenant';
import type { DataSource } from 'typeorm';
import type { CatalogueSkill } from '../admin/admin.schemas';
import { invalidateTenantEngines, upsertAgentProfile, upsertQueue } from '../admin/routing-config.repository';
import { replaceCatalogue } from '../admin/skill-catalogue.repository';
import { lockTenant } from '../routing/routing.service';

/** The skills and languages the demo tenant's queues and agents name. */
const DEMO_SKILLS: CatalogueSkill[] = [
  { name: 'support', kind: 'skill', label: 'Customer support' },
  { name: 'sales', kind: 'skill', label: 'Sales' },
  { name: 'english', kind: 'language', label: 'English', languageCode: 'en' },
  { name: 'french', kind: 'language', label: 'French', languageCode: 'fr' },
];

/**
 * The demo tenant's skill catalogue (on a fresh tenant only), queues and agents' profiles (agents start offline and serve the queues their
 * skills match). Safe to run on every start, also while another routing instance is running:
 * what exists already is left alone, so an admin's changes to the demo survive a restart.
 */
export async function seedDemoRouting(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await lockTenant({ manager }, DemoTenant.id);
    const queues = new Set(
      ((await manager.query(`SELECT "id" FROM "routing"."queue" WHERE "tenant_id" = $1`, [DemoTenant.id])) as Array<{ id: string }>).map(
        (r) => r.id,
      ),
    );
    const agents = new Set(
      (
        (await manager.query(`SELECT "agent_id" FROM "routing"."agent_profile" WHERE "tenant_id" = $1`, [DemoTenant.id])) as Array<{
          agent_id: string;
        }>
      ).map((r) => r.agent_id),
    );
    if (DemoTenant.queues.every((q) => queues.has(q.id)) && DemoTenant.agents.every((a) => agents.has(a.id))) return;
    if (queues.size === 0 && agents.size === 0) await replaceCatalogue(manager, DemoTenant.id, DEMO_SKILLS);
    for (const queue of DemoTenant.queues) {
      if (queues.has(queue.id)) continue;
      await upsertQueue(
        manager,
        DemoTenant.id,
        queue.name,
        {
          requiredSkills: [...queue.requiredSkills],
          priority: 0,
          isDefault: queue.isDefault,
          strategy: 'longest-idle',
          offerTimeoutSeconds: 30,
          serviceLevel: { percent: 80, seconds: 20 },
        },
        queue.id,
      );
    }
    for (const agent of DemoTenant.agents) {
      if (agents.has(agent.id)) continue;
      await upsertAgentProfile(manager, DemoTenant.id, agent.id, {
        name: agent.name,
        skills: { ...agent.skills },
        capacity: { ...agent.capacity },
      });
    }
    await invalidateTenantEngines(manager, DemoTenant.id);
  });
}
