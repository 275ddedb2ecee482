import { Module } from '@nestjs/common';
import { CONFIG, RetentionPolicyHandler } from '@garda/service-kit';
import { MEDIA_STORE } from '../attachments/media-store';
import { createMediaStore } from '../attachments/media-store.provider';
import { ChannelErasureHandler } from './channel-erasure.handler';
import { ChannelPrivacyController } from './channel-privacy.controller';
import { ChannelRetention } from './retention/channel-retention';

@Module({
  controllers: [ChannelPrivacyController, ChannelErasureHandler, RetentionPolicyHandler],
  providers: [{ provide: MEDIA_STORE, inject: [CONFIG], useFactory: createMediaStore }, ChannelRetention],
})
export class ChannelPrivacyModule {}
