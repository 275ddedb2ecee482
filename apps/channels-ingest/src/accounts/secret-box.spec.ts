import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox('a-master-secret-of-at-least-32-characters!');

  it('opens what it sealed', () => {
    const secrets = { appSecret: 's3cr3t', verifyToken: 'hello' };
    expect(sut.open(sut.seal(secrets))).toEqual(secrets);
  });

  it('never stores the plaintext and never seals the same value twice alike', () => {
    const first = sut.seal({ token: 'plain-token-value' });
    const second = sut.seal({ token: 'plain-token-value' });
    expect(first).not.toContain('plain-token-value');
    expect(Buffer.from(first.split('.')[3], 'base64url').toString()).not.toContain('plain-token-value');
    expect(first).not.toEqual(second);
  });

  it('refuses a sealed value that was tampered with', () => {
    const [version, iv, tag, ciphertext] = sut.seal({ token: 'x' }).split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => sut.open([version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });

  it('refuses a value sealed under another key', () => {
    const other = new SecretBox('another-master-secret-of-32-characters!!');
    expect(() => sut.open(other.seal({ token: 'x' }))).toThrow();
  });
});
