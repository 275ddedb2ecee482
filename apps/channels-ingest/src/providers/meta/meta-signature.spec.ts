import { createHmac } from 'node:crypto';
import { verifyMetaSignature } from './meta-signature';

describe(verifyMetaSignature.name, () => {
  const body = Buffer.from('{"object":"page","entry":[]}');
  const header = `sha256=${createHmac('sha256', 'app-secret').update(body).digest('hex')}`;

  it('accepts the HMAC-SHA256 of the exact raw body with the app secret', () => {
    expect(verifyMetaSignature(body, header, 'app-secret')).toBe(true);
    expect(verifyMetaSignature(body, header.toUpperCase().replace('SHA256=', 'sha256='), 'app-secret')).toBe(true);
  });

  it.each([
    ['another secret', body, header, 'other-secret'],
    ['a changed body', Buffer.from('{"object":"page","entry":[ ]}'), header, 'app-secret'],
    ['no header', body, undefined, 'app-secret'],
    ['the old SHA-1 header format', body, `sha1=${createHmac('sha1', 'app-secret').update(body).digest('hex')}`, 'app-secret'],
    ['a truncated digest', body, header.slice(0, -2), 'app-secret'],
  ])('refuses %s', (_case, candidateBody, candidateHeader, secret) => {
    expect(verifyMetaSignature(candidateBody, candidateHeader, secret)).toBe(false);
  });
});
