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
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.js';
import { PUBLIC_DIR, VIEWS_DIR } from '../../src/web/dirs.js';

interface Enhance {
  readonly countText: (data: Record<string, string | undefined>, total: number, lang: string) => string;
}

function loadEnhance(): Enhance {
  const context: { kanalEnhance?: Enhance } = {};
  vm.runInNewContext(readFileSync(path.join(PUBLIC_DIR, 'js', 'enhance.js'), 'utf8'), context);
  return context.kanalEnhance!;
}

const { countText } = loadEnhance();
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
