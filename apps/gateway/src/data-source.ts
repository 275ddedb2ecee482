// For the TypeORM CLI only (ADR 0061): `npm run db:migration -- generate gateway <Name>`.
import { cliDataSource } from '@garda/service-kit';
import { gatewayService } from './gateway.service-definition';

export default cliDataSource(gatewayService);
