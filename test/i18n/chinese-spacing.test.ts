/**
 * The Chinese glossary's spacing rule (docs/glossary/zh.md): a half-width space between Han
 * characters and digits, in every text and in every date, so a date the translator formats and a
 * date written out in a sentence look the same on one page ("2026 年 12 月 1 日"); and its
 * punctuation rule: full-width colons, semicolons and brackets after Chinese text, on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { createI18n, loadResources } from '../../src/i18n.js';
import { createPlanner } from '../../src/web/planner.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { readableTexts } from './pseudo.js';
import { type PageState, walkPages } from './walk.js';

const TOUCHING = /\d\p{Script=Han}|\p{Script=Han}\d/u;
const resources = loadResources();

describe.skipIf(resources.zh === undefined)('Chinese spacing between Han characters and digits', () => {
  it('holds in every zh text', () => {
    const touching = Object.entries(resources.zh ?? {}).filter(([, text]) => TOUCHING.test(text));
    expect(touching).toEqual([]);
  });

  it('holds in every date the translator formats, long, medium and month-day', () => {
    const tr = createI18n().translator('zh');
    for (const day of ['2026-12-01', '2027-01-31', '2030-06-15']) {
      const date = new Date(`${day}T00:00:00Z`);
      for (const options of [
        undefined,
        { dateStyle: 'medium' },
        { month: 'long', day: 'numeric' },
        { dateStyle: 'full' },
      ] as const) {
        const text = tr.formatDate(date, options);
        expect(text, day).not.toMatch(TOUCHING);
        expect(text, day).toMatch(/\d/);
      }
    }
    expect(tr.formatDate(new Date('2026-12-01T00:00:00Z'))).toBe('2026 年 12 月 1 日');
    // Other languages are as Intl writes them.
    expect(createI18n().translator('en').formatDate(new Date('2026-12-01T00:00:00Z'))).toBe(
      'December 1, 2026',
    );
  });
});

/** Chinese text: Han characters and the full-width punctuation around them. */
const CJK = String.raw`[\p{Script=Han}\u3000-\u303f\uff00-\uffef]`;
/**
 * An ASCII colon, semicolon or bracket against Chinese text (docs/glossary/zh.md: full-width
 * ：；（） in Chinese): "来源: …", "…；; …", "(覆盖 40%)". Latin text keeps its own marks.
 */
const ASCII_AFTER_CJK = new RegExp(`${CJK}\\s*[:;()]|\\(\\s*${CJK}`, 'u');

describe.skipIf(resources.zh === undefined)('Chinese punctuation on the pages', () => {
  let t: TestApp;
  let pages: Map<string, PageState>;
  beforeAll(async () => {
    // Plans whose other channels carry a reach (as plans of model 1.x stored it), so the report
    // shows "Instagram（覆盖 40%）" too.
    const plain = createPlanner(loadAdoptionData(), createI18n({ strict: true }));
    const planner: typeof plain = (answers, language) => {
      const p = plain(answers, language);
      const others = Object.entries(p.otherChannels).map(([c, o]) => [c, { ...o, reach: 0.4 }]);
      return { ...p, otherChannels: Object.fromEntries(others) };
    };
    t = makeTestApp({ planner });
    pages = await walkPages(t.app, 'zh');
  }, 60_000);
  afterAll(() => t?.close());

  it('finds an ASCII mark after Chinese text (the check can fail)', () => {
    expect(ASCII_AFTER_CJK.test('来源: 某页')).toBe(true);
    expect(ASCII_AFTER_CJK.test('来源：某页 ; 另一页')).toBe(true);
    expect(ASCII_AFTER_CJK.test('Telegram (覆盖 40%)')).toBe(true);
    expect(ASCII_AFTER_CJK.test('链接：wa.me/6591234567（WhatsApp: 聊天）')).toBe(false);
  });

  it('holds in every zh text', () => {
    // The CLI's usage quotes its own output's format ("路径: 信息"), which is ASCII.
    const wrong = Object.entries(resources.zh ?? {}).filter(
      ([key, text]) => !key.startsWith('cli.') && ASCII_AFTER_CJK.test(text),
    );
    expect(wrong).toEqual([]);
  });

  it('has no ASCII colon, semicolon or bracket against Chinese text on any page', () => {
    const found: string[] = [];
    for (const [state, { html }] of pages) {
      // The page's text in reading order: text outside links in another language (lang="en"
      // source titles) stays, so the separators between such links are seen.
      const text = readableTexts(html).join(' ');
      for (const m of text.matchAll(new RegExp(`.{0,20}(${ASCII_AFTER_CJK.source}).{0,20}`, 'gu')))
        found.push(`${state}: ${m[0]}`);
    }
    expect([...new Set(found)]).toEqual([]);
    expect(pages.get('report')!.html).toContain('（覆盖 40%）');
  });
});
