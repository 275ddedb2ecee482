import { type TenantSettingsChangedV1, Topics } from '@garda/contracts';
import type { TransactionContext, UnitOfWork } from '@garda/messaging';
import { ConflictError, InvalidInputError, NotFoundError } from '@garda/service-kit';
import type { DataSource } from 'typeorm';
import type { TenantEntity } from '../tenant.entity';
import type { NewTenant, TenantRepository, TenantSettingsChange } from './tenant.repository';

/** What a tenant's own users may read about it (GET /tenant). */
export interface TenantSettings {
  id: string;
  name: string;
  timeZone: string;
  defaultLanguage: TenantSettingsChangedV1['defaultLanguage'];
  languages: TenantSettingsChangedV1['languages'];
  revision: number;
}

export const settingsOf = (tenant: TenantEntity): TenantSettings => ({
  id: tenant.id,
  name: tenant.name,
  timeZone: tenant.timeZone,
  defaultLanguage: tenant.defaultLanguage,
  languages: tenant.languages,
  revision: tenant.settingsRevision,
});

/**
 * Owns tenants' settings (BOARD decision 3): every write goes out on
 * identity.tenant-settings-changed.v1 in the same transaction (outbox), so no service ever holds
 * settings the gateway does not.
 */
export class TenantSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly unitOfWork: UnitOfWork,
    private readonly tenants: TenantRepository,
  ) {}

  async get(tenantId: string): Promise<TenantSettings> {
    const tenant = await this.tenants.find(this.dataSource.manager, tenantId);
    if (!tenant) throw new NotFoundError('This tenant does not exist');
    return settingsOf(tenant);
  }

  /** Creates a tenant inside the caller's transaction; 409 when the name is taken. */
  async create(tx: TransactionContext, tenant: NewTenant): Promise<TenantEntity> {
    checkLanguages(tenant.defaultLanguage, tenant.languages);
    if (await this.tenants.findByName(tx.manager, tenant.name)) throw new ConflictError(`A tenant named "${tenant.name}" already exists`);
    await this.tenants.insert(tx.manager, tenant);
    const created = await this.tenants.find(tx.manager, tenant.id);
    if (!created) throw new NotFoundError(`The tenant ${tenant.id} was not saved`);
    await this.announce(tx, created);
    return created;
  }

  /** An admin's change: validated against what is stored, then saved and announced together. */
  async update(tenantId: string, change: TenantSettingsChange): Promise<{ before: TenantSettings; after: TenantSettings }> {
    return this.unitOfWork.run(async (tx) => {
      const tenant = await this.tenants.lockForUpdate(tx.manager, tenantId);
      if (!tenant) throw new NotFoundError('This tenant does not exist');
      checkLanguages(change.defaultLanguage ?? tenant.defaultLanguage, change.languages ?? tenant.languages);
      if (change.name !== undefined && change.name.toLowerCase() !== tenant.name.toLowerCase()) {
        const clash = await this.tenants.findByName(tx.manager, change.name);
        if (clash && clash.id !== tenantId) throw new ConflictError(`A tenant named "${change.name}" already exists`);
      }
      const saved = await this.tenants.saveSettings(tx.manager, tenant, change);
      await this.announce(tx, saved);
      return { before: settingsOf(tenant), after: settingsOf(saved) };
    });
  }

  /** Announces every tenant's current settings (on start): projections catch up whatever they missed. */
  async announceAll(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const tenants = await this.tenants.all(tx.manager);
      for (const tenant of tenants) await this.announce(tx, tenant);
      return tenants.length;
    });
  }

  async announce(tx: TransactionContext, tenant: TenantEntity): Promise<void> {
    const payload: TenantSettingsChangedV1 = {
      tenantId: tenant.id,
      name: tenant.name,
      timeZone: tenant.timeZone,
      defaultLanguage: tenant.defaultLanguage,
      languages: tenant.languages,
      revision: tenant.settingsRevision,
      changedAt: new Date(tenant.updatedAt).toISOString(),
    };
    // One message id per revision: a re-announcement of the same revision is a duplicate to consumers' inboxes.
    await tx.publish(Topics.TenantSettingsChanged, payload, {
      tenantId: tenant.id,
      key: tenant.id,
      messageId: `tenant-settings:${tenant.id}:${tenant.settingsRevision}`,
    });
  }
}

function checkLanguages(defaultLanguage: string, languages: readonly string[]): void {
  if (!languages.includes(defaultLanguage))
    throw new InvalidInputError('defaultLanguage', 'the default language must be one of the languages');
}
