// For the TypeORM CLI only (ADR 0061): `npm run db:migration -- generate customers <Name>`.
import { cliDataSource } from '@garda/service-kit';
import { customersService } from './customers.service-definition';

export default cliDataSource(customersService);
