// The console's message catalogues against each other and against the code. Run by
// apps/console/src/i18n/catalogues.spec.ts, and by hand:
//   node -r ./tools/swc-register.cjs apps/console/tools/check-messages.ts [--used] [--src <dir>] [--locales <dir>]
// It fails (exit 1, one line per problem) when a language misses a namespace or a key another
// has, a message is not valid ICU, two languages use different placeholders in one message, an
// Indonesian sentence is the English one copied, the code uses an id no catalogue has, a
// catalogue keeps an id no code uses, or the code builds an id at run time (the check could not
// see it: name the message in defineMessages). --used prints the ids the code uses, one a line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
// Both are ES modules; Node (≥ 20.19) loads them from this CommonJS file.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { transform } from '@formatjs/ts-transformer';

export interface CheckOptions {
  /** `<dir>/<language>/<namespace>.json` */
  localesDir: string;
  /** Every .ts/.tsx below it (tests excepted) is read for message ids. */
  sourceDir: string;
  /** The language the others are compared with for copied text. */
  sourceLanguage?: string;
}

type Catalogue = Record<string, Record<string, string>>;

export function checkMessages(options: CheckOptions): string[] {
  const problems: string[] = [];
  const catalogues = readCatalogues(options.localesDir, problems);
  const languages = Object.keys(catalogues).sort();
  if (languages.length === 0) return [`no catalogue under ${options.localesDir}`];

  // Namespaces and keys: every language has what any other has.
  const allNamespaces = new Set(languages.flatMap((language) => Object.keys(catalogues[language])));
  for (const namespace of allNamespaces) {
    const keys = new Set(languages.flatMap((language) => Object.keys(catalogues[language][namespace] ?? {})));
    for (const language of languages) {
      const messages = catalogues[language][namespace];
      if (!messages) {
        problems.push(`${language}: the namespace "${namespace}" is missing (locales/${language}/${namespace}.json)`);
        continue;
      }
      for (const key of keys) if (!(key in messages)) problems.push(`${language}/${namespace}.json misses "${key}"`);
    }
  }

  // Each message: ICU that parses, the same placeholders in every language, not copied untranslated.
  const source = options.sourceLanguage ?? 'en';
  const flat = Object.fromEntries(
    languages.map((language) => [language, Object.assign({}, ...Object.values(catalogues[language])) as Record<string, string>]),
  );
  const ids = new Set(languages.flatMap((language) => Object.keys(flat[language])));
  for (const id of ids) {
    const argumentsByLanguage = new Map<string, string>();
    for (const language of languages) {
      const message = flat[language][id];
      if (message === undefined) continue;
      try {
        argumentsByLanguage.set(language, [...argumentNames(parse(message))].sort().join(', '));
      } catch (error) {
        problems.push(`${language}: "${id}" is not valid ICU message syntax: ${(error as Error).message}`);
      }
      if (language !== source && flat[source]?.[id] === message && looksLikeASentence(message))
        problems.push(`${language}: "${id}" is the ${source} text, untranslated: "${message}"`);
    }
    if (new Set(argumentsByLanguage.values()).size > 1)
      problems.push(
        `"${id}" has different placeholders per language: ${[...argumentsByLanguage].map(([l, a]) => `${l} {${a}}`).join(' vs ')}`,
      );
  }

  // The code against the catalogues.
  const used = usedMessageIds(options.sourceDir, problems);
  for (const [id, file] of used) if (!ids.has(id)) problems.push(`${file} uses "${id}", which no catalogue has`);
  for (const id of ids) if (!used.has(id)) problems.push(`"${id}" is in the catalogues but no code uses it`);
  return problems;
}

function readCatalogues(localesDir: string, problems: string[]): Record<string, Catalogue> {
  const catalogues: Record<string, Catalogue> = {};
  for (const language of readdirSync(localesDir).filter((entry) => statSync(path.join(localesDir, entry)).isDirectory())) {
    catalogues[language] = {};
    for (const file of readdirSync(path.join(localesDir, language)).filter((name) => name.endsWith('.json'))) {
      const namespace = file.slice(0, -'.json'.length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(path.join(localesDir, language, file), 'utf8'));
      } catch (error) {
        problems.push(`${language}/${file} is not valid JSON: ${(error as Error).message}`);
        continue;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`${language}/${file} must be one object of "id": "message"`);
        continue;
      }
      const messages: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (!key.startsWith(`${namespace}.`)) problems.push(`${language}/${file}: "${key}" must start with "${namespace}."`);
        if (typeof value !== 'string' || value.trim() === '') problems.push(`${language}/${file}: "${key}" must be a non-empty text`);
        else messages[key] = value;
      }
      catalogues[language][namespace] = messages;
    }
  }
  return catalogues;
}

function argumentNames(elements: MessageFormatElement[], names = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    names.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select)
      for (const option of Object.values(element.options)) argumentNames(option.value, names);
    if (element.type === TYPE.tag) argumentNames(element.children, names);
  }
  return names;
}

/** Three words or more: a sentence someone forgot to translate, not a name ("WhatsApp") or an abbreviation ("ASA"). */
function looksLikeASentence(message: string): boolean {
  return (
    message
      .replace(/\{[^}]*\}/g, ' ')
      .split(/\s+/)
      .filter((word) => /\p{L}{2,}/u.test(word)).length >= 3
  );
}

/** Every message id the code names, with the first file that names it. */
export function usedMessageIds(sourceDir: string, problems: string[] = []): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of sourceFiles(sourceDir)) {
    const text = readFileSync(file, 'utf8');
    const relative = path.relative(sourceDir, file);
    try {
      extract(file, text, (id) => {
        if (!used.has(id)) used.set(id, relative);
      });
    } catch (error) {
      // The extractor refuses an id it cannot read (computed at run time): name the message in defineMessages.
      problems.push(`${relative}: ${(error as Error).message.replace(`${file}:`, 'line ')}`);
    }
  }
  return used;
}

function extract(file: string, text: string, onId: (id: string) => void): void {
  ts.transpileModule(text, {
    fileName: file,
    compilerOptions: { jsx: ts.JsxEmit.ReactJSX, target: ts.ScriptTarget.ES2022 },
    transformers: {
      before: [
        transform({
          onMsgExtracted: (_file, descriptors) => {
            for (const descriptor of descriptors) {
              if (!descriptor.id) throw new Error('a message without an id');
              onId(descriptor.id);
            }
          },
        }),
      ],
    },
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry) && !/\.(spec|int-spec)\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [full] : [];
  });
}

if (require.main === module) {
  const consoleRoot = path.resolve(__dirname, '..');
  const option = (name: string, fallback: string) => {
    const index = process.argv.indexOf(name);
    return index === -1 ? fallback : path.resolve(process.argv[index + 1]);
  };
  const sourceDir = option('--src', path.join(consoleRoot, 'src'));
  const localesDir = option('--locales', path.join(sourceDir, 'locales'));
  if (process.argv.includes('--used')) {
    process.stdout.write([...usedMessageIds(sourceDir).keys()].sort().join('\n') + '\n');
  } else {
    const problems = checkMessages({ localesDir, sourceDir });
    for (const problem of problems) process.stdout.write(`${problem}\n`);
    process.stdout.write(problems.length ? `${problems.length} problem(s) in the console's messages\n` : 'console messages: ok\n');
    process.exitCode = problems.length ? 1 : 0;
  }
}
