/**
 * Every page state in every served language (whatever locale folders exist), rendered by the
 * test app in strict mode, so a key missing in that language throws instead of showing English:
 * each state answers as it should, says its language in `<html lang>`, is valid HTML, and shows
 * the language's own words (the start page's title and the report's heading as the locale has
 * them). For Chinese, no page keeps an English sentence: a run of three English words outside
 * names and the user's input fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIT_SOURCES, type KitSource } from '../../src/domain/kit.js';
import { LAW_SOURCES } from '../../src/domain/law.js';
import { createI18n, htmlLang, loadResources } from '../../src/i18n.js';
import { sourceAside } from '../../src/web/kit-view.js';
import { SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectValidHtml } from '../helpers/html.js';
import { SOAK } from '../security/soak.js';
import { readableTexts } from './pseudo.js';
import { expectedStatus, type PageState, walkPages } from './walk.js';

const resources = loadResources();
/**
 * Every language under `npm run test:soak`; English and Chinese (the one language whose pages are
 * also searched for English sentences) under `npm test`. Key and placeholder parity, checked for
 * every language in every run, is what catches a missing text; this walk adds valid HTML.
 */
const languages = Object.keys(resources).filter((l) => SOAK || l === 'en' || l === 'zh');

let t: TestApp;
const walked = new Map<string, Map<string, PageState>>();

beforeAll(async () => {
  t = makeTestApp();
  for (const language of languages) walked.set(language, await walkPages(t.app, language));
}, 120_000);
afterAll(() => t?.close());

/** The rendered form of a locale text as EJS escapes it. */
const escaped = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');

describe.each(languages)('pages in %s', (language) => {
  it('answers every state, in its language, with valid HTML', async () => {
    const pages = walked.get(language)!;
    expect(pages.size).toBeGreaterThanOrEqual(18);
    for (const [state, { status, html }] of pages) {
      expect(status, state).toBe(expectedStatus(state));
      // The tag once the language middleware is wired (zh-Hans), the code before it.
      const tag = /<html lang="([^"]+)"/.exec(html)?.[1];
      expect([language, htmlLang(language)], state).toContain(tag);
      await expectValidHtml(html, `${language} ${state}`);
    }
    const tree = resources[language]!;
    expect(pages.get('start')!.html).toContain(escaped(tree['web.start.title']!));
    expect(pages.get('report')!.html).toContain(escaped(tree['web.report.title']!));
    expect(pages.get('kit')!.html).toContain(escaped(tree['kit.print.title']!));
  }, 120_000);

  it('cites each source by its own title, Kanal’s note or the day checked after it in the language', () => {
    const tr = createI18n().translator(language);
    const html = walked.get(language)!.get('report')!.html;
    const cited = [...html.matchAll(/<a [^>]*data-source-id="([^"]+)" lang="en">([^<]*)<\/a>([^<;；]*)/g)];
    const ids = cited.map((m) => m[1]);
    expect(ids).toContain('sg-spam-control-act-sch2');
    expect(ids).toContain('blueticks-broadcast-limit');
    for (const [, id, title, after] of cited) {
      const source: KitSource = KIT_SOURCES[id as keyof typeof KIT_SOURCES];
      // The document's title only: no date, no word of Kanal's inside the English link.
      expect(title, id).toBe(escaped(source.title));
      expect(title, id).not.toMatch(/checked|citing|reported|\d{4}-\d{2}-\d{2}/);
      const note = sourceAside(tr, source);
      // A law source says both what Kanal notes on it and when the rule was checked.
      if (source.checked !== undefined)
        expect(note, id).toContain(tr.formatDate(new Date(`${source.checked}T00:00:00Z`)));
      if (source.note !== undefined) expect(note, id).toContain(tr.render(source.note));
      const aside = note === undefined ? '' : escaped(tr.t('kit.source.aside', { note })).trim();
      expect(after?.trim(), id).toBe(aside);
    }
    if (language !== 'en') expect(html).not.toContain('checked 2026');
  });

  it('gives a law source its scope and date in the language, and the day it was checked', () => {
    const tr = createI18n().translator(language);
    const imda = KIT_SOURCES['imda-sms-sender-id'];
    expect(imda.title).toBe(LAW_SOURCES['imda-sms-sender-id'].title);
    expect(imda.title).not.toMatch(/\(|2023/);
    const aside = sourceAside(tr, imda)!;
    expect(aside).toMatch(/31/);
    expect(aside).toMatch(/2023/);
    expect(aside).toContain(tr.formatDate(new Date(`${imda.checked}T00:00:00Z`)));
    expect(KIT_SOURCES['id-pdp-law-2022'].title).not.toMatch(/\(|2024/);
    expect(sourceAside(tr, KIT_SOURCES['id-pdp-law-2022'])).toMatch(/27/);
  });
});

describe('Chinese pages', () => {
  it.skipIf(!languages.includes('zh'))('keep no English sentence outside names and the user’s input', () => {
    const allowed = [
      ...Object.values(SALON_PAGES)
        .flatMap((f) => Object.values(f))
        .filter((v): v is string => typeof v === 'string'),
      ...Object.values(KIT_SOURCES).map((s) => s.title),
    ];
    const found: string[] = [];
    for (const [state, { html }] of walked.get('zh')!) {
      for (const text of readableTexts(html)) {
        if (allowed.some((a) => text.includes(a))) continue;
        // Three Latin words in a row (brand names are one or two: WhatsApp Business).
        const run = /\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\s+[A-Za-z]{2,}\b/.exec(text);
        if (run && !/https?:|@/.test(text)) found.push(`${state}: ${text.slice(0, 80)}`);
      }
    }
    expect([...new Set(found)]).toEqual([]);
  });
});
