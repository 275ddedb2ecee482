import { randomUUID } from 'node:crypto';
import { parseTopicPayload, Topics } from '../index';

describe('identity.tenant-settings-changed.v1', () => {
  const valid = {
    tenantId: randomUUID(),
    name: 'Toko Maju',
    timeZone: 'Asia/Jakarta',
    defaultLanguage: 'id',
    languages: ['id', 'en'],
    revision: 3,
    changedAt: new Date().toISOString(),
  };

  it("accepts a tenant's settings in an IANA time zone", () => {
    expect(parseTopicPayload(Topics.TenantSettingsChanged, valid).ok).toBe(true);
    expect(parseTopicPayload(Topics.TenantSettingsChanged, { ...valid, timeZone: 'UTC' }).ok).toBe(true);
  });

  it('refuses an unknown time zone, a language Garda does not speak, and a default outside the languages', () => {
    for (const [change, field] of [
      [{ timeZone: 'Asia/Atlantis' }, 'timeZone'],
      [{ languages: ['id', 'fr'] }, 'languages'],
      [{ defaultLanguage: 'en', languages: ['id'] }, 'defaultLanguage'],
    ] as const) {
      const result = parseTopicPayload(Topics.TenantSettingsChanged, { ...valid, ...change });
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toContain(field);
    }
  });
});
