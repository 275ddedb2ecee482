import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type TypingRelayedV1, Topics } from '@garda/contracts';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { ConversationEntity } from './conversation.entity';
import { relayAgentTyping, relayCustomerTyping } from './typing-relay';

/**
 * Typing indicators cross here because tickets is the one service that knows both sides of a
 * conversation: its channel thread (for the customer) and its assigned agent (for the desk).
 * Relayed straight to Kafka, not through the outbox: typing is ephemeral, a lost one costs nothing.
 */
@Injectable()
export class TypingRelayHandler implements OnModuleInit {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  onModuleInit(): void {
    this.runtime.consumer.on(Topics.AgentTyping, async (event, { manager }) => {
      const conversation = await manager
        .getRepository(ConversationEntity)
        .findOneBy({ id: event.conversationId, tenantId: event.tenantId });
      await this.relay(relayAgentTyping(conversation, event));
    });
    this.runtime.consumer.on(Topics.CustomerTyping, async (event, { manager }) => {
      const conversation = await manager.getRepository(ConversationEntity).findOneBy({
        tenantId: event.tenantId,
        channel: event.channel,
        accountId: event.accountId,
        threadKey: event.threadKey,
        status: 'open',
      });
      await this.relay(relayCustomerTyping(conversation, event));
    });
  }

  private async relay(relayed: TypingRelayedV1 | null): Promise<void> {
    if (!relayed) return;
    await this.runtime.publisher.publish(Topics.TypingRelayed, relayed, { tenantId: relayed.tenantId, key: relayed.conversationId });
  }
}
