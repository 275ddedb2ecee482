import { createHmac } from 'node:crypto';
import { deliveryOutcome, retryDelayMs } from './retry-policy';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = '{"id":"e1","type":"conversation.closed","timestamp":1795459639}';

  it('signs the raw body with HMAC-SHA256 as sha256=<hex>', () => {
    expect(signWebhookBody(secret, body)).toBe(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  });

  it('verifies an untouched body and rejects a changed body, another secret or no header', () => {
    const signature = signWebhookBody(secret, body);
    expect(verifyWebhookSignature(secret, body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, body.replace('1795459639', '1795459640'), signature)).toBe(false);
    expect(verifyWebhookSignature('another-secret-0123', body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, body, undefined)).toBe(false);
  });
});

describe('webhook retries', () => {
  it('backs off 4× per attempt and never waits more than an hour', () => {
    expect([1, 2, 3].map((attempt) => retryDelayMs(attempt, 10_000))).toEqual([10_000, 40_000, 160_000]);
    expect(retryDelayMs(10, 10_000)).toBe(3_600_000);
  });

  it('delivers on success, retries on failure, and gives up after the last attempt', () => {
    expect(deliveryOutcome(true, 3, 5, 1000)).toEqual({ status: 'delivered' });
    expect(deliveryOutcome(false, 1, 5, 1000)).toEqual({ status: 'pending', retryInMs: 1000 });
    expect(deliveryOutcome(false, 5, 5, 1000)).toEqual({ status: 'failed' });
  });
});
