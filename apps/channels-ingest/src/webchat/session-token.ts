import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a web-chat session token vouches for; the visitor cannot change any of it without the secret. */
export const WebchatSessionSchema = z.object({
  accountId: z.string().min(1).max(200),
  tenantId: z.uuid(),
  sessionId: z.uuid(),
  name: z.string().max(200).optional(),
  email: z.email().optional(),
  topic: z.string().max(100).optional(),
  /** Seconds since the epoch. */
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
});
export type WebchatSession = z.infer<typeof WebchatSessionSchema>;

const PREFIX = 'wcs1';

/**
 * Web-chat session tokens: `wcs1.<payload>.<HMAC-SHA256(payload)>`, base64url. Stateless, so any
 * replica can check one, and bound to one account: a token for another account is refused.
 */
export class SessionTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
    /** Secrets that signed earlier tokens (a key rotation): still accepted, never used to sign. */
    private readonly previousSecrets: readonly Buffer[] = [],
  ) {}

  sign(session: Omit<WebchatSession, 'issuedAt' | 'expiresAt'>): string {
    const issuedAt = this.now();
    const payload = Buffer.from(JSON.stringify({ ...session, issuedAt, expiresAt: issuedAt + this.ttlSeconds })).toString('base64url');
    return `${PREFIX}.${payload}.${this.mac(payload)}`;
  }

  /** The session a token vouches for, or undefined for anything forged, expired, malformed or for another account. */
  verify(token: string | undefined, accountId?: string): WebchatSession | undefined {
    if (!token || token.length > 4096) return undefined;
    const [prefix, payload, mac, extra] = token.split('.');
    if (prefix !== PREFIX || !payload || !mac || extra !== undefined) return undefined;
    const given = Buffer.from(mac);
    const signedByUs = [this.secret, ...this.previousSecrets].some((secret) => {
      const expected = Buffer.from(this.mac(payload, secret));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!signedByUs) return undefined;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const parsed = WebchatSessionSchema.safeParse(decoded);
    if (!parsed.success || parsed.data.expiresAt <= this.now()) return undefined;
    if (accountId !== undefined && parsed.data.accountId !== accountId) return undefined;
    return parsed.data;
  }

  private mac(payload: string, secret: Buffer = this.secret): string {
    return createHmac('sha256', secret).update(`${PREFIX}.${payload}`).digest('base64url');
  }
}
