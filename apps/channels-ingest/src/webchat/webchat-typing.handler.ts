import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { isTypingFresh, Topics, type TypingRelayedV1 } from '@garda/contracts';
import { EventPattern } from '@garda/service-kit';
import { WebchatGateway } from './webchat.gateway';

/** An agent typing in a web-chat conversation (relayed by tickets, who knows the session): shown in the widget. */
@Controller()
export class WebchatTypingHandler {
  constructor(@Inject(WebchatGateway) private readonly gateway: WebchatGateway) {}

  @EventPattern(Topics.TypingRelayed)
  agentTyping(@Payload() event: TypingRelayedV1): void {
    if (event.who !== 'agent' || event.channel !== 'webchat' || !isTypingFresh(event.at)) return;
    this.gateway.emitTyping(event.tenantId, event.threadKey, { isTyping: event.isTyping, authorName: event.name });
  }
}
