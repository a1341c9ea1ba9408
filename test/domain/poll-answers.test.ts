/**
 * Answers `customers.poll` (decision 025): strict like the rest of Answers; no count under 5 is
 * ever accepted as a number (nor one whose complement is under 5), counts stay within the answers,
 * at least 10 answers, and the withheld age groups add up to at least 5. Each refusal names the
 * field, in words.
 */
import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../src/domain/answers.js';
import { createI18n } from '../../src/i18n.js';
import { SALON_ANSWERS } from '../helpers/answers.js';

const tr = createI18n({ strict: true }).translator('en');
const good = {
  responses: 30,
  counts: { whatsapp: 'most', telegram: 12, email: 'fewer' },
  ages: {
    under20: 'withheld',
    '20s': 10,
    '30s': 10,
    '40s': 'withheld',
    '50s': 'withheld',
    '60plus': 'withheld',
  },
  on: '2026-12-01',
};
const withPoll = (poll: unknown) => ({ ...SALON_ANSWERS, customers: { ...SALON_ANSWERS.customers, poll } });
const errors = (poll: unknown) => {
  const v = validateAnswers(withPoll(poll));
  return v.ok ? [] : v.errors.map((e) => ({ path: e.path, text: tr.render(e.message) }));
};

describe('Answers customers.poll', () => {
  it('accepts a suppressed poll, with or without age groups, and keeps it as given', () => {
    const v = validateAnswers(withPoll(good));
    expect(v.ok && v.value.customers.poll).toEqual(good);
    const { ages: _ages, ...noAges } = good;
    expect(errors(noAges)).toEqual([]);
  });

  it.each([
    [
      { ...good, counts: { ...good.counts, telegram: 3 } },
      'customers.poll.counts.telegram',
      /is 3: counts under 5 are never kept.*“fewer”/,
    ],
    [
      { ...good, counts: { ...good.counts, telegram: 0 } },
      'customers.poll.counts.telegram',
      /counts under 5/,
    ],
    [
      { ...good, counts: { ...good.counts, whatsapp: 27 } },
      'customers.poll.counts.whatsapp',
      /27 of 30: fewer than 5 answered otherwise.*“most”/,
    ],
    [
      { ...good, counts: { ...good.counts, email: 31 } },
      'customers.poll.counts.email',
      /\(31\) is more than the customers who answered \(30\)/,
    ],
    [
      { ...good, counts: { ...good.counts, email: 'some' } },
      'customers.poll.counts.email',
      /a whole number of at least 5, or “fewer”/,
    ],
    [{ ...good, counts: { ...good.counts, email: 7.5 } }, 'customers.poll.counts.email', /whole number/],
    [{ ...good, responses: 9 }, 'customers.poll.responses', /10/],
    [
      { ...good, ages: { ...good.ages, '20s': 4 } },
      'customers.poll.ages.20s',
      /groups under 5 are never kept/,
    ],
    [
      { ...good, ages: { ...good.ages, '20s': 12, '30s': 15 } },
      'customers.poll.ages',
      /withheld groups add up to 3, fewer than 5/,
    ],
    [
      { ...good, ages: { under20: 5, '20s': 10, '30s': 10, '40s': 5, '50s': 5, '60plus': 6 } },
      'customers.poll.ages',
      /add up to 41, not the 30/,
    ],
    [
      { ...good, ages: { under20: 5, '20s': 5, '30s': 5, '40s': 5, '50s': 5, '60plus': 4 } },
      'customers.poll.ages.60plus',
      /under 5/,
    ],
    [{ ...good, on: '2026-02-30' }, 'customers.poll.on', /YYYY-MM-DD/],
    [{ ...good, on: 'yesterday' }, 'customers.poll.on', /YYYY-MM-DD/],
    [{ ...good, extra: 1 }, 'customers.poll.extra', /not a field Kanal knows/],
    [{ ...good, counts: { ...good.counts, line: 5 } }, 'customers.poll.counts.line', /not a field/],
  ])('refuses %j, naming %s', (poll, path, text) => {
    const found = errors(poll);
    expect(found.map((e) => e.path)).toContain(path);
    expect(found.find((e) => e.path === path)?.text).toMatch(text);
  });

  it('refuses a missing field by name', () => {
    const { on: _on, ...noDay } = good;
    expect(errors(noDay).map((e) => e.path)).toEqual(['customers.poll.on']);
  });

  it('every refusal renders in every language', () => {
    const i18n = createI18n({ strict: true });
    // Type errors first (the sums are checked only on well-typed input), then the rules.
    const bads = [
      { ...good, counts: { ...good.counts, email: 'x' }, ages: { ...good.ages, '30s': 'x' }, on: 'x' },
      { ...good, counts: { whatsapp: 27, telegram: 3, email: 31 }, ages: { ...good.ages, '20s': 4 } },
      { ...good, ages: { ...good.ages, '20s': 12, '30s': 15 } },
      { ...good, ages: { under20: 5, '20s': 10, '30s': 10, '40s': 5, '50s': 5, '60plus': 6 } },
    ];
    const all = bads.flatMap((b) => {
      const v = validateAnswers(withPoll(b));
      return v.ok ? [] : v.errors;
    });
    const keys = new Set(all.map((e) => e.message.key));
    expect(keys.size).toBeGreaterThanOrEqual(8);
    const v = { errors: all };
    for (const lang of ['en', 'id', 'ms', 'zh'])
      for (const e of v.errors)
        expect(i18n.translator(lang).render(e.message)).not.toMatch(/\{\{|validation\.|fields\./);
  });
});
