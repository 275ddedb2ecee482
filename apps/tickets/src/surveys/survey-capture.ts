import { Inject, Injectable } from '@nestjs/common';
import { type IdentifiedMessageV1, Topics } from '@garda/contracts';
import type { TransactionContext } from '@garda/messaging';
import { ConversationEntity } from '../conversations/conversation.entity';
import { MessageEntity } from '../conversations/message.entity';
import { TicketEntity } from '../conversations/ticket.entity';
import { TicketSettings } from '../settings/ticket-settings';
import { parseSurveyAnswer } from './survey-answer';

/** notifications sends the survey right after the solve; an answer later than this is a new message. */
export const SURVEY_ANSWER_WINDOW_MS = 24 * 3_600_000;

/**
 * Recognises a customer's answer to the satisfaction survey sent when their ticket was solved:
 * stored on the ticket and in its thread, announced for analytics, and never reopening or routing.
 */
@Injectable()
export class SurveyCapture {
  constructor(@Inject(TicketSettings) private readonly settings: TicketSettings) {}

  /** True when the message was a survey answer (and is now fully handled). */
  async capture(
    { manager, publish }: TransactionContext,
    ticket: TicketEntity,
    conversation: ConversationEntity,
    message: IdentifiedMessageV1,
  ): Promise<boolean> {
    const at = new Date(message.receivedAt);
    if (ticket.status !== 'solved' && ticket.status !== 'closed') return false;
    if (ticket.surveyAnsweredAt || !ticket.solvedAt || at.getTime() - ticket.solvedAt.getTime() > SURVEY_ANSWER_WINDOW_MS) return false;
    const { surveyKind } = await this.settings.of(manager, ticket.tenantId);
    const answer = parseSurveyAnswer(message.text, surveyKind);
    if (!answer) return false;

    await manager
      .getRepository(TicketEntity)
      .update({ id: ticket.id }, { surveyKind, surveyScore: answer.score, surveyComment: answer.comment, surveyAnsweredAt: at });
    await manager.getRepository(MessageEntity).insert({
      id: message.messageId,
      tenantId: message.tenantId,
      conversationId: conversation.id,
      direction: 'inbound',
      authorType: 'customer',
      authorId: message.customerId,
      authorName: message.customerName ?? message.sender.displayName ?? null,
      text: message.text,
      attachments: message.attachments,
      internal: false,
      providerMessageId: message.providerMessageId,
      createdAt: at,
    });
    await publish(
      Topics.SurveyAnswered,
      {
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        number: ticket.number,
        conversationId: conversation.id,
        customerId: ticket.customerId,
        agentId: ticket.assigneeId,
        channel: conversation.channel,
        kind: surveyKind,
        score: answer.score,
        comment: answer.comment,
        answeredAt: at.toISOString(),
      },
      { tenantId: ticket.tenantId, key: ticket.id, messageId: `survey-answered:${message.messageId}` },
    );
    return true;
  }
}
