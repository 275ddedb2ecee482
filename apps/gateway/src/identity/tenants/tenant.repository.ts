import type { TenantLanguage } from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { parseRows } from '../../persistence/rows';
import { TenantEntity } from '../tenant.entity';

export interface NewTenant {
  id: string;
  name: string;
  timeZone: string;
  defaultLanguage: TenantLanguage;
  languages: TenantLanguage[];
}

export type TenantSettingsChange = Partial<Omit<NewTenant, 'id'>>;

/** The gateway's tenants. Every method takes the caller's manager, so it joins their transaction. */
export class TenantRepository {
  find(manager: EntityManager, tenantId: string): Promise<TenantEntity | null> {
    return manager.getRepository(TenantEntity).findOneBy({ id: tenantId });
  }

  findByName(manager: EntityManager, name: string): Promise<TenantEntity | null> {
    return manager.getRepository(TenantEntity).createQueryBuilder('tenant').where('lower(tenant.name) = lower(:name)', { name }).getOne();
  }

  all(manager: EntityManager): Promise<TenantEntity[]> {
    return manager.getRepository(TenantEntity).find({ order: { createdAt: 'ASC' } });
  }

  async insert(manager: EntityManager, tenant: NewTenant): Promise<void> {
    await manager.getRepository(TenantEntity).insert({ ...tenant, settingsRevision: 1, updatedAt: new Date() });
  }

  /** Inserts the tenant unless its id exists (the demo seed); true when it was new. */
  async insertIfAbsent(manager: EntityManager, tenant: NewTenant): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO "gateway"."tenant" ("id", "name", "time_zone", "default_language", "languages")
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
      [tenant.id, tenant.name, tenant.timeZone, tenant.defaultLanguage, tenant.languages],
    );
    return parseRows(z.object({ id: z.string() }), rows).length === 1;
  }

  /** Locks the tenant's row for a change of its settings (one change at a time, revisions in order). */
  lockForUpdate(manager: EntityManager, tenantId: string): Promise<TenantEntity | null> {
    return manager.getRepository(TenantEntity).findOne({ where: { id: tenantId }, lock: { mode: 'pessimistic_write' } });
  }

  async saveSettings(manager: EntityManager, tenant: TenantEntity, change: TenantSettingsChange): Promise<TenantEntity> {
    const next = { ...change, settingsRevision: tenant.settingsRevision + 1, updatedAt: new Date() };
    await manager.getRepository(TenantEntity).update({ id: tenant.id }, next);
    return Object.assign(new TenantEntity(), tenant, next);
  }
}
