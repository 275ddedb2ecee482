import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type InboundMessageV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { resolveCustomer } from './identity-resolver';

/** Step 2 of a contact's flow: attach the sender to a customer and pass the message on. */
@Controller()
export class InboundMessageHandler {
  @EventPattern(Topics.InboundMessage)
  async identify(@Payload() message: InboundMessageV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const customer = await resolveCustomer(manager, message);
    await publish(
      Topics.IdentifiedMessage,
      { ...message, customerId: customer.customerId, customerName: customer.displayName, customerIsNew: customer.isNew },
      { tenantId: message.tenantId, key: message.threadKey, messageId: `identified:${message.messageId}` },
    );
  }
}
