/**
 * whatWouldChange against a reference that tries everything: every toggle and every whole value of
 * every percentage lever, each judged by the plain evaluateChannel (not the search's fast probe),
 * keeping for each channel and direction the smallest change (ties: toggles in their order, then
 * the levers in order, upward before downward). The search skips most of these by bisection and
 * branch and bound; this shows that it skips nothing that matters.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS, type AdvisedChannel, PRIVACY_LEVELS, TEAMS } from '../../src/domain/answers.js';
import {
  DATA_CHANNEL,
  evaluate,
  evaluateChannel,
  round3,
  type Situation,
  situationFrom,
  VERDICT_RANK,
  weighted,
} from '../../src/domain/evaluate.js';
import { MODEL } from '../../src/domain/model.js';
import { preparedAdoption } from '../../src/domain/plan.js';
import type { Verdict } from '../../src/domain/plan-schema.js';
import { shiftUnder30, sizeOf, whatWouldChange } from '../../src/domain/what-would-change.js';
import { answersArb } from './arbitraries.js';
import { answersOf, data } from './fixtures.js';

interface Candidate {
  readonly channel: AdvisedChannel;
  readonly to: Verdict;
  readonly path: string;
  readonly size: number;
}

const pct = (share: number) => Math.round(share * 100);
const estimate = (sit: Situation, c: AdvisedChannel) =>
  round3(weighted(sit.mix, sit.profile.channels[DATA_CHANNEL[c]].byDecade));

/** The percentage levers: path, current value in percent, and the situation at another value. */
function levers(sit: Situation) {
  const knownNow = (c: AdvisedChannel) => {
    const k = sit.known[c];
    return k === undefined ? pct(estimate(sit, c)) : k * 100;
  };
  const emailNow =
    sit.emailOnFile !== undefined
      ? sit.emailOnFile * 100
      : pct(sit.known.email === undefined ? estimate(sit, 'email') : round3(sit.known.email));
  return [
    {
      path: 'customers.ageMix',
      current: (sit.mix[0]! + sit.mix[1]!) * 100,
      at: (v: number): Situation => ({ ...sit, mix: shiftUnder30(sit.mix, v / 100) }),
    },
    {
      path: 'customers.emailOnFilePercent',
      current: emailNow,
      at: (v: number): Situation => ({ ...sit, emailOnFile: v / 100 }),
    },
    {
      path: 'customers.knownChannelUse.telegram',
      current: knownNow('telegram'),
      at: (v: number): Situation => ({ ...sit, known: { ...sit.known, telegram: v / 100 } }),
    },
    {
      path: 'customers.knownChannelUse.whatsapp_business',
      current: knownNow('whatsapp_business'),
      at: (v: number): Situation => ({ ...sit, known: { ...sit.known, whatsapp_business: v / 100 } }),
    },
  ];
}

/** Every single-answer change in the search's order of preference, with its size. */
function everyChange(sit: Situation): { path: string; size: number; sit: Situation }[] {
  const toggle = MODEL.toggleSize.value;
  const out: { path: string; size: number; sit: Situation }[] = [];
  const level = PRIVACY_LEVELS.indexOf(sit.privacy);
  PRIVACY_LEVELS.forEach((privacy, i) => {
    if (i !== level)
      out.push({
        path: 'concerns.customerPrivacy',
        size: toggle * Math.abs(i - level),
        sit: { ...sit, privacy },
      });
  });
  out.push({
    path: 'concerns.competitorDataSharing',
    size: toggle,
    sit: { ...sit, competitor: !sit.competitor },
  });
  out.push({ path: 'concerns.platformDependence', size: toggle, sit: { ...sit, platform: !sit.platform } });
  for (const team of TEAMS)
    if (team !== sit.team) out.push({ path: 'team', size: toggle, sit: { ...sit, team } });
  for (const lever of levers(sit)) {
    // Upward from the first whole value at or above today's, then downward.
    for (let v = Math.ceil(lever.current); v <= 100; v++)
      out.push({ path: lever.path, size: sizeOf(v, lever.current), sit: lever.at(v) });
    for (let v = Math.floor(lever.current); v >= 0; v--)
      out.push({ path: lever.path, size: sizeOf(v, lever.current), sit: lever.at(v) });
  }
  return out;
}

function reference(sit: Situation): Candidate[] {
  const today = evaluate(sit);
  const best = new Map<string, Candidate>();
  for (const change of everyChange(sit)) {
    for (const c of ADVISED_CHANNELS) {
      const to = evaluateChannel(change.sit, c).verdict;
      const delta = VERDICT_RANK[to] - VERDICT_RANK[today.channels[c].verdict];
      if (delta === 0) continue;
      const pair = `${c} ${delta > 0 ? 'up' : 'down'}`;
      const current = best.get(pair);
      if (current === undefined || change.size < current.size)
        best.set(pair, { channel: c, to, path: change.path, size: change.size });
    }
  }
  return ADVISED_CHANNELS.flatMap((c) =>
    [best.get(`${c} up`), best.get(`${c} down`)].filter((x): x is Candidate => x !== undefined),
  );
}

/** The search's result for a situation (its verdicts today from the plain evaluate()). */
function search(sit: Situation): Candidate[] {
  const e = evaluate(sit);
  return whatWouldChange(sit, {
    whatsapp_business: e.channels.whatsapp_business.verdict,
    telegram: e.channels.telegram.verdict,
    email: e.channels.email.verdict,
  }).map(({ channel, to, path, size }) => ({ channel, to, path, size }));
}

describe('whatWouldChange', () => {
  it('finds, for every channel and direction, the smallest change that a full scan finds', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const sit = situationFrom(a, preparedAdoption(data));
        expect(search(sit)).toEqual(reference(sit));
      }),
      { numRuns: 300 },
    );
  });

  it('each percentage lever moves a verdict one way only as its value rises (why bisection is exact), but for email under the age lever with a rough estimate and addresses on file', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const sit = situationFrom(a, preparedAdoption(data));
        for (const lever of levers(sit)) {
          for (const c of ADVISED_CHANNELS) {
            const lowConfidence = sit.profile.channels[DATA_CHANNEL[c]].confidence === 'low';
            const exception =
              lever.path === 'customers.ageMix' &&
              c === 'email' &&
              lowConfidence &&
              sit.emailOnFile !== undefined &&
              sit.known.email === undefined;
            if (exception) continue;
            const ranks = Array.from(
              { length: 101 },
              (_, v) => VERDICT_RANK[evaluateChannel(lever.at(v), c).verdict],
            );
            const rises = ranks.every((r, v) => v === 0 || r >= ranks[v - 1]!);
            const falls = ranks.every((r, v) => v === 0 || r <= ranks[v - 1]!);
            expect(rises || falls, `${lever.path} moves ${c} both ways: ${ranks.join(' ')}`).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('treats a move of 9.999999999999996 points as the 10 it is: a tie, so the toggle found first wins (found by the property above in CI)', () => {
    // Under 30 is 18.6 + 10.4 = 29.000000000000004%; moving it to 39% is "9.999999999999996"
    // points in floating point, and 29.000000000000004 + 10 rounds to 39 exactly.
    const answers = answersOf({
      version: 1,
      business: { country: 'ID', sector: 'beauty' },
      customers: {
        ageMix: { under20: 18.6, '20s': 10.4, '30s': 11.8, '40s': 27.1, '50s': 20.3, '60plus': 11.8 },
      },
      channels: [],
      whatsappFeatures: [],
      purposes: ['appointments'],
      concerns: { customerPrivacy: 'high', competitorDataSharing: false, platformDependence: false },
      team: 'small_team',
    });
    const sit = situationFrom(answers, preparedAdoption(data));
    const found = search(sit);
    expect(sizeOf(39, (sit.mix[0]! + sit.mix[1]!) * 100)).toBe(10);
    // With data 2026-12 (Indonesian Telegram from KIC) this business no longer sits on that tie;
    // the search must still agree with the full scan.
    expect(found).toEqual(reference(sit));
  });

  it('finds the smallest change where a verdict can move both ways: email, a rough estimate, addresses on file (found at 20,000 runs)', () => {
    // Global (low-confidence) figures, everyone 60 or over, 51% of addresses on file: as the young
    // share rises, email's estimate passes 51% and is capped there, and its score drops from the
    // pulled estimate (consider) to the measured cap (skip).
    const answers = answersOf({
      version: 1,
      business: { country: 'AQ', sector: 'beauty' },
      customers: {
        ageMix: { under20: 0, '20s': 0, '30s': 0, '40s': 0, '50s': 0, '60plus': 100 },
        emailOnFilePercent: 51,
      },
      channels: [],
      whatsappFeatures: [],
      purposes: [],
      concerns: { customerPrivacy: 'none', competitorDataSharing: false, platformDependence: false },
      team: 'solo',
    });
    const sit = situationFrom(answers, preparedAdoption(data));
    const age = levers(sit)[0]!;
    const ranks = Array.from(
      { length: 101 },
      (_, v) => VERDICT_RANK[evaluateChannel(age.at(v), 'email').verdict],
    );
    expect(ranks.some((r, v) => v > 0 && r > ranks[v - 1]!)).toBe(true);
    expect(ranks.some((r, v) => v > 0 && r < ranks[v - 1]!)).toBe(true);
    const found = search(sit);
    expect(found).toEqual(reference(sit));
  });
});
