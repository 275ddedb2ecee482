import { type Ack, type AuthClaims, TypingCommandSchema, Topics } from '@garda/contracts';
import type { EventPublisher } from '@garda/messaging';

/**
 * An agent typing a reply. Typing is ephemeral, so it is published straight to Kafka rather than
 * through the outbox: a lost "is typing…" costs nothing, and a database write per keystroke burst
 * would. Tickets checks that the agent owns the conversation before the customer sees anything.
 */
export class TypingCommands {
  constructor(
    private readonly publisher: Pick<EventPublisher, 'publish'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async typing(user: AuthClaims, input: unknown): Promise<Ack> {
    const command = TypingCommandSchema.safeParse(input);
    if (!command.success) return { ok: false, error: 'invalid command: conversationId must be a uuid' };
    const { conversationId } = command.data;
    await this.publisher.publish(
      Topics.AgentTyping,
      { tenantId: user.tenantId, agentId: user.sub, agentName: user.name, conversationId, at: this.now().toISOString() },
      { tenantId: user.tenantId, key: conversationId },
    );
    return { ok: true };
  }
}
