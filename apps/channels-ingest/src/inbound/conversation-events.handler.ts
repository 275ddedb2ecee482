import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { MediaService } from '../attachments/media.service';
import { VoiceCalls } from '../providers/voice/voice-calls.service';

/**
 * What channels-ingest learns back from the event stream (one handler per topic, fanned out in one
 * transaction): which conversation and ticket a message became (calls find their conversation,
 * stored files their customer and ticket), and which agent routing gave a call to.
 */
@Injectable()
export class ConversationEventsHandler implements OnModuleInit {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(VoiceCalls) private readonly calls: VoiceCalls,
    @Inject(MediaService) private readonly media: MediaService,
  ) {}

  onModuleInit(): void {
    this.runtime.consumer.on(Topics.ConversationMessage, async (message, context) => {
      await this.media.conversationThreaded(message, context.manager);
      await this.calls.conversationThreaded(message, context);
    });
    this.runtime.consumer.on(Topics.ContactAssigned, (event, context) => this.calls.contactAssigned(event, context));
  }
}
