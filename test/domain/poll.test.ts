import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGE_GROUPS, type AgeGroup, validateAnswers } from '../../src/domain/answers.js';
import { MODEL } from '../../src/domain/model.js';
import {
  appSentence,
  betaCdf,
  blendMean,
  blendShare,
  evidenceCount,
  POLL_APPS,
  POLL_CELL_MIN,
  POLL_MIN_RESPONSES,
  type PollAnswer,
  type PollApp,
  pollAnswersOf,
  pollFlags,
  pollResults,
  pollSummary,
  rangePercents,
  storedAppResult,
  storedCount,
  summaryMessages,
  wilson,
} from '../../src/domain/poll.js';
import { createI18n } from '../../src/i18n.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { soakOr } from '../security/soak.js';

/** 1,000 runs under `npm run test:soak`, a quick 100 under `npm test`. */
const RUNS = { numRuns: soakOr(1000, 100) };
const tr = createI18n({ strict: true }).translator('en');
/** A day in the reader's words, as the web layer writes it (view-models.ts dayText). */
const dayOf = (day: string) => tr.formatDate(new Date(`${day}T00:00:00Z`));

/** n answers of which the first k use `app` (and nothing else), all in one age group. */
function answersWith(counts: Partial<Record<PollApp, number>>, n: number, ageGroup: AgeGroup = '30s') {
  const out: PollAnswer[] = [];
  for (let i = 0; i < n; i++) {
    const apps = POLL_APPS.filter((a) => i < (counts[a] ?? 0));
    out.push({ ageGroup, apps, day: '2026-03-01', counter: false });
  }
  return out;
}

describe('Wilson 95% score interval: known values', { timeout: 30_000 }, () => {
  it.each([
    [12, 30, 0.24591, 0.5768],
    [3, 5, 0.23072, 0.88238],
    [40, 100, 0.3094, 0.498],
    [0, 10, 0, 0.27753],
    [4, 30, 0.0531, 0.29681],
    [26, 30, 0.70319, 0.9469],
  ])('%i of %i → [%f, %f]', (k, n, low, high) => {
    const r = wilson(k, n);
    expect(r.low).toBeCloseTo(low, 4);
    expect(r.high).toBeCloseTo(high, 4);
  });

  it('is [0, 1] with no answers and refuses impossible counts', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(() => wilson(4, 3)).toThrow(RangeError);
    expect(() => wilson(-1, 3)).toThrow(RangeError);
  });

  it('ends exactly at 0 and 1 at the extremes', () => {
    expect(wilson(0, 25).low).toBe(0);
    expect(wilson(25, 25).high).toBe(1);
  });
});

describe('the blend with the national estimate: known values (prior 25%, worth 20 answers)', {
  timeout: 30_000,
}, () => {
  it.each([
    [3, 5, 0.32, 0.1563, 0.51095, 0.2],
    [12, 30, 0.34, 0.21672, 0.4754, 0.6],
    [40, 100, 0.375, 0.29088, 0.46306, 100 / 120],
    [120, 400, 0.29762, 0.25489, 0.34218, 400 / 420],
  ])('%i of %i → %f [%f, %f]', (k, n, share, low, high, own) => {
    const b = blendShare(0.25, k, n, 20);
    expect(b.share).toBeCloseTo(share, 4);
    expect(b.low).toBeCloseTo(low, 3);
    expect(b.high).toBeCloseTo(high, 3);
    expect(b.ownWeight).toBeCloseTo(own, 6);
  });

  it('is the prior itself without answers, and the prior is worth MODEL.pollPriorAnswers', () => {
    expect(blendShare(0.3, 0, 0).share).toBeCloseTo(0.3, 12);
    expect(MODEL.pollPriorAnswers.value).toBe(20);
    expect(blendShare(0.25, 10, 20).share).toBeCloseTo((20 * 0.25 + 10) / 40, 12);
    expect(blendMean(0.25, 10, 20)).toBe(blendShare(0.25, 10, 20).share);
  });

  it('the Beta distribution function matches known values', () => {
    // Beta(2, 3) has density 12·x·(1 − x)², so F(x) = 12·(x²/2 − 2x³/3 + x⁴/4).
    const closed = (x: number) => 12 * (x ** 2 / 2 - (2 * x ** 3) / 3 + x ** 4 / 4);
    for (const x of [0.1, 0.3, 0.5, 0.8]) expect(betaCdf(x, 2, 3)).toBeCloseTo(closed(x), 10);
    expect(betaCdf(0.5, 7, 7)).toBeCloseTo(0.5, 10);
  });

  it('refuses a prior outside [0, 1] and impossible counts', () => {
    expect(() => blendShare(1.2, 1, 2)).toThrow(RangeError);
    expect(() => blendShare(0.2, 3, 2)).toThrow(RangeError);
  });
});

describe('properties', { timeout: 30_000 }, () => {
  const kn = fc
    .integer({ min: 1, max: 2000 })
    .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

  it('a range stays in [0, 1] and contains the observed share', () => {
    fc.assert(
      fc.property(kn, ([k, n]) => {
        const r = wilson(k, n);
        return r.low >= 0 && r.high <= 1 && r.low <= k / n && k / n <= r.high && r.low < r.high;
      }),
      RUNS,
    );
  });

  it('narrows as answers grow at the same share', () => {
    fc.assert(
      fc.property(kn, fc.integer({ min: 2, max: 20 }), ([k, n], m) => {
        const a = wilson(k, n);
        const b = wilson(k * m, n * m);
        return b.high - b.low < a.high - a.low;
      }),
      RUNS,
    );
  });

  it('the blend lies between the prior and the observation, own weight n/(n+n0)', () => {
    fc.assert(
      fc.property(
        kn,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        ([k, n], p, n0) => {
          const b = blendShare(p, k, n, n0);
          const lo = Math.min(p, k / n) - 1e-12;
          const hi = Math.max(p, k / n) + 1e-12;
          return (
            b.share >= lo &&
            b.share <= hi &&
            Math.abs(b.ownWeight - n / (n + n0)) < 1e-12 &&
            b.low <= b.share + 1e-12 &&
            b.share <= b.high + 1e-12 &&
            b.low >= 0 &&
            b.high <= 1
          );
        },
      ),
      RUNS,
    );
  });

  it('is monotone in the counts: one more answer naming the app, or one more of n naming it, never lowers it', () => {
    fc.assert(
      fc.property(kn, fc.double({ min: 0, max: 1, noNaN: true }), ([k, n], p) => {
        const base = blendShare(p, k, n).share;
        const added = blendShare(p, k + 1, n + 1).share; // a new answer that names the app
        const moreOfSame = k < n ? blendShare(p, k + 1, n).share : Number.POSITIVE_INFINITY;
        return added >= base - 1e-12 && moreOfSame >= base - 1e-12;
      }),
      RUNS,
    );
  });

  it('monotone through suppression: more of the answers naming the app never lower it', () => {
    const blended = (k: number, n: number, p: number) => {
      const r = pollResults(answersWith({ telegram: k }, n));
      if (r === null) throw new Error('results expected');
      return {
        shown: r.apps.telegram.count !== null,
        share: blendShare(p, evidenceCount(storedCount(r.apps.telegram), n), n).share,
      };
    };
    fc.assert(
      fc.property(
        fc
          .integer({ min: POLL_MIN_RESPONSES, max: 300 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n))),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([k, n], p) => {
          const base = blended(k, n, p);
          // Of the same answers, one more names the app: never lower, withheld or not.
          if (blended(k + 1, n, p).share < base.share - 1e-12) return false;
          // A new answer naming the app: never lower, except while the count stays "fewer than
          // 5", where the plan's fixed stand-in value is diluted (decision 023).
          const grown = blended(k + 1, n + 1, p);
          if (base.shown || grown.shown || k + 1 >= POLL_CELL_MIN) return grown.share >= base.share - 1e-12;
          return true;
        },
      ),
      RUNS,
    );
  });
});

/** Random answers: each an age group and a set of apps. */
const answerArb = fc.record({
  ageGroup: fc.constantFrom(...AGE_GROUPS),
  apps: fc.subarray([...POLL_APPS]),
  day: fc.constant('2026-03-01'),
  counter: fc.boolean(),
});
// Skewed age groups so small cells are common.
const skewedAnswers = fc
  .tuple(
    fc.array(answerArb, { minLength: 0, maxLength: 60 }),
    fc.constantFrom(...AGE_GROUPS),
    fc.integer({ min: 0, max: 60 }),
  )
  .map(([some, g, extra]) => [
    ...some,
    ...Array.from({ length: extra }, () => ({
      ageGroup: g,
      apps: ['whatsapp'] as PollApp[],
      day: '2026-03-01',
      counter: false,
    })),
  ]);

describe('results and suppression', { timeout: 30_000 }, () => {
  it('are null below 10 answers', () => {
    expect(pollResults(answersWith({ telegram: 5 }, POLL_MIN_RESPONSES - 1))).toBeNull();
    expect(pollResults(answersWith({ telegram: 5 }, POLL_MIN_RESPONSES))).not.toBeNull();
  });

  it('shows 12 of 30 with its Wilson range', () => {
    const r = pollResults(answersWith({ telegram: 12, whatsapp: 30 }, 30));
    expect(r?.apps.telegram).toEqual({ count: 12, share: 0.4, ...wilson(12, 30) });
    // 30 of 30: the 0 who don't use it would be revealed, so it is withheld as "most".
    expect(r?.apps.whatsapp).toMatchObject({ count: null, share: null, withheld: 'most', high: 1 });
    expect(r?.apps.email).toMatchObject({ count: null, share: null, withheld: 'fewer', low: 0 });
    expect(r?.apps.email.high).toBeCloseTo(wilson(4, 30).high, 12);
  });

  it('withholds a second age group when one alone would be recomputed from the total', () => {
    const answers = [
      ...answersWith({}, 3, 'under20'),
      ...answersWith({}, 6, '20s'),
      ...answersWith({}, 10, '30s'),
      ...answersWith({}, 8, '40s'),
      ...answersWith({}, 7, '50s'),
      ...answersWith({}, 5, '60plus'),
    ];
    const r = pollResults(answers);
    expect(r?.ageMix.under20.count).toBeNull();
    expect(r?.ageMix['60plus'].count).toBeNull(); // the next smallest, so 3 + 5 = 8 are withheld together
    expect(r?.ageMix['20s'].count).toBe(6);
    expect(r?.ageWithheld).toBe(8);
  });

  it('never lets a number, or the difference of two, reveal a count under 5', () => {
    fc.assert(
      fc.property(skewedAnswers, (answers) => {
        const r = pollResults(answers);
        if (r === null) return answers.length < POLL_MIN_RESPONSES;
        const n = answers.length;
        const trueAge = Object.fromEntries(
          AGE_GROUPS.map((g) => [g, answers.filter((a) => a.ageGroup === g).length]),
        );
        const shown: number[] = [n];
        for (const app of POLL_APPS) {
          const k = answers.filter((a) => a.apps.includes(app)).length;
          const res = r.apps[app];
          if (res.count !== null) {
            if (res.count !== k || res.share !== k / n) return false;
            shown.push(res.count);
          } else if (res.share !== null) return false;
          // Withheld or not, the range shown is one that every value of the withheld kind fits in.
          if (res.count === null && !(res.low <= k / n && k / n <= res.high)) return false;
        }
        for (const g of AGE_GROUPS) {
          const res = r.ageMix[g];
          if (res.count !== null) {
            if (res.count !== trueAge[g]) return false;
            shown.push(res.count);
          }
        }
        // The counts one can compute: every cell (app users, non-users, each age group), and
        // what a total minus the shown groups leaves.
        const shownAges = AGE_GROUPS.filter((g) => r.ageMix[g].count !== null);
        const hiddenAges = AGE_GROUPS.filter((g) => r.ageMix[g].count === null);
        const hiddenSum = hiddenAges.reduce((s, g) => s + trueAge[g]!, 0);
        if (hiddenAges.length > 0 && hiddenSum < POLL_CELL_MIN) return false;
        if (hiddenSum !== r.ageWithheld) return false;
        for (const x of shown) if (x < POLL_CELL_MIN) return false;
        // Differences of two shown numbers that are cell counts: n − app users (non-users),
        // n − one age group (the others together): each is at least 5.
        for (const app of POLL_APPS) {
          const res = r.apps[app];
          if (res.count !== null && n - res.count < POLL_CELL_MIN) return false;
        }
        for (const g of shownAges) if (n - trueAge[g]! < POLL_CELL_MIN) return false;
        return true;
      }),
      RUNS,
    );
  });
});

describe('summary, flags and words', { timeout: 30_000 }, () => {
  it('counts only answers before today, so results change at most once a day', () => {
    const answers = [
      ...answersWith({ telegram: 6 }, 12).map((a) => ({ ...a, day: '2026-03-01' })),
      ...answersWith({ telegram: 3 }, 3).map((a) => ({ ...a, day: '2026-03-02', counter: true })),
    ];
    const s = pollSummary(answers, { today: '2026-03-02', openedOn: '2026-03-01' });
    expect(s.responses).toBe(12);
    expect(s.today).toBe(3);
    expect(s.counterAnswers).toBe(0);
    // The next day the 3 wait: fewer than 5 new answers would let the change reveal them.
    const next = pollSummary(answers, { today: '2026-03-03', openedOn: '2026-03-01' });
    expect(next).toMatchObject({ responses: 12, waiting: 3, today: 0, counterAnswers: 0 });
    expect(summaryMessages(next, dayOf).map(tr.render)).toContain(
      "3 more answers will join the results once at least 5 new ones have come in, so that no one's answer can be worked out from the change.",
    );
    const more = [...answers, ...answersWith({}, 2).map((a) => ({ ...a, day: '2026-03-03' }))];
    expect(pollSummary(more, { today: '2026-03-04', openedOn: '2026-03-01' })).toMatchObject({
      responses: 17,
      waiting: 0,
      counterAnswers: 3,
    });
  });

  it('results move on by at least 5 answers at a time: no change from one day to the next reveals an answer', () => {
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
    const dayAnswers = fc.array(
      fc.record({
        ageGroup: fc.constantFrom(...AGE_GROUPS),
        apps: fc.subarray([...POLL_APPS]),
        day: fc.constantFrom(...days),
        counter: fc.constant(false),
      }),
      { minLength: 10, maxLength: 60, size: 'max' },
    );
    fc.assert(
      fc.property(dayAnswers, (answers) => {
        let before: ReturnType<typeof pollSummary> | undefined;
        for (const today of [...days, '2026-03-07']) {
          const s = pollSummary(answers, { today, openedOn: days[0]! });
          if (before?.results && s.results) {
            const grown = s.responses - before.responses;
            if (grown !== 0 && grown < POLL_CELL_MIN) return false;
            if (grown === 0 && JSON.stringify(s.results) !== JSON.stringify(before.results)) return false;
          }
          if (s.results !== null && s.responses < POLL_MIN_RESPONSES) return false;
          before = s;
        }
        return true;
      }),
      RUNS,
    );
  });

  it('flags days far above the stated customers a day, and a total above the period', () => {
    const day = (d: string, n: number) => Array.from({ length: n }, () => ({ day: d }));
    const ctx = { today: '2026-03-10', openedOn: '2026-03-01', expectedPerMonth: 300 };
    // 300 a month = 10 a day; the limit is 3 × 10 = 30.
    expect(pollFlags([...day('2026-03-02', 30), ...day('2026-03-03', 31)], ctx)).toEqual([
      { kind: 'day', day: '2026-03-03', answers: 31, expected: 10 },
    ]);
    // A shop with 30 a month: the floor of 10 a day applies; 40 answers in 10 days > 30.
    const small = { ...ctx, expectedPerMonth: 30 };
    expect(
      pollFlags(
        [
          ...day('2026-03-02', 10),
          ...day('2026-03-03', 11),
          ...day('2026-03-04', 10),
          ...day('2026-03-05', 9),
        ],
        small,
      ),
    ).toEqual([
      { kind: 'day', day: '2026-03-03', answers: 11, expected: 1 },
      { kind: 'total', answers: 40, expected: 30 },
    ]);
    expect(pollFlags(day('2026-03-03', 500), { today: '2026-03-10', openedOn: '2026-03-01' })).toEqual([]);
  });

  it('says it in words: 12 of the 30 who answered use Telegram', () => {
    const r = pollResults(answersWith({ telegram: 12 }, 30));
    if (r === null) throw new Error('results expected');
    expect(tr.render(appSentence('telegram', r.apps.telegram, 30))).toBe(
      '12 of the 30 customers who answered use Telegram (40%); among all your customers probably between 24% and 58%.',
    );
    // The range's ends are rounded outward (24.6% to 57.7%), so each stays a bound.
    expect(wilson(12, 30).low).toBeGreaterThan(0.24);
    expect(wilson(12, 30).low).toBeLessThan(0.25);
    const words = summaryMessages(
      pollSummary(answersWith({ telegram: 12 }, 30), { today: '2026-03-02', openedOn: '2026-03-01' }),
      dayOf,
    ).map(tr.render);
    expect(words.join(' ')).toContain('phone users');
    expect(words.join(' ')).toContain('Fewer than 5 of the 30 customers who answered use email');
  });
});

describe('a large poll in words', () => {
  it('never says over 100%, under 0% or between 50% and 50%', () => {
    const n = 3000;
    const most = tr.render(appSentence('whatsapp', storedAppResult('most', n), n));
    expect(most).toContain('probably over 99%');
    const fewer = tr.render(appSentence('telegram', storedAppResult('fewer', n), n));
    expect(fewer).toMatch(/probably under 1%/);
    const half = tr.render(appSentence('email', storedAppResult(1500, n), n));
    expect(half).toContain('probably between 48% and 52%');
    expect(rangePercents({ low: 0.29, high: 0.58 })).toEqual({ low: 29, high: 58 });
  });
});

describe('every message renders (strict translations)', { timeout: 30_000 }, () => {
  it('results, withheld counts, flags, today, counter answers', () => {
    const answers: PollAnswer[] = [
      ...answersWith({ telegram: 12, whatsapp: 30 }, 30).map((a, i) => ({
        ...a,
        day: '2026-03-01',
        counter: i < 3,
      })),
      ...answersWith({}, 2).map((a) => ({ ...a, day: '2026-03-05' })),
    ];
    const s = pollSummary(answers, { today: '2026-03-05', openedOn: '2026-03-01', expectedPerMonth: 30 });
    const words = summaryMessages(s, dayOf).map(tr.render);
    expect(words).toContain('3 of these answers were given on your counter tablet.');
    expect(words.some((w) => w.startsWith('2 answers given today'))).toBe(true);
    expect(words.some((w) => w.startsWith('Unusually many answers on March 1, 2026: 30'))).toBe(true);
    expect(
      words.some((w) => w.startsWith('All but fewer than 5 of the 30 customers who answered use WhatsApp')),
    ).toBe(true);
    const few = summaryMessages(
      pollSummary(answersWith({}, 4), { today: '2026-03-02', openedOn: '2026-03-01' }),
      dayOf,
    ).map(tr.render);
    expect(few[0]).toBe(
      "4 customers have answered so far. Kanal shows results from 10 answers, so that no one's answer can be picked out.",
    );
  });
});

describe('counts of one read in the singular', () => {
  const ones = (results: null) => ({
    responses: 1,
    waiting: 1,
    today: 1,
    counterAnswers: 1,
    results,
    flags: [
      { kind: 'day' as const, day: '2026-03-01', answers: 11, expected: 1 },
      { kind: 'total' as const, answers: 40, expected: 1 },
    ],
  });

  it('English: 1 customer has, 1 answer, about 1 customer a day', () => {
    const words = summaryMessages(ones(null), dayOf).map(tr.render);
    expect(words).toEqual([
      "1 customer has answered so far. Kanal shows results from 10 answers, so that no one's answer can be picked out.",
      expect.any(String),
      "1 more answer will join the results once at least 5 new ones have come in, so that no one's answer can be worked out from the change.",
      '1 answer given today will be counted tomorrow (results change once a day, so no answer can be linked to the customer who just gave it).',
      '1 of these answers was given on your counter tablet.',
      'Unusually many answers on March 1, 2026: 11, while you said you have about 1 customer a day. Someone may have answered many times; consider resetting the poll.',
      'More answers (40) than the customer you said you have in this time (about 1). Some answers may not be from your customers.',
    ]);
    const two = { ...ones(null), responses: 2, waiting: 2, today: 2, counterAnswers: 2 };
    const plural = summaryMessages(two, dayOf).map(tr.render);
    expect(plural[0]).toMatch(/^2 customers have answered so far\./);
    expect(plural[2]).toMatch(/^2 more answers will join/);
    expect(plural[3]).toMatch(/^2 answers given today/);
    expect(plural[4]).toBe('2 of these answers were given on your counter tablet.');
  });

  it.each(['id', 'ms', 'zh'])('%s renders them (one plural form)', (language) => {
    const other = createI18n({ strict: true }).translator(language);
    const words = summaryMessages(ones(null), dayOf).map(other.render);
    expect(words).toHaveLength(7);
    for (const w of words) expect(w).not.toMatch(/\{\{|poll\./);
  });
});

describe('evidence for the plan: Answers customers.poll', { timeout: 30_000 }, () => {
  it('keeps shown counts, "fewer"/"most" for withheld ones, withheld age groups, and the day', () => {
    const answers = [
      ...answersWith({ telegram: 12, whatsapp: 28 }, 20, '30s'),
      ...answersWith({}, 10, '60plus'),
    ];
    const s = pollSummary(answers, { today: '2026-03-02', openedOn: '2026-03-01' });
    const poll = pollAnswersOf(s, '2026-03-02');
    expect(poll).toEqual({
      responses: 30,
      counts: { whatsapp: 20, telegram: 12, email: 'fewer' },
      ages: {
        under20: 'withheld',
        '20s': 'withheld',
        '30s': 20,
        '40s': 'withheld',
        '50s': 'withheld',
        // The zeros are withheld, so the smallest group shown (10) is too: they pool to 10.
        '60plus': 'withheld',
      },
      on: '2026-03-02',
    });
    // The stand-ins the plan uses: 2 for "fewer than 5", n - 2 for "all but fewer than 5".
    expect(evidenceCount('fewer', 30)).toBe(2);
    expect(evidenceCount('most', 30)).toBe(28);
    expect(evidenceCount(12, 30)).toBe(12);
    expect(
      pollAnswersOf(pollSummary(answersWith({}, 3), { today: '2026-03-02', openedOn: '2026-03-01' }), 'x'),
    ).toBeNull();
  });

  it('the stored counts give back the results as shown (count, share, Wilson range)', () => {
    const r = pollResults(answersWith({ telegram: 12, whatsapp: 29, email: 2 }, 30));
    if (r === null) throw new Error('results expected');
    for (const app of POLL_APPS) expect(storedAppResult(storedCount(r.apps[app]), 30)).toEqual(r.apps[app]);
  });

  it('what apply stores always validates as Answers, and never holds a count under 5', () => {
    fc.assert(
      fc.property(skewedAnswers, (answers) => {
        const s = pollSummary(answers, { today: '2026-03-02', openedOn: '2026-03-01' });
        const poll = pollAnswersOf(s, '2026-03-02');
        if (poll === null) return s.responses < POLL_MIN_RESPONSES;
        const v = validateAnswers({ ...SALON_ANSWERS, customers: { ...SALON_ANSWERS.customers, poll } });
        if (!v.ok) return false;
        const numbers = [...Object.values(poll.counts), ...Object.values(poll.ages ?? {})].filter(
          (x): x is number => typeof x === 'number',
        );
        const shownAges = Object.values(poll.ages ?? {}).filter((x): x is number => typeof x === 'number');
        const rest = poll.responses - shownAges.reduce((a, b) => a + b, 0);
        return (
          numbers.every((x) => x >= POLL_CELL_MIN) &&
          Object.values(poll.counts).every(
            (x) => typeof x !== 'number' || poll.responses - x >= POLL_CELL_MIN,
          ) &&
          (rest === 0 || rest >= POLL_CELL_MIN)
        );
      }),
      RUNS,
    );
  });
});
