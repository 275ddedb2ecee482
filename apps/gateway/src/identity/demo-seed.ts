import { type Role, type TenantLanguage } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import type { UnitOfWork } from '@garda/messaging';
import type { Logger } from 'pino';
import { AppUserEntity } from './app-user.entity';
import { PasswordHasher } from './password-hasher';
import { TenantRepository } from './tenants/tenant.repository';
import { TenantSettingsService } from './tenants/tenant-settings.service';

/** The demo tenant works in Jakarta, in Bahasa Indonesia first (BOARD decision 3). */
export const DemoTenantSettings = {
  timeZone: 'Asia/Jakarta',
  defaultLanguage: 'id' as TenantLanguage,
  languages: ['id', 'en'] as TenantLanguage[],
};

/**
 * The demo tenant and its logins (SEED_DEMO=true). Idempotent: existing rows are left as they are,
 * so a restart neither duplicates users nor resets a password someone changed. A demo tenant
 * created before tenants had settings (still UTC/English at its first revision) gets the demo's.
 */
export async function seedDemoLogins(unitOfWork: UnitOfWork, password: string, logger: Logger): Promise<void> {
  const hasher = new PasswordHasher();
  const tenants = new TenantRepository();
  const people: Array<{ id: string; name: string; email: string; role: Role }> = [
    ...DemoTenant.agents.map((agent) => ({ id: agent.id, name: agent.name, email: agent.email, role: 'agent' as const })),
    { ...DemoTenant.supervisor, role: 'supervisor' },
    { ...DemoTenant.admin, role: 'admin' },
  ];
  await unitOfWork.run(async (tx) => {
    const { manager } = tx;
    const settings = new TenantSettingsService(manager.connection, unitOfWork, tenants);
    const created = await tenants.insertIfAbsent(manager, { id: DemoTenant.id, name: DemoTenant.name, ...DemoTenantSettings });
    const tenant = await tenants.lockForUpdate(manager, DemoTenant.id);
    if (tenant && created) await settings.announce(tx, tenant);
    if (tenant && !created && tenant.settingsRevision === 1 && tenant.timeZone === 'UTC' && tenant.defaultLanguage === 'en') {
      await settings.announce(tx, await tenants.saveSettings(manager, tenant, DemoTenantSettings));
    }
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
  logger.info({ tenantId: DemoTenant.id, users: people.map((p) => p.email), ...DemoTenantSettings }, 'demo tenant seeded');
}
