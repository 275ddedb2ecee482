import { randomBytes, randomUUID } from 'node:crypto';
import type { AuthClaims, Role } from '@garda/contracts';
import { signAccessToken } from '@garda/service-kit';

export type TestClaims = Partial<AuthClaims> & { tenantId: string; role: Role };

/**
 * Access tokens for the services under test, with the interface of libs/testing's `TestTokens`
 * (`create()`, `env` for verifying services, `signingEnv` for the gateway, `mint(claims)`), which
 * the identity work brings with asymmetric signing. When it is on main this file becomes one line:
 * `export { TestTokens } from '@garda/testing';`.
 */
export class TestTokens {
  private constructor(private readonly secret: string) {}

  static create(): TestTokens {
    return new TestTokens(randomBytes(24).toString('hex'));
  }

  get env(): Record<string, string> {
    return { JWT_SECRET: this.secret };
  }

  get signingEnv(): Record<string, string> {
    return { JWT_SECRET: this.secret };
  }

  mint(claims: TestClaims): string {
    return signAccessToken({ ...claims, sub: claims.sub ?? randomUUID(), name: claims.name ?? `Test ${claims.role}` }, this.secret, 900);
  }
}
