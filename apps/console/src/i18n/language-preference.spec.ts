import { browserLanguage, resolveLanguage } from './language-preference';
import { primaryLanguage } from './languages';

describe('the language the console shows', () => {
  const none = () => undefined;

  it("takes the user's choice first, then the tenant's default, then the browser's, then Bahasa Indonesia", () => {
    expect(resolveLanguage([() => 'en', () => 'id', browserLanguage(() => ['id-ID'])])).toBe('en');
    expect(resolveLanguage([none, () => 'en', browserLanguage(() => ['id-ID'])])).toBe('en');
    expect(resolveLanguage([none, none, browserLanguage(() => ['fr-FR', 'en-GB'])])).toBe('en');
    expect(resolveLanguage([none, none, browserLanguage(() => ['fr-FR', 'de'])])).toBe('id');
  });

  it('skips a language the tenant does not offer', () => {
    expect(resolveLanguage([() => 'en', browserLanguage(() => ['en-US'])], ['id'])).toBe('id');
    expect(resolveLanguage([none], ['en'])).toBe('en');
  });

  it('reads language tags the way browsers and old systems write them', () => {
    expect(primaryLanguage('id-ID')).toBe('id');
    expect(primaryLanguage('in')).toBe('id');
    expect(primaryLanguage('EN_us')).toBe('en');
    expect(primaryLanguage('fr')).toBeUndefined();
    expect(primaryLanguage(null)).toBeUndefined();
  });
});
