import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hasher.hash('correct horse battery staple');
    await expect(hasher.verify('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapler', stored)).resolves.toBe(false);
    await expect(hasher.verify('', stored)).resolves.toBe(false);
  });

  it('stores a self-describing scrypt string with a random salt, never the password', async () => {
    const first = await hasher.hash('garda-demo');
    const second = await hasher.hash('garda-demo');
    expect(first).toMatch(/^scrypt\$N=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(first).not.toContain('garda-demo');
    expect(first).not.toBe(second);
    const cost = Number(/N=(\d+)/.exec(first)?.[1]);
    expect(cost).toBeGreaterThanOrEqual(16384);
  });

  it('verifies a hash made with another cost, read from the stored string', async () => {
    const stored = await new PasswordHasher({ N: 16384, r: 8, p: 1 }).hash('s3cret');
    await expect(hasher.verify('s3cret', stored)).resolves.toBe(true);
  });

  it('verifies nothing against a malformed or tampered hash', async () => {
    const stored = await hasher.hash('s3cret');
    const [prefix, , salt, key] = stored.split('$');
    for (const bad of [
      '',
      'plain-text',
      `bcrypt$N=16384,r=8,p=1$${salt}$${key}`,
      `${prefix}$N=3,r=8,p=1$${salt}$${key}`,
      `${prefix}$N=16384,r=8,p=1$${salt}$`,
    ]) {
      await expect(hasher.verify('s3cret', bad)).resolves.toBe(false);
    }
  });
});
