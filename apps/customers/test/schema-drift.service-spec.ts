// Entities against migrations (ADR 0061): after every migration, TypeORM's schema builder finds
// nothing to create, add or alter for the entities (constraints, indexes and defaults only the
// migrations declare are theirs), so an entity never drifts from the tables the migrations made.
import { entityDrift, pendingSchemaChanges, withMigratedDatabase } from '@garda/testing';
import { customersService } from '../src/customers.service-definition';

describe('customers schema', () => {
  it('has entities that the migrated tables fit exactly', async () => {
    await expect(withMigratedDatabase(customersService, entityDrift)).resolves.toEqual([]);
  });

  it('declares everything its migrations make, so `db:migration generate` starts from an empty diff', async () => {
    await expect(withMigratedDatabase(customersService, pendingSchemaChanges)).resolves.toEqual([]);
  });
});
