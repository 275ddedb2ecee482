import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The checker runs in its own Node process: FormatJS's parser is an ES module, which Node loads
// from CommonJS but jest's module system does not.
const ROOT = path.resolve(__dirname, '../../../..');
const check = (...args: string[]) =>
  spawnSync(process.execPath, ['-r', './tools/swc-register.cjs', 'apps/console/tools/check-messages.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });

describe("the console's message catalogues", () => {
  it('have every key in every language, valid ICU, the same placeholders, and exactly the ids the code uses', () => {
    const result = check();
    expect(result.stdout).toContain('console messages: ok');
    expect(result.status).toBe(0);
  });

  describe('the check itself', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'garda-messages-'));
      const write = (file: string, content: unknown) => {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
      };
      write('src/locales/en/demo.json', {
        'demo.hello': 'Hello {name}',
        'demo.count': '{count, plural, one {# ticket} other {# tickets}}',
        'demo.onlyEnglish': 'Only here',
        'demo.broken': 'Oops {name',
        'demo.unused': 'Nobody says this',
        'demo.copied': 'Please try again later',
        'other.misplaced': 'Wrong file',
      });
      write('src/locales/id/demo.json', {
        'demo.hello': 'Halo {nama}',
        'demo.count': '{count, plural, other {# tiket}}',
        'demo.broken': 'Ups {name}',
        'demo.unused': 'Tidak ada yang memakai ini',
        'demo.copied': 'Please try again later',
        'other.misplaced': 'Berkas salah',
      });
      write('src/locales/en/extra.json', { 'extra.title': 'Extra' });
      write(
        'src/Demo.tsx',
        `import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
const m = defineMessages({ count: { id: 'demo.count' } });
export function Demo() {
  const intl = useIntl();
  return <p title={intl.formatMessage({ id: 'demo.hello' }, { name: 'x' })}><FormattedMessage id="demo.nowhere" />{intl.formatMessage(m.count, { count: 2 })}
    <FormattedMessage id="demo.onlyEnglish" /><FormattedMessage id="demo.broken" /><FormattedMessage id="demo.copied" />
    <FormattedMessage id="other.misplaced" /><FormattedMessage id="extra.title" /></p>;
}`,
      );
      write('src/Dynamic.tsx', `export const f = (intl: any, key: string) => intl.formatMessage({ id: key });`);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names each kind of problem and fails', () => {
      const result = check('--src', path.join(dir, 'src'));
      const out = result.stdout;
      expect(result.status).toBe(1);
      expect(out).toContain('id/demo.json misses "demo.onlyEnglish"');
      expect(out).toContain('id: the namespace "extra" is missing');
      expect(out).toMatch(/en: "demo.broken" is not valid ICU message syntax/);
      expect(out).toContain('"demo.hello" has different placeholders per language: en {name} vs id {nama}');
      expect(out).toContain('id: "demo.copied" is the en text, untranslated');
      expect(out).toContain('Demo.tsx uses "demo.nowhere", which no catalogue has');
      expect(out).toContain('"demo.unused" is in the catalogues but no code uses it');
      expect(out).toContain('en/demo.json: "other.misplaced" must start with "demo."');
      expect(out).toMatch(/Dynamic\.tsx: .*must be a string literal/);
      // A plural with fewer forms in Indonesian (which has one) is right, not a problem.
      expect(out).not.toContain('"demo.count"');
    });
  });
});
