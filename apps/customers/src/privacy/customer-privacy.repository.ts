import type { EntityManager } from 'typeorm';
import { CustomerEntity } from '../customers/customer.entity';
import { CustomerIdentityEntity } from '../customers/customer-identity.entity';
import { NotFoundError, affectedRows } from '@garda/service-kit';

/** The customer's record and identities: what customers contributes to an export. */
export async function exportCustomer(manager: EntityManager, tenantId: string, customerId: string) {
  const customer = await manager.getRepository(CustomerEntity).findOneBy({ id: customerId, tenantId });
  if (!customer) throw new NotFoundError('No such customer');
  const identities = await manager
    .getRepository(CustomerIdentityEntity)
    .find({ where: { customerId, tenantId }, order: { createdAt: 'ASC' } });
  return {
    customer: {
      id: customer.id,
      displayName: customer.displayName,
      email: customer.email,
      phone: customer.phone,
      createdAt: customer.createdAt.toISOString(),
      updatedAt: customer.updatedAt.toISOString(),
    },
    identities: identities.map((identity) => ({
      identityType: identity.identityType,
      value: identity.value,
      createdAt: identity.createdAt.toISOString(),
    })),
  };
}

/**
 * Erases a customer: the record stays as an empty shell under its random id (tickets and analytics
 * still count the contacts) with no name, e-mail or phone, and every identity is deleted, so the
 * person's next message makes a new customer instead of re-attaching to the erased one. Running it
 * again finds nothing to change.
 */
export async function eraseCustomer(manager: EntityManager, tenantId: string, customerId: string): Promise<number> {
  const identities = await manager.getRepository(CustomerIdentityEntity).delete({ tenantId, customerId });
  const updated = await affectedRows(
    manager,
    `UPDATE "customers"."customer" SET "display_name" = NULL, "email" = NULL, "phone" = NULL, "updated_at" = now()
     WHERE "id" = $1 AND "tenant_id" = $2 AND ("display_name" IS NOT NULL OR "email" IS NOT NULL OR "phone" IS NOT NULL)`,
    [customerId, tenantId],
  );
  return (identities.affected ?? 0) + updated;
}
