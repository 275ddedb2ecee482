import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { resolveCustomer } from './identity-resolver';

/** Step 2 of a contact's flow: attach the sender to a customer and pass the message on. */
@Injectable()
export class InboundMessageHandler implements OnModuleInit {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  onModuleInit(): void {
    this.runtime.consumer.on(Topics.InboundMessage, async (message, { manager, publish }) => {
      const customer = await resolveCustomer(manager, message);
      await publish(
        Topics.IdentifiedMessage,
        { ...message, customerId: customer.customerId, customerName: customer.displayName, customerIsNew: customer.isNew },
        { tenantId: message.tenantId, key: message.threadKey, messageId: `identified:${message.messageId}` },
      );
    });
  }
}
