import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { VoiceCalls } from './voice-calls.service';

/** What voice needs from the event stream: the call's conversation (tickets) and its agent (routing). */
@Injectable()
export class VoiceEventsHandler implements OnModuleInit {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(VoiceCalls) private readonly calls: VoiceCalls,
  ) {}

  onModuleInit(): void {
    this.runtime.consumer.on(Topics.ConversationMessage, (message, context) => this.calls.conversationThreaded(message, context));
    this.runtime.consumer.on(Topics.ContactAssigned, (event, context) => this.calls.contactAssigned(event, context));
  }
}
