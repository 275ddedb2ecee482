import { Module } from '@nestjs/common';
import { CustomerErasureHandler } from './customer-erasure.handler';
import { CustomerPrivacyController } from './customer-privacy.controller';

@Module({ controllers: [CustomerPrivacyController, CustomerErasureHandler] })
export class CustomerPrivacyModule {}
