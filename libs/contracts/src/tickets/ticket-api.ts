import { z } from 'zod';
import { ChannelSchema, UuidSchema } from '../common';
import {
  TicketActorTypeSchema,
  TicketHistoryFieldSchema,
  TicketPrioritySchema,
  TicketStatusSchema,
  TicketTagSchema,
  TicketTypeSchema,
} from './ticket-fields';

/**
 * The tickets HTTP API's bodies, shared by tickets (which decides), the gateway (which validates
 * and relays, and describes them in OpenAPI) and the console.
 */
export const UpdateTicketRequest = z
  .strictObject({
    status: TicketStatusSchema.optional(),
    priority: TicketPrioritySchema.optional(),
    type: TicketTypeSchema.nullable().optional(),
    tags: z.array(TicketTagSchema).max(30).optional(),
    subject: z.string().trim().min(1).max(300).optional(),
    assigneeId: UuidSchema.nullable().optional(),
    queue: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateTicketRequest = z.infer<typeof UpdateTicketRequest>;

export const TicketSettingsRequest = z.strictObject({
  reopenWindowSeconds: z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400)
    .optional(),
  autoCloseSeconds: z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400)
    .optional(),
  pendingReminderSeconds: z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400)
    .optional(),
  pendingSolveSeconds: z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400)
    .optional(),
  pendingReminderText: z.string().trim().min(1).max(1000).nullable().optional(),
  strandedText: z.string().trim().min(1).max(1000).nullable().optional(),
  tagVocabulary: z.array(TicketTagSchema).max(500).optional(),
  freeTags: z.boolean().optional(),
  surveyKind: z.enum(['csat', 'nps']).optional(),
});
export type TicketSettingsRequest = z.infer<typeof TicketSettingsRequest>;

export const TicketSettingsResponse = z.object({
  reopenWindowSeconds: z.number().int(),
  autoCloseSeconds: z.number().int(),
  pendingReminderSeconds: z.number().int(),
  pendingSolveSeconds: z.number().int(),
  pendingReminderText: z.string(),
  strandedText: z.string(),
  tagVocabulary: z.array(z.string()),
  freeTags: z.boolean(),
  surveyKind: z.enum(['csat', 'nps']),
});

const Timestamp = z.string().describe('ISO 8601 date-time');

export const TicketSummary = z.object({
  id: UuidSchema,
  number: z.number().int(),
  subject: z.string(),
  status: TicketStatusSchema,
  priority: TicketPrioritySchema,
  type: TicketTypeSchema.nullable(),
  tags: z.array(z.string()),
  assigneeId: UuidSchema.nullable(),
  queue: z.string().nullable(),
  channel: ChannelSchema.nullable(),
  customerId: UuidSchema,
  customerName: z.string().nullable(),
  followUpOf: UuidSchema.nullable(),
  statusChangedAt: Timestamp,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketHistoryEntry = z.object({
  field: TicketHistoryFieldSchema,
  from: z.string().nullable(),
  to: z.string().nullable(),
  actorType: TicketActorTypeSchema,
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  reason: z.string().nullable(),
  changedAt: Timestamp,
});

export const TicketDetail = TicketSummary.extend({
  customerAddress: z.string().nullable(),
  disposition: z.string().nullable(),
  solvedAt: Timestamp.nullable(),
  survey: z
    .object({ kind: z.enum(['csat', 'nps']), score: z.number().int(), comment: z.string().nullable(), answeredAt: Timestamp })
    .nullable(),
  conversations: z.array(
    z.object({
      id: UuidSchema,
      channel: ChannelSchema,
      status: z.enum(['open', 'closed']),
      assignedAgentId: UuidSchema.nullable(),
      createdAt: Timestamp,
    }),
  ),
  history: z.array(TicketHistoryEntry),
});
export type TicketDetail = z.infer<typeof TicketDetail>;
