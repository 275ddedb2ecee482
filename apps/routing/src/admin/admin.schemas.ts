import { ChannelSchema, SkillRequirementSchema } from '@garda/contracts';
import type { SkillExpression } from '@garda/routing-engine';
import { z } from 'zod';

export const QueueStrategySchema = z.enum(['longest-idle', 'least-occupied', 'most-proficient', 'round-robin']);

const SkillNameSchema = z.string().min(1).max(100);

/** The engine's skill expression: { skill, minLevel } | { allOf } | { anyOf } | { anyAgent: true }. */
export const SkillExpressionSchema: z.ZodType<SkillExpression> = z.lazy(() =>
  z.union([
    z.strictObject({ skill: SkillNameSchema, minLevel: z.number().int().min(1).max(5).optional() }),
    z.strictObject({ allOf: z.array(SkillExpressionSchema).min(1).max(20) }),
    z.strictObject({ anyOf: z.array(SkillExpressionSchema).min(1).max(20) }),
    z.strictObject({ anyAgent: z.literal(true) }),
  ]),
);

/** Relaxation: each step holds `forSeconds` after the contact entered the queue; the last holds for good. */
export const RelaxationStepsSchema = z
  .array(z.strictObject({ requires: SkillExpressionSchema, forSeconds: z.number().int().min(1).max(86_400).optional() }))
  .min(1)
  .max(10)
  .refine((steps) => steps.slice(0, -1).every((step) => step.forSeconds !== undefined), 'every step but the last needs forSeconds')
  .refine((steps) => steps.at(-1)?.forSeconds === undefined, 'the last step holds for good: no forSeconds');

// Strict objects throughout: a misspelt field (`maxWait`) is a 400 naming it, not a setting silently ignored.
export const QueueDefinitionSchema = z
  .strictObject({
    /** Required skills (all of them, at their levels); ignored when `requirements` is given. */
    requiredSkills: z.array(SkillRequirementSchema).max(20).default([]),
    requirements: RelaxationStepsSchema.optional(),
    priority: z.number().int().min(0).max(100).default(0),
    isDefault: z.boolean().default(false),
    strategy: QueueStrategySchema.default('longest-idle'),
    offerTimeoutSeconds: z.number().int().min(5).max(600).default(30),
    serviceLevel: z
      .strictObject({ percent: z.number().int().min(1).max(100), seconds: z.number().int().min(1).max(86_400) })
      .default({ percent: 80, seconds: 20 }),
    maxWaitSeconds: z.number().int().min(1).max(86_400).optional(),
    overflowQueue: z.string().min(1).max(100).optional(),
    afterContactWorkSeconds: z.number().int().min(0).max(3600).optional(),
  })
  .refine((queue) => queue.overflowQueue === undefined || queue.maxWaitSeconds !== undefined, {
    message: 'an overflow queue needs maxWaitSeconds',
    path: ['overflowQueue'],
  });
export type QueueDefinition = z.infer<typeof QueueDefinitionSchema>;

export const QueueNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'lower-case letters, digits and dashes');

export const CrossChannelSchema = z.record(ChannelSchema, z.union([z.literal('*'), z.array(ChannelSchema).max(10)]));

export const AgentProfileSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  skills: z
    .record(SkillNameSchema, z.number().int().min(1).max(5))
    .refine((skills) => Object.keys(skills).length <= 50, 'at most 50 skills'),
  capacity: z.partialRecord(ChannelSchema, z.number().int().min(0).max(50)),
  /** Queue names the agent serves; omitted: every queue whose requirements the agent's skills meet. */
  queues: z.array(QueueNameSchema).max(100).optional(),
  /** While holding a contact on the key channel, the listed channels ('*': all) take no new contact. */
  crossChannel: CrossChannelSchema.optional(),
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;

export const ContactStatusQuerySchema = z.enum(['waiting', 'offered', 'assigned']).optional();

export const TransferSchema = z
  .strictObject({
    queue: QueueNameSchema.optional(),
    agentId: z.uuid().optional(),
    /** How long the named agent alone is offered the contact before its queue takes over. */
    timeoutSeconds: z.number().int().min(5).max(3600).optional(),
  })
  .refine((body) => body.queue !== undefined || body.agentId !== undefined, 'give a queue, an agentId, or both');
export type Transfer = z.infer<typeof TransferSchema>;

export const AssignSchema = z.strictObject({ agentId: z.uuid() });
export type Assign = z.infer<typeof AssignSchema>;

/** One entry of the tenant's skill catalogue; a language is a skill too, matched like any other. */
export const CatalogueSkillSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9:._-]{0,99}$/, 'lower-case letters, digits and : . _ - (e.g. "support", "lang:fr")'),
    kind: z.enum(['skill', 'language']).default('skill'),
    label: z.string().trim().min(1).max(200).optional(),
    /** For a language: its BCP 47 code, e.g. "fr" or "pt-BR". */
    languageCode: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a BCP 47 code such as "fr" or "pt-BR"')
      .optional(),
  })
  .refine((skill) => skill.languageCode === undefined || skill.kind === 'language', {
    message: 'only a language has a languageCode',
    path: ['languageCode'],
  });
export type CatalogueSkill = z.infer<typeof CatalogueSkillSchema>;

/** The whole catalogue: PUT replaces it. Empty, it restricts nothing (skills are free-form). */
export const SkillCatalogueSchema = z.strictObject({ skills: z.array(CatalogueSkillSchema).max(500) }).superRefine((body, context) => {
  const seen = new Set<string>();
  body.skills.forEach((skill, index) => {
    if (seen.has(skill.name))
      context.addIssue({ code: 'custom', message: `skill ${skill.name} is listed twice`, path: ['skills', index, 'name'] });
    seen.add(skill.name);
  });
});
export type SkillCatalogue = z.infer<typeof SkillCatalogueSchema>;
