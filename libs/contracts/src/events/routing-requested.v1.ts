import { z } from 'zod';
import { ChannelSchema, IsoDateSchema, UuidSchema } from '../common';

export const SkillRequirementSchema = z.object({
  skill: z.string().min(1).max(100),
  minLevel: z.number().int().min(1).max(5).default(1),
});

/** tickets asks routing to find an agent for a contact (a conversation needing someone). */
export const RoutingRequestedV1 = z.object({
  tenantId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  ticketId: UuidSchema,
  customerId: UuidSchema,
  customerName: z.string().max(200).optional(),
  channel: ChannelSchema,
  /** Queue name within the tenant; routing falls back to the tenant's default queue. */
  queue: z.string().min(1).max(100).optional(),
  requiredSkills: z.array(SkillRequirementSchema).max(20).default([]),
  priority: z.number().int().min(0).max(100).default(0),
  preferredAgentId: UuidSchema.optional(),
  preview: z.string().max(500).optional(),
  requestedAt: IsoDateSchema,
});
export type RoutingRequestedV1 = z.infer<typeof RoutingRequestedV1>;
