import { z } from 'zod';
import { ChannelSchema, IsoDateSchema, UuidSchema } from '../common';

/**
 * A customer answered a satisfaction survey (CSAT 1–5 or NPS 0–10, optionally with a comment), as
 * recognised by tickets on the surveyed ticket. For analytics; it never opens or routes a ticket.
 */
export const SurveyAnsweredV1 = z
  .object({
    tenantId: UuidSchema,
    ticketId: UuidSchema,
    number: z.number().int().min(1),
    conversationId: UuidSchema,
    customerId: UuidSchema,
    /** The agent who solved the ticket (whose work is rated), when known. */
    agentId: UuidSchema.nullable(),
    channel: ChannelSchema,
    kind: z.enum(['csat', 'nps']),
    score: z.number().int().min(0).max(10),
    comment: z.string().max(2000).nullable(),
    answeredAt: IsoDateSchema,
  })
  .refine((answer) => answer.kind === 'nps' || (answer.score >= 1 && answer.score <= 5), {
    message: 'a CSAT score is 1 to 5',
    path: ['score'],
  });
export type SurveyAnsweredV1 = z.infer<typeof SurveyAnsweredV1>;
