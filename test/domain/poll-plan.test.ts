/**
 * The customer poll in the plan (issue 12 items 4-5, decision 025): Answers `customers.poll` is
 * evidence the engine blends with the figure it would show without it (worth
 * MODEL.pollPriorAnswers answers); a share the owner typed (knownChannelUse) comes first; the
 * reasons say the counts in words, in every language.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Answers, POLL_CELL_MIN, type PollCount } from '../../src/domain/answers.js';
import { MODEL, MODEL_VERSION } from '../../src/domain/model.js';
import { plan, renderPlan } from '../../src/domain/plan.js';
import { PlanSchema } from '../../src/domain/plan-schema.js';
import { evidenceCount } from '../../src/domain/poll.js';
import { createI18n } from '../../src/i18n.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { soakOr } from '../security/soak.js';
import { answersArb } from './arbitraries.js';
import { answersOf, data, options } from './fixtures.js';

/** 1,000 runs under `npm run test:soak`, a quick 100 under `npm test`. */
const RUNS = { numRuns: soakOr(1000, 100) };
const quick = (a: Answers) => plan(a, data, { ...options, whatWouldChange: false });

type Poll = NonNullable<Answers['customers']['poll']>;
const withPoll = (
  a: Answers,
  poll: Poll | undefined,
  known?: Answers['customers']['knownChannelUse'],
): Answers => {
  const { knownChannelUse: _k, poll: _p, ...customers } = a.customers;
  return {
    ...a,
    customers: {
      ...customers,
      ...(known === undefined ? {} : { knownChannelUse: known }),
      ...(poll === undefined ? {} : { poll }),
    },
  };
};

/** A count as the poll stores it for n answers: "fewer", a number from 5 to n - 5, or "most". */
const countArb = (n: number): fc.Arbitrary<PollCount> =>
  fc.oneof(
    fc.constant('fewer' as const),
    fc.constant('most' as const),
    fc.integer({ min: POLL_CELL_MIN, max: n - POLL_CELL_MIN }),
  );
const pollArb: fc.Arbitrary<Poll> = fc.integer({ min: 10, max: 400 }).chain((n) =>
  fc.record({
    responses: fc.constant(n),
    counts: fc.record({ whatsapp: countArb(n), telegram: countArb(n), email: countArb(n) }),
    on: fc.constant('2026-12-01'),
  }),
);
/** The order of stored counts: "fewer" below every number, "most" above. */
const rank = (c: PollCount, n: number) => (c === 'fewer' ? -1 : c === 'most' ? n + 1 : c);

const SALON = answersOf({
  ...SALON_ANSWERS,
  customers: { ...SALON_ANSWERS.customers, knownChannelUse: undefined },
});
const salonPoll = (telegram: PollCount, n = 30): Poll => ({
  responses: n,
  counts: { whatsapp: 'most', telegram, email: 'fewer' },
  on: '2026-12-01',
});

describe('customers.poll in the plan: known values', () => {
  it('12 of 30 on Telegram, in words, blended with the figure shown without the poll', () => {
    const without = quick(SALON).channels.telegram;
    const p = quick(withPoll(SALON, salonPoll(12)));
    const tg = p.channels.telegram;
    expect(tg.evidence).toBe('poll');
    expect(tg.measured).toBe(true);
    expect(tg.confidence).toBe('high');
    // (20 x prior + 12) / 50, rounded to 3 places as every reach.
    expect(tg.reach).toBeCloseTo((MODEL.pollPriorAnswers.value * without.reach + 12) / 50, 3);
    const reason = tg.reasons.find((r) => r.code === 'reach_poll');
    expect(reason?.text).toMatch(
      /^12 of the 30 customers who answered your poll use Telegram \(40%\); among all your customers probably between 24% and 58%\. People who answer a QR poll are phone users, so Kanal adds your poll to its estimate for your customers' ages \(\d+%, counted as 20 answers\): about \d+% of your customers use Telegram, your customers' answers counting for 60% of this figure\.$/,
    );
    expect(reason?.from).toContain('customers.poll.counts.telegram');
    // Withheld counts are said as such, never as a number.
    const wa = p.channels.whatsapp_business.reasons.find((r) => r.code === 'reach_poll');
    expect(wa?.text).toMatch(/^All but fewer than 5 of the 30 customers who answered your poll use WhatsApp/);
    const email = p.channels.email.reasons.map((r) => r.text).join(' ');
    expect(email).not.toMatch(/\b[0-4] of the 30\b/);
    expect(p.modelVersion).toBe(MODEL_VERSION);
    expect(PlanSchema.safeParse(p).success).toBe(true);
  });

  it('a share the owner typed comes before the poll, and the reason says the poll was set aside', () => {
    const p = quick(withPoll(SALON, salonPoll(25), { telegram: 10 }));
    expect(p.channels.telegram).toMatchObject({ reach: 0.1, evidence: 'measured' });
    expect(p.channels.telegram.reasons.map((r) => r.code)).toContain('poll_set_aside');
  });

  it('fewer than 20 answers: the poll counts for less than half, confidence medium', () => {
    const p = quick(withPoll(SALON, salonPoll(6, 12)));
    expect(p.channels.telegram.confidence).toBe('medium');
  });

  it('what would change a polled channel starts from the poll’s figure', () => {
    const p = plan(withPoll(SALON, salonPoll(12)), data, options);
    for (const ch of p.whatWouldChange.filter((x) => x.channel === 'telegram' && x.path.includes('known')))
      expect(ch.change).toContain("Kanal's figure from your poll now");
  });

  it('renders in every language (strict translations)', () => {
    const i18n = createI18n({ strict: true });
    const messages = plan(withPoll(SALON, salonPoll(12)), data);
    const fewer = plan(withPoll(SALON, salonPoll('fewer')), data);
    const set = plan(withPoll(SALON, salonPoll(12), { telegram: 10 }), data);
    for (const lang of ['en', 'id', 'ms', 'zh']) {
      const tr = i18n.translator(lang);
      for (const m of [messages, fewer, set]) {
        const p = renderPlan(m, tr.render, lang);
        const text = p.channels.telegram.reasons.map((r) => r.text).join(' ');
        expect(text).not.toMatch(/\{\{|engine\./);
      }
      const r = renderPlan(messages, tr.render, lang).channels.telegram.reasons[0]!.text;
      expect(r).toContain('12');
      expect(r).toContain('30');
    }
  });
});

describe('customers.poll in the plan: properties', { timeout: 120_000 }, () => {
  it('more Telegram answers never lower Telegram’s score (same answers, or a new one naming it)', () => {
    fc.assert(
      fc.property(answersArb, pollArb, fc.integer({ min: 5, max: 395 }), (a, poll, k0) => {
        const n = poll.responses;
        const base = withPoll(a, poll);
        const c = poll.counts.telegram;
        const more: PollCount =
          c === 'fewer' ? POLL_CELL_MIN : c === 'most' ? 'most' : c + 1 > n - 5 ? 'most' : c + 1;
        const s0 = quick(base).channels.telegram.score;
        const s1 = quick(withPoll(a, { ...poll, counts: { ...poll.counts, telegram: more } })).channels
          .telegram.score;
        if (s1 < s0) return false;
        // A new answer naming Telegram, the count shown before and after.
        const k = Math.min(Math.max(k0, 5), n - 5);
        const shown = { ...poll, counts: { ...poll.counts, telegram: k } };
        const grown = { ...poll, responses: n + 1, counts: { ...poll.counts, telegram: k + 1 } };
        const other = (x: PollCount) => (typeof x === 'number' && n + 1 - x < POLL_CELL_MIN ? 'most' : x);
        const g = {
          ...grown,
          counts: {
            whatsapp: other(grown.counts.whatsapp),
            telegram: k + 1,
            email: other(grown.counts.email),
          },
        };
        return (
          quick(withPoll(a, g)).channels.telegram.score >= quick(withPoll(a, shown)).channels.telegram.score
        );
      }),
      RUNS,
    );
  });

  it('ordered counts give ordered scores for every app', () => {
    fc.assert(
      fc.property(
        answersArb,
        pollArb,
        fc.constantFrom('whatsapp', 'telegram', 'email' as const),
        (a, poll, app) => {
          const n = poll.responses;
          const ch = app === 'whatsapp' ? 'whatsapp_business' : app;
          const at = (c: PollCount) =>
            quick(withPoll(a, { ...poll, counts: { ...poll.counts, [app]: c } })).channels[ch].score;
          const counts: PollCount[] = ['fewer', POLL_CELL_MIN, Math.floor(n / 2), n - POLL_CELL_MIN, 'most'];
          const scores = counts.map(at);
          return scores.every((s, i) => i === 0 || s >= scores[i - 1]!) && rank('fewer', n) < rank('most', n);
        },
      ),
      { numRuns: soakOr(300, 40) },
    );
  });

  it('the blend lies between the figure without the poll and the poll’s own share', () => {
    fc.assert(
      fc.property(answersArb, pollArb, (a, poll) => {
        const unpolled = quick(withPoll(a, undefined, {})).channels.telegram;
        const p = quick(withPoll(a, poll, {})).channels.telegram;
        const n = poll.responses;
        const observed = evidenceCount(poll.counts.telegram, n) / n;
        const lo = Math.min(unpolled.reach, observed) - 0.0005;
        const hi = Math.max(unpolled.reach, observed) + 0.0005;
        return p.evidence === 'poll' && p.reach >= lo && p.reach <= hi;
      }),
      RUNS,
    );
  });

  it('a typed share always wins over the poll; every plan with a poll is a valid Plan naming the counts', () => {
    fc.assert(
      fc.property(answersArb, pollArb, fc.integer({ min: 0, max: 100 }), (a, poll, typed) => {
        const p = quick(withPoll(a, poll, { telegram: typed }));
        const polled = quick(withPoll(a, poll, {}));
        const reason = polled.channels.telegram.reasons.find((r) => r.code === 'reach_poll');
        return (
          p.channels.telegram.reach === Math.round(typed * 10) / 1000 &&
          PlanSchema.safeParse(polled).success &&
          (reason?.text.includes(`${poll.responses} customers who answered your poll`) ?? false)
        );
      }),
      RUNS,
    );
  });
});
