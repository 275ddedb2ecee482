import { baseConfigShape, messagingTablesMigrationFor, type ServiceDefinition } from '@garda/service-kit';
import { CustomerEntity } from './customers/customer.entity';
import { CustomerIdentityEntity } from './customers/customer-identity.entity';
import { CustomersModule } from './customers/customers.module';
import { CreateCustomers1732400000000 } from './migrations/1732400000000-create-customers';

export const customersService: ServiceDefinition<typeof baseConfigShape> = {
  name: 'customers',
  description: 'Customer profiles, channel identities and identity resolution',
  configShape: baseConfigShape,
  entities: [CustomerEntity, CustomerIdentityEntity],
  migrations: [messagingTablesMigrationFor('customers'), CreateCustomers1732400000000],
  appModule: CustomersModule,
};
