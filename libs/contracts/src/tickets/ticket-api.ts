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
  /** The next SLA deadline (first response, next response or resolution), while a clock runs. */
  slaDueAt: Timestamp.nullable(),
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

/** The ticket views (docs/tickets.md): an agent's own, a queue's, and the supervisor's everything. */
export const TicketViewSchema = z.enum(['my-open', 'my-waiting', 'my-solved', 'unassigned', 'breaching', 'all-open', 'all']);
export type TicketView = z.infer<typeof TicketViewSchema>;

const csv = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(500)
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(item).max(10));

/** Query of GET /tickets: a view, optionally narrowed (supervisors: any filter; agents: within what they see). */
export const TicketListQuery = z.strictObject({
  view: TicketViewSchema.default('my-open'),
  queue: z.string().trim().min(1).max(100).optional(),
  assigneeId: UuidSchema.optional(),
  status: csv(TicketStatusSchema).optional(),
  priority: csv(TicketPrioritySchema).optional(),
  tag: TicketTagSchema.optional(),
  channel: ChannelSchema.optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TicketListQuery = z.infer<typeof TicketListQuery>;

export const TicketSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TicketSearchQuery = z.infer<typeof TicketSearchQuery>;

export const TicketPage = z.object({
  items: z.array(TicketSummary),
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: z.string().nullable(),
});
export type TicketPage = z.infer<typeof TicketPage>;

export const TicketViewCounts = z.object({ counts: z.record(z.string(), z.number().int()) });
export type TicketViewCounts = z.infer<typeof TicketViewCounts>;
