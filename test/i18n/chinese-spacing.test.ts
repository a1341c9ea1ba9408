/**
 * The Chinese glossary's spacing rule (docs/glossary/zh.md): a half-width space between Han
 * characters and digits, in every text and in every date, so a date the translator formats and a
 * date written out in a sentence look the same on one page ("2026 年 12 月 1 日").
 */
import { describe, expect, it } from 'vitest';
import { createI18n, loadResources } from '../../src/i18n.js';

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
