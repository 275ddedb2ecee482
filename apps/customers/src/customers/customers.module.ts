import { Module } from '@nestjs/common';
import { CustomersController } from './customers.controller';
import { InboundMessageHandler } from './inbound-message.handler';

@Module({ controllers: [CustomersController, InboundMessageHandler] })
export class CustomersModule {}
