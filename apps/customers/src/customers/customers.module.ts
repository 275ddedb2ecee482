import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceRuntime } from '@garda/service-kit';
import { CustomersController } from './customers.controller';
import { InboundMessageHandler } from './inbound-message.handler';

@Module({})
export class CustomersModule {
  static register(_runtime: ServiceRuntime): DynamicModule {
    return { module: CustomersModule, controllers: [CustomersController], providers: [InboundMessageHandler] };
  }
}
