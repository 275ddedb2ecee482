import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type AgentTypingV1, type CustomerTypingV1, type TypingRelayedV1, Topics } from '@garda/contracts';
import { EventPublisher } from '@garda/messaging';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { ConversationEntity } from './conversation.entity';
import { relayAgentTyping, relayCustomerTyping } from './typing-relay';

/**
 * Typing indicators cross here because tickets is the one service that knows both sides of a
 * conversation: its channel thread (for the customer) and its assigned agent (for the desk).
 * Relayed straight to Kafka, not through the outbox: typing is ephemeral, a lost one costs nothing.
 */
@Controller()
export class TypingRelayHandler {
  constructor(@Inject(EventPublisher) private readonly publisher: EventPublisher) {}

  @EventPattern(Topics.AgentTyping)
  async agentTyping(@Payload() event: AgentTypingV1, @Ctx() { manager }: EventContext): Promise<void> {
    const conversation = await manager.getRepository(ConversationEntity).findOneBy({ id: event.conversationId, tenantId: event.tenantId });
    await this.relay(relayAgentTyping(conversation, event));
  }

  @EventPattern(Topics.CustomerTyping)
  async customerTyping(@Payload() event: CustomerTypingV1, @Ctx() { manager }: EventContext): Promise<void> {
    const conversation = await manager.getRepository(ConversationEntity).findOneBy({
      tenantId: event.tenantId,
      channel: event.channel,
      accountId: event.accountId,
      threadKey: event.threadKey,
      status: 'open',
    });
    await this.relay(relayCustomerTyping(conversation, event));
  }

  private async relay(relayed: TypingRelayedV1 | null): Promise<void> {
    if (!relayed) return;
    await this.publisher.publish(Topics.TypingRelayed, relayed, { tenantId: relayed.tenantId, key: relayed.conversationId });
  }
}
