import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles } from '@garda/service-kit';
import { DataSource, ILike } from 'typeorm';
import { CustomerEntity } from './customer.entity';
import { CustomerIdentityEntity } from './customer-identity.entity';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomersController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * A customer's profile with every channel identity it is known by, within the caller's tenant.
   * Which customers an agent may see depends on who handles whom, which tickets knows: the gateway
   * asks tickets (GET /customers/:id/access) before it relays an agent's request here.
   */
  @Get(':id')
  async get(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string) {
    const customer = await this.dataSource.getRepository(CustomerEntity).findOneBy({ id, tenantId: user.tenantId });
    if (!customer) throw new NotFoundException('No such customer');
    const identities = await this.dataSource
      .getRepository(CustomerIdentityEntity)
      .find({ where: { customerId: id, tenantId: user.tenantId }, order: { createdAt: 'ASC' } });
    return { ...customer, identities: identities.map(({ identityType, value }) => ({ identityType, value })) };
  }

  /** Searching the whole tenant is a supervisor's tool; agents reach customers through their conversations. */
  @Get()
  @Roles('supervisor')
  async search(@CurrentUser() user: AuthClaims, @Query('q') query?: string) {
    const term = (query ?? '').slice(0, 100).replace(/[%_]/g, '');
    return this.dataSource.getRepository(CustomerEntity).find({
      where: term
        ? [
            { tenantId: user.tenantId, displayName: ILike(`%${term}%`) },
            { tenantId: user.tenantId, email: ILike(`%${term}%`) },
          ]
        : { tenantId: user.tenantId },
      order: { updatedAt: 'DESC' },
      take: 50,
    });
  }
}
