import { renderDemoPage, demoPageLanguage } from './demo-page';
import { DEMO_PAGE_MESSAGES, WIDGET_MESSAGES, widgetLanguage } from './widget-messages';
import { WIDGET_SCRIPT } from './widget-script';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const sentence = (text: string) =>
  text
    .replace(/\{\w+\}/g, ' ')
    .split(/\s+/)
    .filter((word) => /\p{L}{2,}/u.test(word)).length >= 3;

describe.each([
  ['widget', WIDGET_MESSAGES],
  ['demo page', DEMO_PAGE_MESSAGES],
])("the web-chat %s's catalogues", (_name, catalogues) => {
  const { en, id } = catalogues as Record<'en' | 'id', Record<string, string>>;

  it('have the same keys in Bahasa Indonesia and English, none empty', () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
    for (const text of [...Object.values(en), ...Object.values(id)]) expect(text.trim()).not.toBe('');
  });

  it('use the same placeholders in both languages, and no English sentence is left untranslated', () => {
    for (const key of Object.keys(en)) {
      expect({ key, placeholders: placeholders(id[key]) }).toEqual({ key, placeholders: placeholders(en[key]) });
      if (sentence(en[key])) expect({ key, text: id[key] }).not.toEqual({ key, text: en[key] });
    }
  });
});

describe('the web-chat widget script', () => {
  it('asks for no text its catalogue lacks, and its catalogue holds none it never asks for', () => {
    const used = new Set([...WIDGET_SCRIPT.matchAll(/\bt\('(\w+)'/g)].map((match) => match[1]));
    expect([...used].sort()).toEqual(Object.keys(WIDGET_MESSAGES.en).sort());
  });

  it('carries both catalogues and is valid JavaScript, with no raw "<" that could end a script element', () => {
    expect(WIDGET_SCRIPT).toContain('"Mulai chat"');
    expect(WIDGET_SCRIPT).toContain('"Start chat"');
    expect(WIDGET_SCRIPT).not.toContain('__GARDA_WIDGET_MESSAGES__');
    expect(() => new Function(WIDGET_SCRIPT)).not.toThrow();
    const inlined = WIDGET_SCRIPT.slice(WIDGET_SCRIPT.indexOf('var MESSAGES = '), WIDGET_SCRIPT.indexOf('var language'));
    expect(inlined).not.toContain('<');
  });
});

describe('the demo page', () => {
  it('speaks ?lang=, else the browser language, else English, and says so in <html lang>', () => {
    expect(demoPageLanguage('id', 'en-US,en;q=0.9')).toBe('id');
    expect(demoPageLanguage(undefined, 'id-ID,id;q=0.9,en;q=0.8')).toBe('id');
    expect(demoPageLanguage('fr', 'fr-FR, en;q=0.5')).toBe('en');
    expect(demoPageLanguage(undefined, undefined)).toBe('en');
    expect(renderDemoPage('demo-web', 'id')).toContain('<html lang="id">');
    expect(renderDemoPage('demo-web', 'id')).toContain('Demo chat web Garda');
    expect(renderDemoPage('demo-web', 'en')).toContain('<code>demo-web</code>');
    expect(renderDemoPage('demo-web', 'en')).toContain('&#60;html lang&#62;');
  });

  it('reads language tags as browsers write them', () => {
    expect(widgetLanguage('id-ID')).toBe('id');
    expect(widgetLanguage('in')).toBe('id');
    expect(widgetLanguage('EN-gb')).toBe('en');
    expect(widgetLanguage('ms')).toBeUndefined();
  });
});
