import { randomUUID } from 'node:crypto';
import type { InboundMessageV1 } from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { CustomerEntity } from './customer.entity';
import { CustomerIdentityEntity } from './customer-identity.entity';

export interface ResolvedCustomer {
  customerId: string;
  displayName?: string;
  isNew: boolean;
}

/**
 * Finds the customer behind a sender identity, or creates one. A sender who also gives an e-mail
 * address (web-chat pre-chat form) is matched on it too, so the same person across channels is one
 * customer. Runs inside the consumer's transaction; the unique identity index makes two concurrent
 * first messages from one sender end up with one customer (the loser retries and finds it).
 */
export async function resolveCustomer(manager: EntityManager, message: InboundMessageV1): Promise<ResolvedCustomer> {
  const { tenantId, sender } = message;
  const identities = manager.getRepository(CustomerIdentityEntity);
  const customers = manager.getRepository(CustomerEntity);

  const known = await identities.findOne({ where: { tenantId, identityType: sender.identityType, value: sender.value } });
  const byEmail =
    !known && sender.email
      ? await identities.findOne({ where: { tenantId, identityType: 'email', value: sender.email.toLowerCase() } })
      : null;
  const existingId = known?.customerId ?? byEmail?.customerId;

  if (existingId) {
    const customer = await customers.findOneByOrFail({ id: existingId, tenantId });
    if (!known) await identities.insert({ tenantId, customerId: existingId, identityType: sender.identityType, value: sender.value });
    if (sender.displayName && !customer.displayName) await customers.update({ id: existingId }, { displayName: sender.displayName });
    return { customerId: existingId, displayName: customer.displayName ?? sender.displayName, isNew: false };
  }

  const customerId = randomUUID();
  const email = sender.identityType === 'email' ? sender.value.toLowerCase() : sender.email?.toLowerCase();
  const phone = sender.identityType === 'phone' || sender.identityType === 'wa_id' ? sender.value : null;
  await customers.insert({ id: customerId, tenantId, displayName: sender.displayName ?? null, email: email ?? null, phone });
  await identities.insert({ tenantId, customerId, identityType: sender.identityType, value: sender.value });
  if (email && sender.identityType !== 'email') await identities.insert({ tenantId, customerId, identityType: 'email', value: email });
  return { customerId, displayName: sender.displayName, isNew: true };
}
