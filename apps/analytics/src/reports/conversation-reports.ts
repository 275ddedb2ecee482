import type { ConversationClosedV1, ConversationMessageV1 } from '@garda/contracts';
import { secondsBetween } from '../projection/metrics-math';
import { type ConversationRow, type ProjectionStore, UNRESOLVED_QUEUE } from '../projection/projection-store';

/** A conversation is resolved on first contact when the customer opens no new conversation this long after it closed. */
export const REPEAT_CONTACT_WINDOW_DAYS = 7;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The conversation-level report figures (docs/metrics.md): opened and closed (the backlog), first
 * and next response times, resolution time and first-contact resolution. Each is counted in the
 * conversation's report queue, fixed when it opened and moved with its contact until it closes,
 * so what opened in a queue also closes there and the queue's backlog adds up.
 */
export class ConversationReports {
  /** `before` is the conversation as it was before this message was projected. */
  async message(store: ProjectionStore, before: ConversationRow | undefined, event: ConversationMessageV1, at: Date): Promise<void> {
    const fromCustomer = event.direction === 'inbound' && event.authorType === 'customer';
    const agentReply = event.direction === 'outbound' && event.authorType === 'agent' && !event.internal;
    if (!fromCustomer && !agentReply) return;
    const changes: Record<string, unknown> = {};
    const queueName = before?.report_queue ?? (await this.currentQueue(store, event.tenantId, event.conversationId));
    if (!before?.report_queue) changes.report_queue = queueName;
    const dimensions = { queueName, channel: event.channel };

    if (fromCustomer) {
      if (!before?.started_at) {
        await store.addToReports(event.tenantId, at, { ...dimensions, agentId: null }, { conversations_opened: 1 });
        await this.takeBackFirstContactResolution(store, event, at);
      }
      if (!before?.awaiting_reply_since) changes.awaiting_reply_since = at;
    } else {
      const agentId = event.authorId && UUID.test(event.authorId) ? event.authorId : (event.assignedAgentId ?? null);
      if (!before?.first_response_at && before?.started_at && before.started_at <= at) {
        await store.addToReports(
          event.tenantId,
          at,
          { ...dimensions, agentId },
          { first_responses: 1, first_response_seconds: secondsBetween(before.started_at, at) },
        );
      } else if (before?.first_response_at && before.awaiting_reply_since && before.awaiting_reply_since <= at) {
        await store.addToReports(
          event.tenantId,
          at,
          { ...dimensions, agentId },
          { next_responses: 1, next_response_seconds: secondsBetween(before.awaiting_reply_since, at) },
        );
      }
      changes.awaiting_reply_since = null;
    }
    await store.updateConversation(event.conversationId, changes);
  }

  /** Counted once, for conversations that opened with a customer's message (the backlog's other side). */
  async closed(store: ProjectionStore, before: ConversationRow | undefined, event: ConversationClosedV1, closedAt: Date): Promise<void> {
    if (!before?.started_at || before.closed_at) return;
    const queueName = before.report_queue ?? (await this.currentQueue(store, event.tenantId, event.conversationId));
    const agentId = event.agentId ?? null;
    await store.addToReports(
      event.tenantId,
      closedAt,
      { queueName, agentId, channel: before.channel ?? 'webchat' },
      agentId
        ? {
            conversations_closed: 1,
            conversations_resolved: 1,
            resolution_seconds: secondsBetween(before.started_at, closedAt),
            resolved_first_contact: 1,
          }
        : { conversations_closed: 1 },
    );
    if (!before.report_queue) await store.updateConversation(event.conversationId, { report_queue: queueName });
  }

  /**
   * A contact of the conversation is (now) in `queueName`: an open conversation's figures follow it
   * there, its opening moved with it, so its close lands in the same queue.
   */
  async contactQueued(store: ProjectionStore, tenantId: string, conversationId: string, queueName: string): Promise<void> {
    const conversation = await store.findConversation(conversationId);
    if (!conversation || conversation.closed_at || conversation.report_queue === queueName) return;
    if (conversation.started_at && conversation.report_queue) {
      const channel = conversation.channel ?? 'webchat';
      const opened = conversation.started_at;
      await store.addToReports(
        tenantId,
        opened,
        { queueName: conversation.report_queue, agentId: null, channel },
        { conversations_opened: -1 },
      );
      await store.addToReports(tenantId, opened, { queueName, agentId: null, channel }, { conversations_opened: 1 });
    }
    await store.updateConversation(conversationId, { report_queue: queueName });
  }

  private async currentQueue(store: ProjectionStore, tenantId: string, conversationId: string): Promise<string> {
    return (await store.latestQueueOfConversation(conversationId)) ?? (await store.defaultQueueName(tenantId)) ?? UNRESOLVED_QUEUE;
  }

  /** The customer came back within the window: their previous conversation was not resolved on first contact after all. */
  private async takeBackFirstContactResolution(store: ProjectionStore, event: ConversationMessageV1, at: Date): Promise<void> {
    const previous = await store.resolvedConversationBefore(
      event.tenantId,
      event.customerId,
      event.conversationId,
      at,
      REPEAT_CONTACT_WINDOW_DAYS,
    );
    if (!previous?.closed_at || !previous.started_at) return;
    await store.updateConversation(previous.conversation_id, { repeat_contact: true });
    await store.addToReports(
      event.tenantId,
      previous.closed_at,
      {
        queueName: previous.report_queue ?? UNRESOLVED_QUEUE,
        agentId: previous.closed_by_agent_id,
        channel: previous.channel ?? event.channel,
      },
      { resolved_first_contact: -1 },
    );
  }
}
