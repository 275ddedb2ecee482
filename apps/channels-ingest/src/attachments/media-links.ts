import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who a link is for: desk users of one ticket, a web-chat visitor's session, or a provider fetching an outbound file. */
export type LinkScope = { kind: 'ticket'; id: string } | { kind: 'webchat'; id: string } | { kind: 'outbound'; id: string };

/**
 * Short-lived signed links to stored files: `/media/<id>/content?t=<tenant>&s=<kind>:<id>&e=<expiry>&sig=…`
 * with HMAC-SHA256 over all of it, so a link opens one file, for one tenant and one ticket (or
 * session), until it expires; nothing else about the caller is needed (an <img> cannot send a token).
 */
export class MediaLinks {
  constructor(private readonly key: Buffer) {}

  sign(base: string, media: { id: string; tenantId: string }, scope: LinkScope, ttlSeconds: number, now = Date.now()) {
    const expires = Math.floor(now / 1000) + ttlSeconds;
    const query = new URLSearchParams({ t: media.tenantId, s: `${scope.kind}:${scope.id}`, e: String(expires) });
    query.set('sig', this.mac(media.id, query));
    return { url: `${base}/media/${media.id}/content?${query.toString()}`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** The tenant and scope a link was signed for, or undefined for a forged, altered or expired one. */
  verify(mediaId: string, query: Record<string, unknown>, now = Date.now()): { tenantId: string; scope: LinkScope } | undefined {
    const { t, s, e, sig } = query;
    if (typeof t !== 'string' || typeof s !== 'string' || typeof e !== 'string' || typeof sig !== 'string') return undefined;
    const expected = Buffer.from(this.mac(mediaId, new URLSearchParams({ t, s, e })));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    if (!/^\d{1,12}$/.test(e) || Number(e) * 1000 < now) return undefined;
    const [kind, id] = s.split(':', 2);
    if ((kind !== 'ticket' && kind !== 'webchat' && kind !== 'outbound') || !id) return undefined;
    return { tenantId: t, scope: { kind, id } };
  }

  private mac(mediaId: string, query: URLSearchParams): string {
    return createHmac('sha256', this.key)
      .update(`${mediaId}\n${query.get('t')}\n${query.get('s')}\n${query.get('e')}`)
      .digest('base64url');
  }
}
