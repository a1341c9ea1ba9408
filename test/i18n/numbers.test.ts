/**
 * Numbers as people write them (src/domain/numbers.ts): a table per language of what is read,
 * and of what is refused with which message and parameters; plus properties: what Intl writes in
 * a language reads back as the same number, and a refusal never loses the text as typed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { message } from '../../src/domain/message.js';
import { numberMarks, parseNumber } from '../../src/domain/numbers.js';
import { createI18n } from '../../src/i18n.js';

const FIELD = 'Customers';

type Row = [language: string, text: string, expected: number | string, params?: Record<string, unknown>];

const table: Row[] = [
  // English, Malay and Chinese: decimal point, comma groups.
  ['en', '1200', 1200],
  ['en', '1,200', 1200],
  ['en', '1,234,567.5', 1234567.5],
  ['en', '12.5', 12.5],
  ['en', '.5', 0.5],
  ['en', '0.500', 0.5],
  ['en', ' 42 ', 42],
  ['en', '1 200 000', 1200000],
  ['en', '-3', -3],
  ['en', '−3', -3],
  ['en', '-0', 0],
  ['en', '007', 7],
  ['en', '1.200', 'numbers.ambiguous', { text: '1.200', decimal: '1.2', thousands: '1200' }],
  ['en', '2.000', 'numbers.ambiguous', { text: '2.000', decimal: '2', thousands: '2000' }],
  ['en', '12,5', 'numbers.other_marks', { text: '12,5', suggestion: '12.5', example: '1,200.5' }],
  ['en', '1.234,5', 'numbers.other_marks', { text: '1.234,5', suggestion: '1234.5' }],
  ['en', '1.200.000', 'numbers.other_marks', { suggestion: '1200000' }],
  ['en', '1 200,5', 'numbers.other_marks', { suggestion: '1200.5' }],
  ['en', '1,20', 'numbers.other_marks', { suggestion: '1.20' }],
  ['en', '12,34,567', 'numbers.not_a_number', { text: '12,34,567' }],
  ['en', '1.2.3', 'numbers.not_a_number'],
  ['en', '12 5', 'numbers.not_a_number'],
  ['en', 'twelve', 'numbers.not_a_number', { text: 'twelve' }],
  ['en', '1e5', 'numbers.not_a_number'],
  ['en', '0x10', 'numbers.not_a_number'],
  ['en', '.', 'numbers.not_a_number'],
  ['en', '--1', 'numbers.not_a_number'],
  ['en', '', 'numbers.empty'],
  ['en', '   ', 'numbers.empty'],
  ['en', '1234567890123456', 'numbers.too_long', { digits: 15 }],
  ['ms', '1,200', 1200],
  ['ms', '12.5', 12.5],
  ['ms', '1.200', 'numbers.ambiguous', { decimal: '1.2', thousands: '1200' }],
  ['ms', '12,5', 'numbers.other_marks', { suggestion: '12.5' }],
  ['zh', '1,200', 1200],
  ['zh', '12.5', 12.5],
  ['zh', '１２００', 1200],
  ['zh', '１，２００', 1200],
  ['zh', '１２．５', 12.5],
  ['zh', '1.200', 'numbers.ambiguous'],
  // Indonesian: decimal comma, point groups.
  ['id', '1.200', 1200],
  ['id', '1.234.567,5', 1234567.5],
  ['id', '12,5', 12.5],
  ['id', '1 200', 1200],
  ['id', '0,500', 0.5],
  ['id', '1,200', 'numbers.ambiguous', { text: '1,200', decimal: '1,2', thousands: '1200' }],
  ['id', '12.5', 'numbers.other_marks', { suggestion: '12,5', example: '1.200,5' }],
  ['id', '1,234.5', 'numbers.other_marks', { suggestion: '1234,5' }],
  ['id', '1.2.3', 'numbers.not_a_number'],
  // A language Kanal does not know reads like English.
  ['xx', '1,200', 1200],
];

describe('parseNumber', () => {
  it.each(table)('%s: "%s" → %s', (language, text, expected, params) => {
    const result = parseNumber(text, language, FIELD);
    if (typeof expected === 'number') {
      expect(result).toEqual({ ok: true, value: expected });
      return;
    }
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message.key).toBe(expected);
    expect(result.message.params).toMatchObject({ field: FIELD, ...params });
  });

  it('reads only whole numbers when asked, and a percent sign when asked', () => {
    expect(parseNumber('12', 'en', FIELD, { integer: true })).toEqual({ ok: true, value: 12 });
    expect(parseNumber('12.0', 'en', FIELD, { integer: true })).toEqual({ ok: true, value: 12 });
    const half = parseNumber('12,5', 'id', FIELD, { integer: true });
    expect(!half.ok && half.message.key).toBe('numbers.not_whole');
    expect(parseNumber('12,5 %', 'id', FIELD, { percent: true })).toEqual({ ok: true, value: 12.5 });
    expect(parseNumber('40%', 'en', FIELD, { percent: true })).toEqual({ ok: true, value: 40 });
    const noPercent = parseNumber('40%', 'en', FIELD);
    expect(!noPercent.ok && noPercent.message.key).toBe('numbers.not_a_number');
  });

  it('every refusal renders in English with the field and the text as typed', () => {
    const tr = createI18n({ strict: true }).translator('en');
    for (const [language, text, expected] of table) {
      const result = parseNumber(text, language, FIELD);
      if (result.ok || typeof expected === 'number') continue;
      const shown = tr.render(result.message);
      expect(shown).toMatch(/^Customers: /);
      expect(shown).not.toMatch(/\{\{/);
      if (text.trim() !== '') expect(shown).toContain(`“${text.trim()}”`);
    }
  });

  it('reads back what Intl writes in each language (grouped or not)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('en', 'id', 'ms', 'zh'),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        (language, hundredths, digits, grouping) => {
          const value = hundredths / 100;
          const options = { maximumFractionDigits: digits, minimumFractionDigits: digits };
          const text = new Intl.NumberFormat(language, { ...options, useGrouping: grouping }).format(value);
          // The same rounding, written plainly.
          const plain = new Intl.NumberFormat('en', { ...options, useGrouping: false }).format(value);
          expect(parseNumber(text, language, FIELD)).toEqual({ ok: true, value: Number(plain) });
        },
      ),
    );
  });

  it('never throws, and a refusal keeps the text as typed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('en', 'id'),
        fc.stringMatching(/^[-+ 0-9.,%a]{0,12}$/),
        (language, text) => {
          const result = parseNumber(text, language, FIELD);
          if (result.ok) expect(Number.isFinite(result.value)).toBe(true);
          else if (text.trim() !== '') expect(result.message.params?.text).toBe(text.trim());
        },
      ),
    );
  });

  it('knows each language’s marks', () => {
    expect(numberMarks('id')).toEqual({ decimal: ',', group: '.' });
    for (const language of ['en', 'ms', 'zh'])
      expect(numberMarks(language)).toEqual({ decimal: '.', group: ',' });
  });
});

describe('the customer poll’s messages write their counts as the language does', () => {
  // Counts an owner can reach (a poll of 1,234 customers): each written with the language's own
  // group separator (1,234 / 1.234), never as the bare digits.
  const keys: [key: string, params: Record<string, unknown>][] = [
    ['validation.poll_count_few', { count: 1234, min: 1234 }],
    ['validation.poll_count_most', { count: 1234, responses: 1234, min: 1234 }],
    ['validation.poll_count_over', { count: 1234, responses: 1234 }],
    ['validation.poll_age_few', { count: 1234, min: 1234 }],
    ['validation.poll_ages_sum', { total: 1234, responses: 1234 }],
    ['validation.poll_ages_withheld', { withheld: 1234, min: 1234 }],
    ['engine.reason.reach_poll', { users: 1234, responses: 1234, priorAnswers: 1234 }],
    ['engine.reason.reach_poll_fewer', { responses: 1234, priorAnswers: 1234 }],
    ['engine.reason.reach_poll_most', { responses: 1234, priorAnswers: 1234 }],
  ];
  const i18n = createI18n();
  for (const language of ['en', 'id', 'ms', 'zh']) {
    it(`in ${language}`, () => {
      const tr = i18n.translator(language);
      const written = new Intl.NumberFormat(language).format(1234);
      expect(written).not.toBe('1234');
      for (const [key, params] of keys) {
        const text = tr.render(message(key, { field: 'X', app: 'Telegram', ...params }));
        expect(text, key).not.toMatch(/1234/);
        expect(text.split(written).length - 1, key).toBe(Object.keys(params).length);
      }
    });
  }
});
