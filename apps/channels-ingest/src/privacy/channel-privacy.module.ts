import { Module } from '@nestjs/common';
import { CONFIG } from '@garda/service-kit';
import { MEDIA_STORE } from '../attachments/media-store';
import { createMediaStore } from '../attachments/media-store.provider';
import { ChannelErasureHandler } from './channel-erasure.handler';
import { ChannelPrivacyController } from './channel-privacy.controller';

@Module({
  controllers: [ChannelPrivacyController, ChannelErasureHandler],
  providers: [{ provide: MEDIA_STORE, inject: [CONFIG], useFactory: createMediaStore }],
})
export class ChannelPrivacyModule {}
