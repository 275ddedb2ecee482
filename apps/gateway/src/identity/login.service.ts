import type { AuthClaims, Role } from '@garda/contracts';
import { signAccessToken } from '@garda/service-kit';
import type { PasswordHasher } from './password-hasher';

export interface LoginUser {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export interface UserDirectory {
  findByEmail(email: string): Promise<LoginUser | undefined>;
}

export interface LoginResult {
  accessToken: string;
  user: { id: string; name: string; role: Role; tenantId: string };
}

export class InvalidCredentialsError extends Error {
  constructor() {
    super('The e-mail address or the password is wrong');
  }
}

/** Turns an e-mail address and a password into a signed access token carrying tenant and role. */
export class LoginService {
  /** Verified against when the e-mail is unknown, so both failures take the same time. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    private readonly jwtSecret: string,
  ) {}

  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.users.findByEmail(email.trim().toLowerCase());
    if (!user) {
      await this.hasher.verify(password, await (this.decoyHash ??= this.hasher.hash('decoy password')));
      throw new InvalidCredentialsError();
    }
    if (!(await this.hasher.verify(password, user.passwordHash))) throw new InvalidCredentialsError();
    const claims: AuthClaims = { sub: user.id, tenantId: user.tenantId, role: user.role, name: user.name };
    return {
      accessToken: signAccessToken(claims, this.jwtSecret),
      user: { id: user.id, name: user.name, role: user.role, tenantId: user.tenantId },
    };
  }
}
