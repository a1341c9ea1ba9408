/**
 * Every language is complete (issue 11, item 6), for whatever locale folders exist: the same
 * files as English with the same keys, plural-aware (a plural base has exactly the forms the
 * language's own Intl.PluralRules has: `other` only for id, ms and zh), the same `{{…}}`
 * placeholders, no empty text, and no text left equal to the English one except names (brands,
 * product names) and the keys allowed below. A language added under locales/ is checked as soon
 * as its folder exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, loadResources } from '../../src/i18n.js';

const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

/**
 * Names every language writes the same way; a text made only of these (and digits, marks and
 * placeholders) may equal the English one.
 */
const NAMES = [
  'Kanal',
  'WhatsApp Business',
  'WhatsApp',
  'Telegram',
  'Instagram',
  'Facebook Messenger',
  'Facebook',
  'Messenger',
  'TikTok',
  'LINE',
  'Signal',
  'Viber',
  'WeChat',
  'Shopee',
  'Lazada',
  'Grab',
  'SMS',
  'QR',
  'PDF',
  'CSV',
  'URL',
  'API',
  'OK',
  'A4',
  'Email',
  'email',
  'e-mail',
];

/**
 * Keys that may keep the English text in a language ('*': every language), and why. Country
 * names are often the same word in Malay and Indonesian (Malaysia, Kenya, Brunei); in Chinese
 * they never are.
 */
const IDENTICAL_ALLOWED: Readonly<Record<string, readonly RegExp[]>> = {
  id: [/^country\.[A-Z]{2}(_in_text)?$/],
  ms: [/^country\.[A-Z]{2}(_in_text)?$/],
};

type Tree = Record<string, string>;

function readTree(file: string): Tree {
  return JSON.parse(readFileSync(file, 'utf8')) as Tree;
}

/** A key's plural base and form, if English treats it as a plural (has `base_other`). */
function pluralOf(key: string, english: Tree): { base: string; form: string } | undefined {
  for (const form of PLURAL_SUFFIXES) {
    const suffix = `_${form}`;
    if (key.endsWith(suffix)) {
      const base = key.slice(0, -suffix.length);
      if (`${base}_other` in english) return { base, form };
    }
  }
  return undefined;
}

/** The keys a language must have for English's keys: plural bases get the language's own forms. */
function expectedKeys(english: Tree, language: string): Set<string> {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of Object.keys(english)) {
    const plural = pluralOf(key, english);
    if (plural === undefined) keys.add(key);
    else for (const form of categories) keys.add(`${plural.base}_${form}`);
  }
  return keys;
}

/** The `{{name}}` placeholders of a text (formats such as `{{n, number}}` by their name). */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort();
}

/** Whether a text is only names, digits, marks and placeholders (the same in every language). */
function onlyNames(text: string): boolean {
  let rest = text.replace(/\{\{[^}]*\}\}/g, ' ');
  for (const name of [...NAMES].sort((a, b) => b.length - a.length)) rest = rest.split(name).join(' ');
  return !/\p{L}{2,}/u.test(rest);
}

/** English's text for a key of another language (a plural form compares with English's `other`). */
function englishFor(key: string, english: Tree): string | undefined {
  if (key in english) return english[key];
  for (const form of PLURAL_SUFFIXES) {
    if (key.endsWith(`_${form}`)) return english[`${key.slice(0, -form.length - 1)}_other`];
  }
  return undefined;
}

const languages = readdirSync(LOCALES_DIR).filter((l) => l !== 'en');
const englishFiles = readdirSync(path.join(LOCALES_DIR, 'en')).filter((f) => f.endsWith('.json'));
const english = loadResources().en!;

describe('the checks themselves', () => {
  it('find plural forms by each language’s rules', () => {
    const en = { n_one: 'one', n_other: '{{count}}', age_counts_zero: 'x', a: 'b' };
    expect([...expectedKeys(en, 'zh')].sort()).toEqual(['a', 'age_counts_zero', 'n_other']);
    expect([...expectedKeys(en, 'en')].sort()).toEqual(['a', 'age_counts_zero', 'n_one', 'n_other']);
    expect(placeholders('{{a}} and {{ b }} and {{n, number}} {{a}}')).toEqual(['a', 'b', 'n']);
    expect(onlyNames('WhatsApp Business + Telegram: {{count}}')).toBe(true);
    expect(onlyNames('WhatsApp Business only')).toBe(false);
  });
});

describe.each(languages)('locale %s', (language) => {
  const dir = path.join(LOCALES_DIR, language);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has every file English has, and no other', () => {
    expect(files.sort()).toEqual([...englishFiles].sort());
  });

  it.each(englishFiles)('%s has exactly the keys English has (plural-aware)', (file) => {
    const en = readTree(path.join(LOCALES_DIR, 'en', file));
    const mine = readTree(path.join(dir, file));
    const expected = expectedKeys(en, language);
    const missing = [...expected].filter((k) => !(k in mine));
    const extra = Object.keys(mine).filter((k) => !expected.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('keeps every placeholder and leaves no text empty', () => {
    const mine = loadResources()[language]!;
    const wrong: string[] = [];
    for (const [key, text] of Object.entries(mine)) {
      const en = englishFor(key, english);
      if (en === undefined) continue;
      if (text.trim() === '') wrong.push(`${key}: empty`);
      const have = placeholders(text).join(' ');
      const want = placeholders(en).join(' ');
      if (have !== want) wrong.push(`${key}: has [${have}], English [${want}]`);
    }
    expect(wrong).toEqual([]);
  });

  it('translates every text (only names may stay as in English)', () => {
    const mine = loadResources()[language]!;
    const allowed = [...(IDENTICAL_ALLOWED['*'] ?? []), ...(IDENTICAL_ALLOWED[language] ?? [])];
    const same = Object.entries(mine)
      .filter(
        ([key, text]) =>
          text === englishFor(key, english) && !onlyNames(text) && !allowed.some((re) => re.test(key)),
      )
      .map(([key]) => key);
    expect(same).toEqual([]);
  });
});
