import { Module } from '@nestjs/common';
import { CustomerPrivacyModule } from '../privacy/customer-privacy.module';
import { CustomersController } from './customers.controller';
import { InboundMessageHandler } from './inbound-message.handler';

@Module({ imports: [CustomerPrivacyModule], controllers: [CustomersController, InboundMessageHandler] })
export class CustomersModule {}
