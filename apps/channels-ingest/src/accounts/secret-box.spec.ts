import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const MASTER = 'a-master-secret-of-at-least-32-characters!';

/** Exactly what channels-ingest stored before key ids (its v1 SecretBox), to prove those rows still open. */
function sealedByTheOldImplementation(secrets: Record<string, string>): string {
  const key = Buffer.from(hkdfSync('sha256', MASTER, 'garda-channels-ingest', 'secrets-at-rest', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

describe(SecretBox.name, () => {
  const sut = new SecretBox(MASTER);

  it('opens what it sealed', () => {
    const secrets = { appSecret: 's3cr3t', verifyToken: 'hello' };
    expect(sut.open(sut.seal(secrets))).toEqual(secrets);
  });

  it('opens the channel secrets stored before versioned keys, with the same CHANNELS_SECRET_KEY', () => {
    expect(sut.open(sealedByTheOldImplementation({ botToken: '123:abc' }))).toEqual({ botToken: '123:abc' });
  });

  it('refuses a value sealed under another key', () => {
    const other = new SecretBox('another-master-secret-of-32-characters!!');
    expect(() => sut.open(other.seal({ token: 'x' }))).toThrow();
  });
});
