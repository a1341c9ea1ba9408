import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryInText } from '../src/domain/countries.js';
import { createI18n, loadResources } from '../src/i18n.js';

describe('translation layer', () => {
  it('renders a message with a nested message parameter', () => {
    const tr = createI18n({ strict: true }).translator('en');
    const text = tr.render({
      key: 'validation.channel_repeated',
      params: { channel: { key: 'channel.telegram' } },
    });
    expect(text).toBe('Telegram is listed more than once: list each channel once.');
  });

  it('falls back to English for a language it does not have', () => {
    expect(createI18n().translator('xx').language).toBe('en');
  });

  it('speaks to an operator in the language KANAL_LANG names (any case), else English', () => {
    const i18n = createI18n();
    expect(i18n.languageNamed(' ZH ')).toBe('zh');
    expect(i18n.languageNamed('xx')).toBeUndefined();
    expect(i18n.languageNamed(undefined)).toBeUndefined();
    expect(i18n.operatorTranslator({ KANAL_LANG: 'Id' }).language).toBe('id');
    expect(i18n.operatorTranslator({ KANAL_LANG: 'xx' }).language).toBe('en');
    expect(i18n.operatorTranslator({}).language).toBe('en');
  });

  it('throws on a missing key when strict', () => {
    const tr = createI18n({ strict: true }).translator('en');
    expect(() => tr.t('no.such.key')).toThrow(/Missing translation key/);
  });

  it('strict: a key only English has fails in every other language (no silent English)', () => {
    const i18n = createI18n({
      strict: true,
      resources: {
        en: { a: 'A', n_one: '{{count}} client', n_other: '{{count}} clients', c: 'C', c_in_text: 'the C' },
        zh: { n_other: '{{count}} 位客户', c: '丙' },
        id: { a: 'A-id' },
      },
    });
    const zh = i18n.translator('zh');
    expect(() => zh.t('a')).toThrow('Missing translation key "a" for language "zh".');
    expect(() => zh.render({ key: 'a' })).toThrow(/"zh"/);
    // Plurals by the language's own rules: zh has only "other", also for one.
    expect(zh.t('n', { count: 1 })).toBe('1 位客户');
    expect(zh.t('n', { count: 5 })).toBe('5 位客户');
    expect(() => i18n.translator('id').t('n', { count: 1 })).toThrow(/"n" for language "id"/);
    // A context falls back to the language's own plain key, never to English's context.
    expect(zh.t('c', { context: 'in_text' })).toBe('丙');
    expect(i18n.translator('en').t('n', { count: 1 })).toBe('1 client');
    expect(zh.has('c')).toBe(true);
    expect(zh.has('a')).toBe(false);
    // Not strict (production): English rather than a key.
    const loose = createI18n({ resources: { en: { a: 'A' }, zh: {} } }).translator('zh');
    expect(loose.t('a')).toBe('A');
  });

  it('formats numbers, percents and dates per language (and the ICU it needs is there)', () => {
    const resources = { en: {}, id: {}, ms: {}, zh: {} };
    const i18n = createI18n({ resources });
    const day = new Date('2025-03-07T23:30:00Z');
    const rows: [string, string, string, string, string][] = [
      ['en', 'en', '1,234,567.5', '12.5%', 'March 7, 2025'],
      ['id', 'id', '1.234.567,5', '12,5%', '7 Maret 2025'],
      ['ms', 'ms', '1,234,567.5', '12.5%', '7 Mac 2025'],
      ['zh', 'zh-Hans', '1,234,567.5', '12.5%', '2025 年 3 月 7 日'],
    ];
    for (const [lng, tag, number, percent, date] of rows) {
      const tr = i18n.translator(lng);
      expect(tr.htmlLang).toBe(tag);
      expect(tr.formatNumber(1234567.5)).toBe(number);
      expect(tr.formatPercent(0.125, 1)).toBe(percent);
      expect(tr.formatDate(day)).toBe(date);
      expect(new Intl.PluralRules(lng).resolvedOptions().pluralCategories).toEqual(
        lng === 'en' ? ['one', 'other'] : ['other'],
      );
    }
  });

  it('memoises view texts without mixing up parameters, whatever their values contain', () => {
    const tr = createI18n({ resources: { en: { pair: '[{{a}}][{{b}}]' } } }).translator('en');
    // Values that spell a separator and a second parameter, in any key format one might write.
    for (const crafted of ['1|1:bs1:2', '1\u0000b\u0001s2', '1\u0000b\u0001n2']) {
      expect(tr.t('pair', { a: crafted })).toBe(`[${crafted}][{{b}}]`);
      expect(tr.t('pair', { a: '1', b: '2' })).toBe('[1][2]');
      expect(tr.t('pair', { a: crafted })).toBe(`[${crafted}][{{b}}]`);
    }
    expect(tr.t('pair', { a: 5, b: true })).toBe('[5][true]');
  });

  it('refuses a key defined in two files of one language', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-locales-'));
    mkdirSync(path.join(dir, 'en'));
    writeFileSync(path.join(dir, 'en', 'a.json'), JSON.stringify({ 'x.y': 'one' }));
    writeFileSync(path.join(dir, 'en', 'b.json'), JSON.stringify({ 'x.y': 'two' }));
    expect(() => loadResources(dir)).toThrow(/defined twice/);
  });
});

describe('country names', () => {
  it('has a country.XX name for every country code, and a form for sentences', () => {
    const en = loadResources().en!;
    const tr = createI18n({ strict: true }).translator('en');
    const missing = COUNTRY_CODES.filter((code) => typeof en[`country.${code}`] !== 'string');
    expect(missing).toEqual([]);
    for (const code of COUNTRY_CODES) {
      expect(tr.t(`country.${code}`)).not.toBe(`country.${code}`);
      expect(tr.render(countryInText(code))).not.toMatch(/^country\./);
    }
    expect(tr.render(countryInText('GB'))).toBe('the United Kingdom');
    expect(tr.render(countryInText('DE'))).toBe('Germany');
  });
});

describe('translation memo', () => {
  it('gives the same text from the memo as from i18next, for every parameter value', () => {
    const tr = createI18n({ strict: true }).translator('en');
    const first = tr.t('validation.age_mix_sum', { total: 130 });
    expect(tr.t('validation.age_mix_sum', { total: 130 })).toBe(first);
    expect(tr.t('validation.age_mix_sum', { total: 131 })).toBe(
      'Age shares add up to 131%; they must add up to 100%.',
    );
    // "1" as text and 1 as a number are distinct memo entries.
    expect(tr.t('validation.too_small', { field: 'X', minimum: 1 })).toBe(
      tr.t('validation.too_small', { field: 'X', minimum: '1' }),
    );
  });
});
