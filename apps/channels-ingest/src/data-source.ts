// For the TypeORM CLI only (ADR 0061): `npm run db:migration -- generate channels-ingest <Name>`.
import { cliDataSource } from '@garda/service-kit';
import { channelsIngestService } from './channels-ingest.service-definition';

export default cliDataSource(channelsIngestService);
