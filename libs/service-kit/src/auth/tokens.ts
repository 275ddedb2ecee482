import { type AuthClaims, AuthClaimsSchema } from '@garda/contracts';
import jwt from 'jsonwebtoken';

const ISSUER = 'garda';
const ALGORITHM = 'HS256';

export function signAccessToken(claims: AuthClaims, secret: string, expiresInSeconds = 12 * 3600): string {
  return jwt.sign(claims, secret, { algorithm: ALGORITHM, issuer: ISSUER, expiresIn: expiresInSeconds });
}

/** Returns the claims of a valid token, or undefined for anything else (expired, forged, malformed). */
export function verifyAccessToken(token: string, secret: string): AuthClaims | undefined {
  try {
    const decoded = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER });
    const parsed = AuthClaimsSchema.safeParse(decoded);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match?.[1];
}
