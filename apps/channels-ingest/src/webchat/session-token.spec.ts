import { randomBytes } from 'node:crypto';
import { SessionTokens } from './session-token';

describe(SessionTokens.name, () => {
  const secret = randomBytes(32);
  let now = 1_800_000_000;
  const sut = new SessionTokens(secret, 3600, () => now);
  const session = {
    accountId: 'demo-web',
    tenantId: '00000000-0000-4000-8000-000000000001',
    sessionId: '6f1c1f7e-7c55-4b8a-9a0f-0d8f3c1f2a11',
    name: 'Ana',
    email: 'ana@example.com',
    topic: 'sales',
  };

  beforeEach(() => (now = 1_800_000_000));

  it('keeps accepting sessions signed under the previous secret during a key rotation, and signs with the new one', () => {
    const before = new SessionTokens(secret, 3600, () => now).sign(session);
    const rotated = new SessionTokens(randomBytes(32), 3600, () => now, [secret]);
    expect(rotated.verify(before, 'demo-web')).toMatchObject({ sessionId: session.sessionId });
    expect(new SessionTokens(randomBytes(32), 3600, () => now).verify(before, 'demo-web')).toBeUndefined();
    expect(sut.verify(rotated.sign(session), 'demo-web')).toBeUndefined();
  });

  it('gives back exactly the session it signed', () => {
    expect(sut.verify(sut.sign(session), 'demo-web')).toEqual({ ...session, issuedAt: now, expiresAt: now + 3600 });
  });

  it('refuses a token whose payload was changed by the visitor', () => {
    const [prefix, payload, mac] = sut.sign(session).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sessionId: '11111111-1111-4111-8111-111111111111' }),
    );
    expect(sut.verify(`${prefix}.${forged.toString('base64url')}.${mac}`)).toBeUndefined();
  });

  it('refuses a token signed with another secret', () => {
    const other = new SessionTokens(randomBytes(32), 3600, () => now);
    expect(sut.verify(other.sign(session))).toBeUndefined();
  });

  it('refuses a token issued for another account', () => {
    expect(sut.verify(sut.sign(session), 'other-web')).toBeUndefined();
  });

  it('refuses an expired token', () => {
    const token = sut.sign(session);
    now += 3600;
    expect(sut.verify(token)).toBeUndefined();
  });

  it.each(['', 'garbage', 'wcs1..', 'wcs1.a.b.c', 'x'.repeat(5000), 'Bearer abc'])('refuses the malformed token %p', (token) => {
    expect(sut.verify(token)).toBeUndefined();
  });
});
