import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';
import { ERASING_SERVICES, PrivacySubjectSchema } from './privacy-subject';

/**
 * An admin asked Garda to erase a customer (GDPR art. 17, Indonesia's PDP Law art. 43): every
 * service anonymises what it holds about the subject, idempotently (a redelivery or a second
 * request for the same person changes nothing more), and reports with erasure-completed. Keyed by
 * tenant. The payload carries the subject's identifying terms so services can find their rows;
 * the topic therefore has short retention (see ADR 0049).
 */
export const ErasureRequestedV1 = z.object({
  requestId: UuidSchema,
  tenantId: UuidSchema,
  subject: PrivacySubjectSchema,
  requestedBy: UuidSchema,
  requestedAt: IsoDateSchema,
});
export type ErasureRequestedV1 = z.output<typeof ErasureRequestedV1>;

/** One service finished anonymising its part of an erasure request. */
export const ErasureCompletedV1 = z.object({
  requestId: UuidSchema,
  tenantId: UuidSchema,
  service: z.enum(ERASING_SERVICES),
  /** Rows changed or deleted by this run (0 when a redelivery finds nothing left to erase). */
  rowsAffected: z.number().int().min(0),
  completedAt: IsoDateSchema,
});
export type ErasureCompletedV1 = z.output<typeof ErasureCompletedV1>;
