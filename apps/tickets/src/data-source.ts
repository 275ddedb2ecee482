// For the TypeORM CLI only (ADR 0061): `npm run db:migration -- generate tickets <Name>`.
import { cliDataSource } from '@garda/service-kit';
import { ticketsService } from './tickets.service-definition';

export default cliDataSource(ticketsService);
