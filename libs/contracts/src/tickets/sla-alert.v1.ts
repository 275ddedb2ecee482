import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';
import { SlaMetricSchema, TicketPrioritySchema } from './ticket-fields';

/**
 * A ticket's SLA deadline is near (`tickets.sla-warning.v1`, the tenant's warning lead before it)
 * or has passed (`tickets.sla-breached.v1`). tickets owns the targets and the clocks; notifications
 * and analytics react to these. Keyed by ticket.
 */
export const SlaAlertV1 = z.object({
  tenantId: UuidSchema,
  ticketId: UuidSchema,
  number: z.number().int().min(1),
  metric: SlaMetricSchema,
  dueAt: IsoDateSchema,
  priority: TicketPrioritySchema,
  queue: z.string().max(100).nullable(),
  assigneeId: UuidSchema.nullable(),
  at: IsoDateSchema,
});
export type SlaAlertV1 = z.infer<typeof SlaAlertV1>;
