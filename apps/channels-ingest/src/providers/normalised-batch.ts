import { createHash } from 'node:crypto';
import { IdSchema } from '@garda/contracts';
import type { ProviderStatusReport } from '../delivery/delivery-tracker';
import type { InboundDraft } from '../inbound/inbound-publisher';

/** What one webhook delivery says for one provider-side address (phone number id, page, bot…). */
export interface NormalisedBatch {
  address: string;
  messages: InboundDraft[];
  statuses: ProviderStatusReport[];
}

/** A payload that does not have the provider's documented shape: answered 400 with these reasons. */
export class MalformedPayload extends Error {
  constructor(readonly issues: Array<{ path: string; message: string }>) {
    super(`malformed payload: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`);
  }
}

export function issuesOf(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 10).map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Provider timestamps in seconds (or milliseconds) since the epoch, as ISO strings; absurd values are dropped. */
export function isoFromEpoch(value: string | number | undefined, unit: 's' | 'ms' = 's'): string | undefined {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) return undefined;
  const date = new Date(unit === 's' ? number * 1000 : number);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 ? undefined : date.toISOString();
}

export const clip = (text: string | undefined, max: number) => (text === undefined ? undefined : text.slice(0, max));

const PROVIDER_ID_MAX = IdSchema.maxLength ?? 200;

/**
 * A provider message id as the contract can carry it (at most 200 characters). Meta documents no
 * length for its ids and Instagram's come close; a longer one is replaced by a hash of itself,
 * which is deterministic, so a provider's retry of the same message still deduplicates.
 */
export function fitProviderId(id: string): string {
  return id.length <= PROVIDER_ID_MAX ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}
