import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Garda-Signature';
export const TIMESTAMP_HEADER = 'X-Garda-Timestamp';
export const EVENT_HEADER = 'X-Garda-Event';
export const DELIVERY_HEADER = 'X-Garda-Delivery';

/**
 * `sha256=<hex HMAC-SHA256 of the exact bytes of the body>` under the endpoint's secret. The body
 * carries the same `timestamp` as the X-Garda-Timestamp header, so the timestamp is signed too and a
 * receiver can refuse replays of old deliveries.
 */
export function signWebhookBody(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function verifyWebhookSignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
