import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ContactAssignedV1, type ConversationMessageV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { MediaService } from '../attachments/media.service';
import { VoiceCalls } from '../providers/voice/voice-calls.service';

/**
 * What channels-ingest learns back from the event stream: which conversation and ticket a message
 * became (calls find their conversation, stored files their customer and ticket), and which agent
 * routing gave a call to.
 */
@Controller()
export class ConversationEventsHandler {
  constructor(
    @Inject(VoiceCalls) private readonly calls: VoiceCalls,
    @Inject(MediaService) private readonly media: MediaService,
  ) {}

  @EventPattern(Topics.ConversationMessage)
  async threaded(@Payload() message: ConversationMessageV1, @Ctx() context: EventContext): Promise<void> {
    await this.media.conversationThreaded(message, context.manager);
    await this.calls.conversationThreaded(message, context);
  }

  @EventPattern(Topics.ContactAssigned)
  async assigned(@Payload() event: ContactAssignedV1, @Ctx() context: EventContext): Promise<void> {
    await this.calls.contactAssigned(event, context);
  }
}
