import { DemoTenant, type Role } from '@garda/contracts';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AppUserEntity } from './app-user.entity';
import { PasswordHasher } from './password-hasher';
import { TenantEntity } from './tenant.entity';

/**
 * The demo tenant's logins (SEED_DEMO=true). Idempotent: existing rows are left as they are, so a
 * restart neither duplicates users nor resets a password someone changed.
 */
export async function seedDemoLogins(dataSource: DataSource, password: string, logger: Logger): Promise<void> {
  const hasher = new PasswordHasher();
  const people: Array<{ id: string; name: string; email: string; role: Role }> = [
    ...DemoTenant.agents.map((agent) => ({ id: agent.id, name: agent.name, email: agent.email, role: 'agent' as const })),
    { ...DemoTenant.supervisor, role: 'supervisor' },
    { ...DemoTenant.admin, role: 'admin' },
  ];
  await dataSource.transaction(async (manager) => {
    await manager
      .createQueryBuilder()
      .insert()
      .into(TenantEntity)
      .values({ id: DemoTenant.id, name: DemoTenant.name })
      .orIgnore()
      .execute();
    const existing = new Set((await manager.getRepository(AppUserEntity).findBy({ tenantId: DemoTenant.id })).map((user) => user.id));
    for (const person of people.filter((p) => !existing.has(p.id))) {
      const passwordHash = await hasher.hash(password);
      await manager
        .createQueryBuilder()
        .insert()
        .into(AppUserEntity)
        .values({ ...person, email: person.email.toLowerCase(), tenantId: DemoTenant.id, passwordHash })
        .orIgnore()
        .execute();
    }
  });
  logger.info({ tenantId: DemoTenant.id, users: people.map((p) => p.email) }, 'demo logins seeded');
}
