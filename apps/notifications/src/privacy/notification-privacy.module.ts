import { Module } from '@nestjs/common';
import { NotificationErasureHandler } from './notification-erasure.handler';
import { NotificationPrivacyController } from './notification-privacy.controller';

@Module({ controllers: [NotificationPrivacyController, NotificationErasureHandler] })
export class NotificationPrivacyModule {}
