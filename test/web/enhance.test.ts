/**
 * public/js/enhance.js's helpers, run as the browser runs the file (plain script, no build): it
 * is loaded in node's vm without a `document`, where it hands its helpers over on
 * `globalThis.kanalEnhance` instead of enhancing a page. The page side (the live total while
 * typing) is covered by the browser suite (test/browser/journey.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import ejs from 'ejs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NumberMarks, numberMarks, parseNumber } from '../../src/domain/numbers.js';
import { createI18n } from '../../src/i18n.js';
import { PUBLIC_DIR, VIEWS_DIR } from '../../src/web/dirs.js';

interface Enhance {
  readonly readNumber: (raw: string, marks?: NumberMarks) => number;
  readonly countText: (data: Record<string, string | undefined>, total: number, lang: string) => string;
}

function loadEnhance(): Enhance {
  const context: { kanalEnhance?: Enhance } = {};
  vm.runInNewContext(readFileSync(path.join(PUBLIC_DIR, 'js', 'enhance.js'), 'utf8'), context);
  return context.kanalEnhance!;
}

const { countText, readNumber } = loadEnhance();
const i18n = createI18n({ strict: true });

/** The age mix's live-total element as the server renders it in a language, its data-* texts. */
function liveTotalData(language: string): Record<string, string> {
  const tr = i18n.translator(language);
  const html = ejs.render(
    readFileSync(path.join(VIEWS_DIR, 'partials', 'fields', 'number-group.ejs'), 'utf8'),
    { f: { name: 'ageMix', label: 'x', parts: [] }, t: tr.t },
    { filename: path.join(VIEWS_DIR, 'partials', 'fields', 'number-group.ejs') },
  );
  const tag = /<p class="live-total"[^>]*>/.exec(html)![0];
  const data: Record<string, string> = {};
  for (const m of tag.matchAll(/data-([\w-]+)="([^"]*)"/g)) {
    data[m[1]!.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = m[2]!;
  }
  return data;
}

describe('enhance.js: the live total of the age mix', () => {
  it('says "1 customer" and "2 customers" in English', () => {
    const data = liveTotalData('en');
    expect(countText(data, 1, 'en').replace('__TOTAL__', '1')).toBe('Total so far: 1 customer.');
    expect(countText(data, 2, 'en').replace('__TOTAL__', '2')).toBe('Total so far: 2 customers.');
    expect(countText(data, 0, 'en').replace('__TOTAL__', '0')).toBe('Total so far: 0 customers.');
  });

  it.each(['id', 'ms', 'zh'])('uses the one form %s has for every count', (language) => {
    const data = liveTotalData(language);
    const tag = i18n.translator(language).htmlLang;
    const other = i18n.translator(language).t('web.age_mix.total_count', { count: 5, total: '__TOTAL__' });
    for (const n of [0, 1, 2, 1200]) expect(countText(data, n, tag)).toBe(other);
  });
});

describe('enhance.js: numbers typed in the age mix, read as the server reads them', () => {
  const marksOf = (language: string) => ({ ...numberMarks(language) });

  it('takes the page’s marks from the age-mix group, as the server renders them', () => {
    expect(liveGroupMarks('id')).toEqual({ decimal: ',', group: '.' });
    expect(liveGroupMarks('en')).toEqual({ decimal: '.', group: ',' });
    expect(liveGroupMarks('zh')).toEqual({ decimal: '.', group: ',' });
  });

  it.each([
    ['id', '1.200', 1200],
    ['id', '87,5', 87.5],
    ['id', '1.234,5', 1234.5],
    ['id', '１２', 12],
    ['id', '８７，５', 87.5],
    ['id', '1 200', 1200],
    ['id', '', 0],
    ['en', '-0', 0],
    ['en', '1,200', 1200],
    ['en', '87.5', 87.5],
    ['en', '87.5 %', 87.5],
    ['zh', '１２．５', 12.5],
    ['zh', '１，２００', 1200],
  ] as const)('%s: “%s” is %d', (language, typed, value) => {
    expect(readNumber(typed, marksOf(language))).toBe(value);
  });

  it.each([
    ['en', '1.200'],
    ['en', '87,5'],
    ['id', '1,200'],
    ['id', '1,234.5'],
    ['ms', '12,5'],
    ['en', 'abc'],
    ['en', '1 20'],
  ] as const)('%s: “%s” is refused (NaN), as the server refuses it', (language, typed) => {
    expect(readNumber(typed, marksOf(language))).toBeNaN();
  });

  it('agrees with the server on any text of digits, marks and spaces, in every language', () => {
    const chars = fc.constantFrom(...'0123456789.,  %-+１２，．'.split(''));
    fc.assert(
      fc.property(
        fc.constantFrom('en', 'id', 'ms', 'zh'),
        fc.array(chars, { maxLength: 12 }),
        (language, cs) => {
          const typed = cs.join('');
          const server = parseNumber(typed, language, 'x', { percent: true });
          const read = readNumber(typed, marksOf(language));
          if (typed.trim() === '') expect(read).toBe(0);
          else if (server.ok) expect(read).toBe(server.value);
          else expect(read).toBeNaN();
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** The marks the age-mix group carries for the script (data-decimal-mark, data-group-mark). */
function liveGroupMarks(language: string): NumberMarks {
  const tr = i18n.translator(language);
  const file = path.join(VIEWS_DIR, 'partials', 'fields', 'number-group.ejs');
  const html = ejs.render(
    readFileSync(file, 'utf8'),
    { f: { name: 'ageMix', label: 'x', parts: [], marks: numberMarks(language) }, t: tr.t },
    { filename: file },
  );
  const tag = /<div [^>]*data-module="age-mix"[^>]*>/.exec(html)![0];
  return {
    decimal: /data-decimal-mark="([^"]*)"/.exec(tag)![1] as NumberMarks['decimal'],
    group: /data-group-mark="([^"]*)"/.exec(tag)![1] as NumberMarks['group'],
  };
}
