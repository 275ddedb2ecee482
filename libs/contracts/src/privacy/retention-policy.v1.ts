import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';

/** Days to keep a kind of data; null keeps it for ever. At least one day, at most 20 years. */
export const RetentionDaysSchema = z.number().int().min(1).max(7300).nullable();

/**
 * How long a tenant keeps each kind of data (storage limitation: GDPR art. 5(1)(e), PDP Law art. 16):
 *  - rawPayloadDays: providers' deliveries exactly as received (channels-ingest);
 *  - transcriptDays: messages and web-chat transcripts, by message age (tickets, channels-ingest);
 *  - closedTicketDays: tickets closed this long ago, with their conversations and messages (tickets);
 *  - auditDays: the audit trail (gateway).
 */
export const RetentionPolicySchema = z.object({
  rawPayloadDays: RetentionDaysSchema,
  transcriptDays: RetentionDaysSchema,
  closedTicketDays: RetentionDaysSchema,
  auditDays: RetentionDaysSchema,
});
export type RetentionPolicy = z.output<typeof RetentionPolicySchema>;

/**
 * What a tenant that never set a policy gets: raw payloads (debugging and dispute evidence, full of
 * personal data) for 90 days, the audit trail for 400 days (a year and an audit cycle), and the
 * customer conversations for as long as the tenant keeps them, as Zendesk and Freshdesk do by default.
 */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  rawPayloadDays: 90,
  transcriptDays: null,
  closedTicketDays: null,
  auditDays: 400,
};

/**
 * A tenant's retention policy changed (or the gateway re-announces it at start, so a projection
 * built from scratch has it). Keyed by tenant; a projection keeps the highest revision it has seen.
 */
export const RetentionPolicyChangedV1 = RetentionPolicySchema.extend({
  tenantId: UuidSchema,
  revision: z.number().int().min(1),
  changedAt: IsoDateSchema,
});
export type RetentionPolicyChangedV1 = z.output<typeof RetentionPolicyChangedV1>;
