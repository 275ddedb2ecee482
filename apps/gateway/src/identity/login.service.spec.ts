import { verifyAccessToken } from '@garda/service-kit';
import { InvalidCredentialsError, type LoginUser, LoginService, type UserDirectory } from './login.service';
import { PasswordHasher } from './password-hasher';

const SECRET = 'unit-test-secret-0123456789';
// A cheap cost keeps the unit tests fast; the real cost is covered by password-hasher.spec.ts.
const hasher = new PasswordHasher({ N: 1024, r: 8, p: 1 });

async function directoryWith(user: Omit<LoginUser, 'passwordHash'>, password: string) {
  const stored: LoginUser = { ...user, passwordHash: await hasher.hash(password) };
  const findByEmail = jest.fn<Promise<LoginUser | undefined>, [string]>(async (email) => (email === stored.email ? stored : undefined));
  const directory: UserDirectory = { findByEmail };
  return { directory, findByEmail };
}

const alice = {
  id: '00000000-0000-4000-8000-000000000201',
  tenantId: '00000000-0000-4000-8000-000000000001',
  email: 'alice@demo.garda.local',
  name: 'Alice Agent',
  role: 'agent' as const,
};

describe('LoginService', () => {
  it('returns a token carrying tenant and role, and the user, for the right password', async () => {
    const { directory } = await directoryWith(alice, 'garda-demo');
    const result = await new LoginService(directory, hasher, SECRET).login('alice@demo.garda.local', 'garda-demo');
    expect(result.user).toEqual({ id: alice.id, name: alice.name, role: 'agent', tenantId: alice.tenantId });
    expect(verifyAccessToken(result.accessToken, SECRET)).toEqual({
      sub: alice.id,
      tenantId: alice.tenantId,
      role: 'agent',
      name: alice.name,
    });
  });

  it('looks the e-mail address up trimmed and lower-cased', async () => {
    const { directory, findByEmail } = await directoryWith(alice, 'garda-demo');
    await new LoginService(directory, hasher, SECRET).login('  Alice@Demo.Garda.Local ', 'garda-demo');
    expect(findByEmail).toHaveBeenCalledWith('alice@demo.garda.local');
  });

  it('refuses a wrong password and an unknown e-mail with the same error', async () => {
    const { directory } = await directoryWith(alice, 'garda-demo');
    const service = new LoginService(directory, hasher, SECRET);
    const wrongPassword = service.login('alice@demo.garda.local', 'not-it').catch((error: unknown) => error);
    const unknownEmail = service.login('mallory@demo.garda.local', 'garda-demo').catch((error: unknown) => error);
    const [first, second] = await Promise.all([wrongPassword, unknownEmail]);
    expect(first).toBeInstanceOf(InvalidCredentialsError);
    expect(second).toBeInstanceOf(InvalidCredentialsError);
    expect((first as Error).message).toBe((second as Error).message);
  });

  it('signs tokens another secret does not accept', async () => {
    const { directory } = await directoryWith(alice, 'garda-demo');
    const { accessToken } = await new LoginService(directory, hasher, SECRET).login(alice.email, 'garda-demo');
    expect(verifyAccessToken(accessToken, 'another-secret-0123456789')).toBeUndefined();
  });
});
