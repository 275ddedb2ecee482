// Entities against migrations (ADR 0061): after every migration, TypeORM's schema builder finds
// nothing to create, add or alter for the entities (constraints, indexes and defaults only the
// migrations declare are theirs), so an entity never drifts from the tables the migrations made.
import { entityDrift, withMigratedDatabase } from '@garda/testing';
import { channelsIngestService } from '../src/channels-ingest.service-definition';

describe('channels-ingest schema', () => {
  it('has entities that the migrated tables fit exactly', async () => {
    await expect(withMigratedDatabase(channelsIngestService, entityDrift)).resolves.toEqual([]);
  });
});
