import type { OfferMadeV1 } from '@garda/contracts';

/**
 * The desk's offers after routing's list (GET /me/offers) or a push: routing's list is the truth as
 * of when it was asked for, so a local offer it lacks is gone — unless it was pushed after the
 * question went out (`askedAt`). Expired offers never show; the oldest offer comes first.
 */
export function mergeOffers(local: OfferMadeV1[], incoming: OfferMadeV1[], askedAt: string | undefined, now: number): OfferMadeV1[] {
  const kept = askedAt === undefined ? local : local.filter((offer) => offer.offeredAt > askedAt);
  const byId = new Map([...kept, ...incoming].map((offer) => [offer.offerId, offer]));
  return [...byId.values()].filter((offer) => Date.parse(offer.expiresAt) > now).sort((a, b) => a.offeredAt.localeCompare(b.offeredAt));
}
