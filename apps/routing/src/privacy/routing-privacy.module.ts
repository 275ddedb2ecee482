import { Module } from '@nestjs/common';
import { RoutingErasureHandler } from './routing-erasure.handler';
import { RoutingPrivacyController } from './routing-privacy.controller';

@Module({ controllers: [RoutingPrivacyController, RoutingErasureHandler] })
export class RoutingPrivacyModule {}
