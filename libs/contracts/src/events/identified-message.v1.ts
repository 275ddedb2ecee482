import { z } from 'zod';
import { UuidSchema } from '../common';
import { InboundMessageV1 } from './inbound-message.v1';

/** An inbound message after customers resolved its sender to a customer profile. */
export const IdentifiedMessageV1 = InboundMessageV1.extend({
  customerId: UuidSchema,
  customerName: z.string().max(200).optional(),
  customerIsNew: z.boolean(),
});
export type IdentifiedMessageV1 = z.infer<typeof IdentifiedMessageV1>;
