import { type Ack, type AuthClaims, OfferCommandSchema, ReplyCommandSchema, SetStateCommandSchema, Topics } from '@garda/contracts';
import type { UnitOfWork } from '@garda/messaging';
import type { z } from 'zod';
import { AppUserEntity } from '../identity/app-user.entity';

/**
 * What an agent's socket may ask for. Each command is validated, then announced on Kafka through
 * the outbox; the gateway decides nothing itself (routing and tickets own those decisions).
 */
export class AgentCommands {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async setState(user: AuthClaims, input: unknown): Promise<Ack> {
    const command = parse(SetStateCommandSchema, input);
    if (!command.ok) return command;
    const { state, reason, agentId = user.sub } = command.value;
    const forSomeoneElse = agentId !== user.sub;
    if (forSomeoneElse && user.role === 'agent') return { ok: false, error: "only a supervisor may change another agent's state" };
    return this.unitOfWork.run(async ({ manager, publish }) => {
      if (forSomeoneElse && !(await manager.getRepository(AppUserEntity).existsBy({ id: agentId, tenantId: user.tenantId }))) {
        return { ok: false, error: 'no such agent in your tenant' };
      }
      await publish(
        Topics.AgentStateRequested,
        { tenantId: user.tenantId, agentId, state, reason, requestedBy: user.sub, requestedAt: this.now().toISOString() },
        { tenantId: user.tenantId, key: user.tenantId },
      );
      return { ok: true };
    });
  }

  async respondToOffer(user: AuthClaims, input: unknown, response: 'accept' | 'reject'): Promise<Ack> {
    const command = parse(OfferCommandSchema, input);
    if (!command.ok) return command;
    await this.unitOfWork.run(({ publish }) =>
      publish(
        Topics.OfferResponded,
        { tenantId: user.tenantId, agentId: user.sub, contactId: command.value.contactId, response, respondedAt: this.now().toISOString() },
        { tenantId: user.tenantId, key: user.tenantId },
      ),
    );
    return { ok: true };
  }

  async reply(user: AuthClaims, input: unknown): Promise<Ack> {
    const command = parse(ReplyCommandSchema, input);
    if (!command.ok) return command;
    const { conversationId, messageId, text, internal = false, attachments, template, cc } = command.value;
    await this.unitOfWork.run(({ publish }) =>
      publish(
        Topics.ReplySubmitted,
        {
          tenantId: user.tenantId,
          agentId: user.sub,
          agentName: user.name,
          conversationId,
          messageId,
          text,
          internal,
          ...(attachments.length > 0 ? { attachments } : {}),
          ...(template ? { template } : {}),
          ...(cc ? { cc } : {}),
          submittedAt: this.now().toISOString(),
        },
        // The desk's messageId makes a retried submit the same Kafka message, which consumers recognise.
        { tenantId: user.tenantId, key: conversationId, messageId: `reply:${messageId}` },
      ),
    );
    return { ok: true };
  }
}

function parse<T extends z.ZodType>(schema: T, input: unknown): { ok: true; value: z.output<T> } | { ok: false; error: string } {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const error = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: `invalid command: ${error}` };
}
