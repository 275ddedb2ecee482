import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ErasureRequestedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern, reportErasure } from '@garda/service-kit';
import { MEDIA_STORE, type MediaStore } from '../attachments/media-store';
import { eraseChannels } from './channel-privacy.repository';

@Controller()
export class ChannelErasureHandler {
  constructor(@Inject(MEDIA_STORE) private readonly store: MediaStore) {}

  /**
   * The attachments' objects are deleted inside the transaction, before it commits: if the commit
   * fails the message is retried, the rows are still there and name the same (now missing) objects,
   * and deleting a missing object is no error. The other order could leave files nobody points at.
   */
  @EventPattern(Topics.ErasureRequested)
  async erase(@Payload() request: ErasureRequestedV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const { rows, storageKeys } = await eraseChannels(manager, request.tenantId, request.subject);
    if (storageKeys.length > 0) await this.store.delete(storageKeys);
    await reportErasure(publish, request, 'channels-ingest', rows);
  }
}
