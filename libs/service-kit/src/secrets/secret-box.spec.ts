import { createCipheriv, randomBytes } from 'node:crypto';
import { deriveKey, SecretBox } from './secret-box';

const purpose = { salt: 'garda-test', info: 'secrets-at-rest' };
const OLD = 'the-old-master-secret-of-32-characters!!';
const NEW = 'the-new-master-secret-of-32-characters!!';

/** A value sealed the way channels-ingest did before key ids: v1.<iv>.<tag>.<ciphertext>. */
function sealV1(master: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(master, purpose.salt, purpose.info), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

describe(SecretBox.name, () => {
  const sut = new SecretBox(NEW, purpose);

  it('opens what it sealed, and names the key that sealed it', () => {
    const sealed = sut.seal({ appSecret: 's3cr3t' });
    expect(sut.open(sealed)).toEqual({ appSecret: 's3cr3t' });
    expect(sealed.split('.').slice(0, 2)).toEqual(['v2', sut.currentKeyId]);
    expect(sut.currentKeyId).toMatch(/^[0-9a-f]{12}$/);
  });

  it('never stores the plaintext and never seals the same value twice alike', () => {
    const first = sut.sealText('plain-token-value');
    expect(first).not.toContain('plain-token-value');
    expect(Buffer.from(first.split('.')[4]!, 'base64url').toString()).not.toContain('plain-token-value');
    expect(first).not.toEqual(sut.sealText('plain-token-value'));
  });

  it('refuses a value that was tampered with, and one sealed under a key it does not have', () => {
    const parts = sut.sealText('x').split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] ^= 1;
    expect(() => sut.openText([...parts.slice(0, 4), flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => sut.openText(new SecretBox(OLD, purpose).sealText('x'))).toThrow(/not configured/);
  });

  it('during a rotation opens values sealed under the previous key, seals under the new one, and says which need resealing', () => {
    const before = new SecretBox(OLD, purpose).sealText('token');
    const rotating = new SecretBox({ current: NEW, previous: [OLD] }, purpose);
    expect(rotating.openText(before)).toBe('token');
    expect(rotating.needsResealing(before)).toBe(true);
    const resealed = rotating.sealText(rotating.openText(before));
    expect(rotating.needsResealing(resealed)).toBe(false);
    expect(sut.openText(resealed)).toBe('token');
  });

  it('still opens values sealed before key ids (v1) with any configured key, and marks them for resealing', () => {
    const legacy = sealV1(OLD, JSON.stringify({ botToken: '123:abc' }));
    const rotating = new SecretBox({ current: NEW, previous: [OLD] }, purpose);
    expect(rotating.open(legacy)).toEqual({ botToken: '123:abc' });
    expect(rotating.needsResealing(legacy)).toBe(true);
    expect(() => sut.open(legacy)).toThrow(/no configured key/);
  });

  it('derives a different key per purpose from one master secret', () => {
    expect(new SecretBox(NEW, { salt: 'garda-test', info: 'other' }).currentKeyId).not.toBe(sut.currentKeyId);
  });
});
