import type { Session } from './session';
import { tenantSettings } from './tenant-settings';

const session = (tenant?: Session['tenant']): Session => ({
  accessToken: 't',
  user: { id: 'u', name: 'Alice Agent', role: 'agent', tenantId: 'tenant' },
  tenant,
});

describe("the tenant's settings from the login", () => {
  it("uses the demo tenant's until the gateway sends the tenant's own: Asia/Jakarta, Indonesian and English, no default", () => {
    expect(tenantSettings(undefined)).toEqual({ timeZone: 'Asia/Jakarta', defaultLanguage: undefined, languages: ['id', 'en'] });
    expect(tenantSettings(session())).toEqual({ timeZone: 'Asia/Jakarta', defaultLanguage: undefined, languages: ['id', 'en'] });
  });

  it("uses the tenant's zone, default language and languages when the login response has them", () => {
    expect(tenantSettings(session({ timeZone: 'Asia/Makassar', defaultLanguage: 'en', languages: ['en'] }))).toEqual({
      timeZone: 'Asia/Makassar',
      defaultLanguage: 'en',
      languages: ['en'],
    });
  });

  it('ignores a zone that is not one and languages the console does not speak', () => {
    expect(tenantSettings(session({ timeZone: 'Mars/Olympus', defaultLanguage: 'fr', languages: ['fr', 'id-ID'] }))).toEqual({
      timeZone: 'Asia/Jakarta',
      defaultLanguage: undefined,
      languages: ['id'],
    });
  });
});
