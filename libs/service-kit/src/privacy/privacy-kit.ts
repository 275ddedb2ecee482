import { type ErasingService, type ErasureRequestedV1, PrivacySubjectSchema, Topics } from '@garda/contracts';
import type { PublishLater } from '@garda/messaging';
import type { Logger } from 'pino';
import { zodBody } from '../http/zod-validation.pipe';

/** The body of every service's `POST /privacy/export`: whom to export (the gateway resolves it). */
export const privacySubjectBody = () => zodBody(PrivacySubjectSchema);

/**
 * Reports that this service finished its part of an erasure request, in the handler's transaction
 * (so "done" is never announced for an erasure that rolled back). One message id per request and
 * service: a redelivered request re-reports under the same id, which the gateway's inbox drops.
 */
export async function reportErasure(
  publish: PublishLater,
  request: ErasureRequestedV1,
  service: ErasingService,
  rowsAffected: number,
): Promise<void> {
  await publish(
    Topics.ErasureCompleted,
    { requestId: request.requestId, tenantId: request.tenantId, service, rowsAffected, completedAt: new Date().toISOString() },
    { tenantId: request.tenantId, key: request.tenantId, messageId: `erasure-completed:${request.requestId}:${service}` },
  );
}

/**
 * The forms a term takes inside stored provider payloads: as written, JSON-escaped, and URL-encoded
 * (Twilio and form posts; `+` for a space, `%2B` for a plus, `%40` for an at sign), in lower case
 * for case-insensitive matching. A raw payload that contains any of them belongs to the subject.
 */
export function termVariants(terms: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const term of terms) {
    if (term.trim().length < 3) continue; // a one- or two-letter "name" would match half the table
    const lower = term.toLowerCase();
    variants.add(lower);
    variants.add(JSON.stringify(lower).slice(1, -1));
    variants.add(encodeURIComponent(lower).toLowerCase());
    variants.add(encodeURIComponent(lower).replace(/%20/g, '+').toLowerCase());
  }
  return [...variants];
}

/**
 * Audit line for an act on personal data (export, erasure request, erasure done). Until the
 * gateway's audit trail carries such acts, they are kept as structured log lines with
 * `audit: true`, which log shipping can route to an append-only store. No personal data is logged:
 * only ids.
 */
export function auditPrivacyAct(
  logger: Logger,
  act: 'privacy.export' | 'privacy.erasure-requested' | 'privacy.erasure-completed' | 'privacy.retention-changed',
  fields: { tenantId: string; actorId?: string; customerId?: string; requestId?: string; [key: string]: unknown },
): void {
  logger.info({ audit: true, act, ...fields }, `audit: ${act}`);
}
