import type { OfferMadeV1 } from '@garda/contracts';
import { mergeOffers } from './offers';

const offer = (offerId: string, offeredAt: string, expiresAt = '2026-01-01T10:10:00.000Z') =>
  ({ offerId, contactId: offerId, offeredAt, expiresAt }) as OfferMadeV1;
const NOW = Date.parse('2026-01-01T10:01:00.000Z');

describe('the desk offers', () => {
  it('shows an offer routing made while the desk was disconnected, and drops one routing no longer has', () => {
    const local = [offer('stale', '2026-01-01T09:59:00.000Z')];
    const merged = mergeOffers(local, [offer('missed', '2026-01-01T10:00:00.000Z')], '2026-01-01T10:00:30.000Z', NOW);
    expect(merged.map((o) => o.offerId)).toEqual(['missed']);
  });

  it('keeps an offer pushed after routing was asked, once, oldest first, and never an expired one', () => {
    const pushed = offer('pushed', '2026-01-01T10:00:40.000Z');
    const merged = mergeOffers(
      [pushed],
      [offer('listed', '2026-01-01T10:00:00.000Z'), offer('old', '2026-01-01T09:00:00.000Z', '2026-01-01T09:00:30.000Z')],
      '2026-01-01T10:00:30.000Z',
      NOW,
    );
    expect(merged.map((o) => o.offerId)).toEqual(['listed', 'pushed']);
    expect(mergeOffers(merged, [pushed], undefined, NOW)).toHaveLength(2);
  });
});
