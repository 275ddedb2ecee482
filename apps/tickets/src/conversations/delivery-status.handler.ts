import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type DeliveryStatusV1, Topics } from '@garda/contracts';
import { EventPattern, queryRows, type EventContext } from '@garda/service-kit';
import { nextDeliveryStatus } from './delivery-progress';
import { z } from 'zod';

/**
 * A channel's word on an outbound message (sent, delivered, read, failed with the reason) is stored
 * on the message, and announced so the agent's desk can mark it, a failure above all. The
 * announcement goes through the outbox with the update: the agent must not miss a failed message.
 */
@Controller()
export class DeliveryStatusHandler {
  @EventPattern(Topics.DeliveryStatus)
  async deliveryStatus(@Payload() event: DeliveryStatusV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    if (!event.messageId) return;
    // Locked: two statuses of one message may be handled at once (they can be keyed differently).
    const [message] = await queryRows(
      manager,
      z.object({ status: z.string().nullable(), conversationId: z.string(), assignedAgentId: z.string().nullable() }),
      `SELECT m."delivery_status" AS "status", m."conversation_id" AS "conversationId", c."assigned_agent_id" AS "assignedAgentId"
         FROM "tickets"."message" AS m JOIN "tickets"."conversation" AS c ON c."id" = m."conversation_id" AND c."tenant_id" = m."tenant_id"
         WHERE m."id" = $1 AND m."tenant_id" = $2
         FOR UPDATE OF m`,
      [event.messageId, event.tenantId],
    );
    if (!message) return;
    const status = nextDeliveryStatus(message.status, event.status);
    await manager.query(
      `UPDATE "tickets"."message" SET "provider_message_id" = COALESCE($1, "provider_message_id"),
           "delivery_status" = COALESCE($2, "delivery_status"),
           "delivery_error" = CASE WHEN $2::text IS NULL THEN "delivery_error" ELSE $3 END
         WHERE "id" = $4 AND "tenant_id" = $5`,
      [event.providerMessageId ?? null, status, status === 'failed' ? (event.error ?? null) : null, event.messageId, event.tenantId],
    );
    // A repeated or out-of-order status changes nothing the agent sees, so nothing is announced.
    if (!status) return;
    await publish(
      Topics.MessageDeliveryUpdated,
      {
        tenantId: event.tenantId,
        conversationId: message.conversationId,
        messageId: event.messageId,
        status,
        ...(status === 'failed' && event.error ? { error: event.error } : {}),
        assignedAgentId: message.assignedAgentId ?? undefined,
        at: event.at,
      },
      { tenantId: event.tenantId, key: message.conversationId, messageId: `delivery-updated:${event.messageId}:${status}:${event.at}` },
    );
  }
}
