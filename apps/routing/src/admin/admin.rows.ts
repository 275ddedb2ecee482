import { ChannelSchema, SkillRequirementSchema } from '@garda/contracts';
import { z } from 'zod';
import { QueueStrategySchema, SkillExpressionSchema } from './admin.schemas';

// The rows the routing admin's SQL returns, parsed at the persistence boundary (ADR 0061): their
// shape, not the API's rules (those were checked when the rows were written).

/** GET /queues: a queue as the admin API shows it, with its waiting contacts. */
export const QueueListRow = z.object({
  id: z.uuid(),
  name: z.string(),
  requiredSkills: z.array(SkillRequirementSchema),
  requirements: z.array(z.object({ requires: SkillExpressionSchema, forSeconds: z.number().int().optional() })),
  priority: z.number().int(),
  isDefault: z.boolean(),
  strategy: QueueStrategySchema,
  offerTimeoutSeconds: z.number().int(),
  serviceLevelPercent: z.number().int(),
  serviceLevelSeconds: z.number().int(),
  maxWaitSeconds: z.number().int().nullable(),
  overflowQueue: z.string().nullable(),
  afterContactWorkSeconds: z.number().int().nullable(),
  counters: z.record(z.string(), z.unknown()),
  waiting: z.number().int(),
});
export type QueueListRow = z.infer<typeof QueueListRow>;

/** GET /agents: a routing profile with its state and load per channel. */
export const AgentListRow = z.object({
  agentId: z.uuid(),
  name: z.string(),
  skills: z.record(z.string(), z.number()),
  queues: z.array(z.string()).nullable(),
  crossChannel: z.record(z.string(), z.union([z.literal('*'), z.array(ChannelSchema)])).nullable(),
  state: z.string(),
  stateReason: z.string().nullable(),
  stateSince: z.date(),
  missedOffers: z.number().int(),
  load: z.partialRecord(ChannelSchema, z.object({ capacity: z.number().int(), used: z.number().int() })),
});
export type AgentListRow = z.infer<typeof AgentListRow>;

export const IdRow = z.object({ id: z.uuid() });
export const ExistsRow = z.object({ exists: z.literal(1) });
export const TenantRow = z.object({ tenant_id: z.uuid() });
export const HeldChannelRow = z.object({ channel: z.string(), reserved: z.number().int() });
export const QueueFlagsRow = z.object({ id: z.uuid(), is_default: z.boolean() });
export const ActiveContactsRow = z.object({ waiting: z.number().int(), assigned: z.number().int() });
export const NameRow = z.object({ name: z.string() });

export const CatalogueRow = z.object({
  name: z.string(),
  kind: z.enum(['skill', 'language']),
  label: z.string().nullable(),
  language_code: z.string().nullable(),
});
export const QueueSkillsRow = z.object({
  name: z.string(),
  required_skills: z.array(z.object({ skill: z.string() }).loose()),
  relaxation: z.array(z.object({ requires: SkillExpressionSchema }).loose()),
});
export const AgentSkillsRow = z.object({ skills: z.record(z.string(), z.number()) });
