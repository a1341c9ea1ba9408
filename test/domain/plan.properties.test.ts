/**
 * The invariants of model 2 (docs/engine.md, "Properties that always hold"), each over at least
 * 1,000 random valid Answers, plus determinism and conformance to the Plan shape. Grouped as the
 * issue states them: the order of evidence, advice that never harms, texts an owner can trust.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADVISED_CHANNELS,
  type AdvisedChannel,
  AGE_GROUPS,
  type Answers,
  PRIVACY_LEVELS,
} from '../../src/domain/answers.js';
import { messageShares } from '../../src/domain/evaluate.js';
import { MODEL } from '../../src/domain/model.js';
import { plan } from '../../src/domain/plan.js';
import { type Plan, PlanSchema } from '../../src/domain/plan-schema.js';
import { soakOr } from '../security/soak.js';
import { answersArb } from './arbitraries.js';
import { data, options } from './fixtures.js';

/** 1,000 runs under `npm run test:soak`, a quick 100 under `npm test`. */
const RUNS = { numRuns: soakOr(1000, 100) };
const quick = (a: Answers) => plan(a, data, { ...options, whatWouldChange: false });
const full = (a: Answers) => plan(a, data, options);
const score = (a: Answers, c: AdvisedChannel) => quick(a).channels[c].score;

const withCustomers = (a: Answers, customers: Partial<Answers['customers']>): Answers => ({
  ...a,
  customers: { ...a.customers, ...customers },
});

const channelArb = fc.constantFrom(...ADVISED_CHANNELS);
const pctArb = fc.double({ min: 0, max: 100, noNaN: true });
const pair = (p: number, q: number): readonly [number, number] => (p <= q ? [p, q] : [q, p]);
/** The owner's listed share for a channel and the channels reaching the same people. */
const SAME: Record<AdvisedChannel, readonly string[]> = {
  whatsapp_business: ['whatsapp_business', 'whatsapp_personal'],
  telegram: ['telegram'],
  email: ['email'],
};
const listedShareGiven = (a: Answers, c: AdvisedChannel) =>
  a.channels.some((u) => SAME[c].includes(u.channel) && u.sharePercent !== undefined);
const pollGiven = (a: Answers, c: AdvisedChannel) => {
  const k = a.customers.knownChannelUse ?? {};
  return c === 'whatsapp_business'
    ? k.whatsapp_business !== undefined || k.whatsapp_personal !== undefined
    : k[c] !== undefined;
};
/** The share of messages the engine counts for a channel (given, or split from what is left). */
const shareOf = (a: Answers, c: AdvisedChannel) => {
  const shares = messageShares(a);
  return Math.min(
    1,
    SAME[c].reduce((sum, x) => sum + (shares[x] ?? 0), 0),
  );
};
/** The app of the customer poll that measures each advised channel. */
const POLL_APP = { whatsapp_business: 'whatsapp', telegram: 'telegram', email: 'email' } as const;
const stepsOf = (p: Plan, c: AdvisedChannel) => p.actionPlan.filter((s) => s.channel === c);

describe('1. the order of evidence', { timeout: 240_000 }, () => {
  it('a poll is a fact: reach is exactly the owner’s figure (email: never below it, nor below the addresses on file)', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const k = a.customers.knownChannelUse ?? {};
        const onFile = a.customers.emailOnFilePercent;
        const wa = k.whatsapp_business ?? k.whatsapp_personal;
        if (wa !== undefined) expect(p.channels.whatsapp_business.reach).toBe(Math.round(wa * 10) / 1000);
        if (k.telegram !== undefined)
          expect(p.channels.telegram.reach).toBe(Math.round(k.telegram * 10) / 1000);
        const email = p.channels.email.reach * 100;
        if (k.email !== undefined) expect(email).toBeGreaterThanOrEqual(k.email - 0.05);
        if (onFile !== undefined) expect(email).toBeGreaterThanOrEqual(onFile - 0.05);
        for (const c of ADVISED_CHANNELS) if (pollGiven(a, c)) expect(p.channels[c].confidence).toBe('high');
      }),
      RUNS,
    );
  });

  it('raising a measured share never lowers that channel’s score', () => {
    fc.assert(
      fc.property(answersArb, channelArb, pctArb, pctArb, (a, c, p, q) => {
        const [low, high] = pair(p, q);
        const known = (v: number) => ({
          ...a.customers.knownChannelUse,
          [c]: v,
          whatsapp_personal: undefined,
        });
        expect(score(withCustomers(a, { knownChannelUse: known(high) }), c)).toBeGreaterThanOrEqual(
          score(withCustomers(a, { knownChannelUse: known(low) }), c),
        );
      }),
      RUNS,
    );
  });

  it('raising emailOnFilePercent never lowers email’s score', () => {
    fc.assert(
      fc.property(answersArb, pctArb, pctArb, (a, p, q) => {
        const [low, high] = pair(p, q);
        expect(score(withCustomers(a, { emailOnFilePercent: high }), 'email')).toBeGreaterThanOrEqual(
          score(withCustomers(a, { emailOnFilePercent: low }), 'email'),
        );
      }),
      RUNS,
    );
  });

  it('raising the share of messages a channel carries never lowers its score', () => {
    fc.assert(
      fc.property(answersArb, fc.integer({ min: 0, max: 100 }), (a, extra) => {
        const i = a.channels.findIndex((u) => (ADVISED_CHANNELS as readonly string[]).includes(u.channel));
        fc.pre(i >= 0 && a.channels.every((u) => u.sharePercent !== undefined));
        const c = a.channels[i]!.channel as AdvisedChannel;
        const total = a.channels.reduce((s, u) => s + (u.sharePercent ?? 0), 0);
        const more = Math.min(extra, 100 - total);
        const raised = a.channels.map((u, j) =>
          j === i ? { ...u, sharePercent: (u.sharePercent ?? 0) + more } : u,
        );
        expect(score({ ...a, channels: raised }, c)).toBeGreaterThanOrEqual(score(a, c));
      }),
      RUNS,
    );
  });

  it('the owner’s traffic sets a floor: a channel in use has reach of at least 0.8 x its share, unless the owner measured it; a customer poll is blended with that floor (decision 025)', () => {
    const n0 = MODEL.pollPriorAnswers.value;
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const poll = a.customers.poll;
        for (const c of ADVISED_CHANNELS) {
          if (pollGiven(a, c)) continue;
          const floor = Math.round(800 * shareOf(a, c)) / 1000;
          if (poll === undefined) {
            expect(p.channels[c].reach).toBeGreaterThanOrEqual(floor);
            continue;
          }
          // The poll outranks the floor, but the floor is part of the figure it is added to: a
          // withheld count enters as 2 ("fewer") or n - 2 ("most").
          const stored = poll.counts[POLL_APP[c]];
          const n = poll.responses;
          const k = stored === 'fewer' ? 2 : stored === 'most' ? n - 2 : stored;
          expect(p.channels[c].reach).toBeGreaterThanOrEqual((n0 * floor + k) / (n0 + n) - 0.0005);
        }
      }),
      RUNS,
    );
  });

  it('confirming an estimate never flips a verdict: a poll equal to the figure shown gives the same verdicts, with high confidence', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.constantFrom('telegram', 'whatsapp_business') as fc.Arbitrary<AdvisedChannel>,
        (a, c) => {
          fc.pre(!pollGiven(a, c));
          const before = quick(a);
          const confirmed = quick(
            withCustomers(a, {
              knownChannelUse: { ...a.customers.knownChannelUse, [c]: before.channels[c].reach * 100 },
            }),
          );
          for (const d of ADVISED_CHANNELS) {
            expect(confirmed.channels[d].verdict).toBe(before.channels[d].verdict);
            expect(confirmed.channels[d].score).toBe(before.channels[d].score);
          }
          expect(confirmed.channels[c].confidence).toBe('high');
        },
      ),
      RUNS,
    );
  });

  it('a one-point change in the age mix moves no score by more than 2 points (no cliffs; the main channel’s floor aside)', () => {
    fc.assert(
      fc.property(answersArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (a, x, y) => {
        fc.pre(x !== y);
        const from = AGE_GROUPS[x]!;
        const to = AGE_GROUPS[y]!;
        const moved = Math.min(1, a.customers.ageMix[from]);
        fc.pre(moved > 0);
        const ageMix = {
          ...a.customers.ageMix,
          [from]: a.customers.ageMix[from] - moved,
          [to]: a.customers.ageMix[to] + moved,
        };
        const before = quick(a);
        const after = quick(withCustomers(a, { ageMix }));
        // The main channel's floor aside: which channel is main may change (a rule of its own).
        const scoreOf = (p: Plan, c: AdvisedChannel) =>
          p.channels[c].factors.some((f) => f.factor === 'main_floor')
            ? Math.round(
                Math.min(
                  100,
                  Math.max(
                    0,
                    p.channels[c].factors
                      .filter((f) => f.factor !== 'main_floor')
                      .reduce((x, f) => x + f.points, 0),
                  ),
                ),
              )
            : p.channels[c].score;
        for (const c of ADVISED_CHANNELS)
          expect(Math.abs(scoreOf(after, c) - scoreOf(before, c))).toBeLessThanOrEqual(2);
      }),
      RUNS,
    );
  });

  it('reach moves with the age mix exactly as the data’s age shape says, where the data decides it', () => {
    fc.assert(
      fc.property(answersArb, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (a, x, y) => {
        fc.pre(x !== y);
        const from = AGE_GROUPS[x]!;
        const to = AGE_GROUPS[y]!;
        const moved = a.customers.ageMix[from] / 2;
        const ageMix = {
          ...a.customers.ageMix,
          [from]: a.customers.ageMix[from] - moved,
          [to]: a.customers.ageMix[to] + moved,
        };
        const before = quick(a);
        const after = quick(withCustomers(a, { ageMix }));
        const tiers = new Set(['country', 'region', 'world']);
        for (const c of ADVISED_CHANNELS) {
          const b = before.channels[c];
          const f = after.channels[c];
          if (!tiers.has(b.evidence) || !tiers.has(f.evidence)) continue;
          // The data's own adoption in the two groups (reachBySegment is the data's where it decides).
          const direction = Math.sign(b.reachBySegment[to] - b.reachBySegment[from]);
          const change = f.reach - b.reach;
          if (direction > 0) expect(change).toBeGreaterThanOrEqual(-0.001);
          if (direction < 0) expect(change).toBeLessThanOrEqual(0.001);
        }
      }),
      RUNS,
    );
  });

  it('turning a concern on moves each score only in the direction the model table (and its reason) states', () => {
    fc.assert(
      // which 0-2: a privacy step up (none->some, none->high, some->high); 3 competitor; 4 platform.
      fc.property(answersArb, fc.integer({ min: 0, max: 4 }), (a, which) => {
        const lower: Answers = { ...a, concerns: { ...a.concerns } };
        const higher: Answers = { ...a, concerns: { ...a.concerns } };
        const steps = [
          [0, 1],
          [0, 2],
          [1, 2],
        ] as const;
        const step = steps[which];
        let points: Record<AdvisedChannel, number>;
        if (step !== undefined) {
          lower.concerns.customerPrivacy = PRIVACY_LEVELS[step[0]];
          higher.concerns.customerPrivacy = PRIVACY_LEVELS[step[1]];
          const lo = MODEL.privacy[PRIVACY_LEVELS[step[0]]].points;
          const hi = MODEL.privacy[PRIVACY_LEVELS[step[1]]].points;
          points = {
            whatsapp_business: hi.whatsapp_business - lo.whatsapp_business,
            telegram: hi.telegram - lo.telegram,
            email: hi.email - lo.email,
          };
        } else if (which === 3) {
          lower.concerns.competitorDataSharing = false;
          higher.concerns.competitorDataSharing = true;
          points = MODEL.competitorDataSharing.points;
        } else {
          lower.concerns.platformDependence = false;
          higher.concerns.platformDependence = true;
          points = MODEL.platformDependence.points;
        }
        // The score before the main channel's floor (a separate rule: the main channel may change).
        const raw = (x: Answers, c: AdvisedChannel) =>
          quick(x)
            .channels[c].factors.filter((f) => f.factor !== 'main_floor')
            .reduce((sum, f) => sum + f.points, 0);
        for (const c of ADVISED_CHANNELS) {
          const delta = raw(higher, c) - raw(lower, c);
          // Factor points are rounded to a tenth each: allow that much noise.
          if (points[c] > 0) expect(delta).toBeGreaterThanOrEqual(-0.5);
          if (points[c] < 0) expect(delta).toBeLessThanOrEqual(0.5);
          if (points[c] === 0) expect(Math.abs(delta)).toBeLessThanOrEqual(0.5);
        }
      }),
      RUNS,
    );
  });
});

describe('2. advice that never harms', { timeout: 240_000 }, () => {
  it('exactly one channel is main, and it is never "skip"', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const mains = ADVISED_CHANNELS.filter((c) => p.channels[c].primary);
        expect(mains).toHaveLength(1);
        expect(p.channels[mains[0]!].verdict).not.toBe('skip');
      }),
      RUNS,
    );
  });

  it('a busy channel (30% of the messages or more) is never "skip" and never told to stop; the busiest is main unless the owner’s own count shows better', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const shares = Object.fromEntries(ADVISED_CHANNELS.map((c) => [c, shareOf(a, c) * 100])) as Record<
          AdvisedChannel,
          number
        >;
        for (const c of ADVISED_CHANNELS) {
          if (shares[c] < 30) continue;
          expect(p.channels[c].verdict).not.toBe('skip');
          expect(stepsOf(p, c).map((s) => s.message.key)).not.toContain('engine.step.stop');
        }
        const busiest = ADVISED_CHANNELS.filter((c) => shares[c] >= 30).sort(
          (x, y) => shares[y] - shares[x],
        )[0];
        const main = ADVISED_CHANNELS.find((c) => p.channels[c].primary)!;
        if (
          busiest !== undefined &&
          shares[busiest] > Math.max(...ADVISED_CHANNELS.filter((c) => c !== busiest).map((c) => shares[c]))
        )
          expect(main === busiest || p.channels[main].measured).toBe(true);
      }),
      RUNS,
    );
  });

  it('customers are only ever moved to a channel the plan recommends; a stopped channel is never busy', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const main = ADVISED_CHANNELS.find((c) => p.channels[c].primary)!;
        for (const s of p.actionPlan) {
          if (s.message.key !== 'engine.step.tell_before_stopping' && s.message.key !== 'engine.step.stop')
            continue;
          expect(['keep', 'add']).toContain(p.channels[main].verdict);
          expect(p.channels[s.channel as AdvisedChannel].verdict).toBe('skip');
          expect(s.channel).not.toBe(main);
        }
      }),
      RUNS,
    );
  });

  it('a channel in use is never told to poll whether customers use it', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const c of ADVISED_CHANNELS) {
          if (!a.channels.some((u) => SAME[c].includes(u.channel))) continue;
          const keys = stepsOf(p, c).map((s) => s.message.key);
          expect(keys).not.toContain('engine.step.poll');
          expect(keys).not.toContain('engine.step.poll_email');
        }
      }),
      RUNS,
    );
  });

  it('a solo owner never starts two new channels in the same weeks', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick({ ...a, team: 'solo' });
        const spans = ADVISED_CHANNELS.flatMap((c) => {
          const steps = stepsOf(p, c);
          const starts = steps.some(
            (s) => s.message.key.startsWith('engine.step.setup.') || s.message.key === 'engine.step.trial',
          );
          return starts
            ? [[Math.min(...steps.map((s) => s.week)), Math.max(...steps.map((s) => s.week))]]
            : [];
        });
        for (let i = 0; i < spans.length; i++)
          for (let j = i + 1; j < spans.length; j++)
            expect(spans[i]![1]! < spans[j]![0]! || spans[j]![1]! < spans[i]![0]!).toBe(true);
      }),
      RUNS,
    );
  });

  it('when LINE, the phone or another channel carries most messages, the plan says so and keeps it', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const lead = p.headlineMessage.params?.main as { key: string } | undefined;
        const leads = lead?.key.startsWith('engine.headline.main_other') ?? false;
        const carrying = Object.entries(p.otherChannels).filter(([, o]) =>
          o.reasons.some((r) => r.code === 'carries_most'),
        );
        expect(carrying.length).toBe(leads ? 1 : 0);
        if (leads) {
          const [channel] = carrying[0]!;
          expect(channel).not.toBe('whatsapp_personal');
          const share = a.channels.find((u) => u.channel === channel)!.sharePercent;
          if (share !== undefined) expect(share).toBeGreaterThanOrEqual(30);
        }
      }),
      RUNS,
    );
  });

  it('a channel reaching under a fifth of the customers is never "add" nor "keep", unless busy', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const c of ADVISED_CHANNELS) {
          const busy = shareOf(a, c) >= MODEL.busyShare.value;
          if (p.channels[c].reach < 0.2 && !busy)
            expect(['consider', 'skip']).toContain(p.channels[c].verdict);
        }
      }),
      RUNS,
    );
  });
});

describe('3. texts an owner can trust', { timeout: 240_000 }, () => {
  it('no reason or step contradicts the verdict it sits under', () => {
    const only: Record<string, readonly string[]> = {
      busy_floor: ['keep', 'add'],
      main_floor: ['consider'],
      reach_too_low: ['consider', 'skip'],
    };
    const steps: Record<string, readonly string[]> = {
      'engine.step.tell_before_stopping': ['skip'],
      'engine.step.stop': ['skip'],
      'engine.step.keep_quietly': ['skip'],
      'engine.step.keep_primary': ['keep'],
      'engine.step.keep': ['keep'],
      'engine.step.side_by_side_weeks': ['add'],
      'engine.step.move_over_weeks': ['add'],
      'engine.step.trial': ['consider'],
      'engine.step.count': ['consider'],
      'engine.step.poll': ['consider'],
    };
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const c of ADVISED_CHANNELS) {
          const v = p.channels[c].verdict;
          for (const r of p.channels[c].reasons) if (only[r.code]) expect(only[r.code]).toContain(v);
          for (const s of stepsOf(p, c)) if (steps[s.message.key]) expect(steps[s.message.key]).toContain(v);
        }
      }),
      RUNS,
    );
  });

  it('no figure is shown as the owner’s that they did not give', () => {
    const needsShare = new Set([
      'engine.reason.in_use',
      'engine.reason.in_use_personal',
      'engine.reason.busy_floor',
      'engine.reason.reach_traffic',
    ]);
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const c of ADVISED_CHANNELS) {
          for (const r of p.channels[c].reasons) {
            if (needsShare.has(r.message.key)) expect(listedShareGiven(a, c)).toBe(true);
            if (r.code === 'reach_measured') expect(pollGiven(a, c)).toBe(true);
            if (r.code === 'reach_on_file' || r.message.key === 'engine.reason.addresses_to_collect')
              expect(a.customers.emailOnFilePercent).toBeDefined();
          }
        }
        for (const [channel, o] of Object.entries(p.otherChannels))
          for (const r of o.reasons)
            if (r.message.key === 'engine.other.no_age_data')
              expect(a.channels.find((u) => u.channel === channel)?.sharePercent).toBeDefined();
      }),
      RUNS,
    );
  });

  it('each "what would change" is something the owner can do or measure, worded in its direction, and really moves the verdict', () => {
    const paths = new Set([
      'customers.ageMix',
      'customers.emailOnFilePercent',
      'customers.knownChannelUse.telegram',
      'customers.knownChannelUse.whatsapp_business',
      'team',
    ]);
    const rank = { skip: 0, consider: 1, keep: 2, add: 2 } as const;
    let applied = 0;
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = full(a);
        for (const w of p.whatWouldChange) {
          expect(paths.has(w.path)).toBe(true);
          expect(w.to).not.toBe(p.channels[w.channel].verdict);
          const up = rank[w.to] > rank[p.channels[w.channel].verdict];
          const key = w.message.key;
          const params = w.message.params as { to?: number; from?: number } | undefined;
          const to = params?.to;
          // The figure it would change to never reads as the figure today ("26% (you said 26%)").
          if (params?.from !== undefined) expect(params.from).not.toBe(to);
          // Polls, counts and addresses only ever help the channel they measure: "at least" moves it up.
          if (w.path !== 'team' && w.path !== 'customers.ageMix')
            expect(/(\.up|email_on_file|email_on_file_new)$/.test(key)).toBe(up);
          // The age mix moves each channel as its data's age shape says: the words follow the figure.
          if (w.path === 'customers.ageMix')
            expect(key.endsWith('_rise')).toBe((to ?? 0) >= (params?.from ?? 0));
          let changed: Answers | undefined;
          if (w.path === 'customers.emailOnFilePercent')
            changed = withCustomers(a, { emailOnFilePercent: to });
          if (w.path === 'customers.knownChannelUse.telegram')
            changed = withCustomers(a, { knownChannelUse: { ...a.customers.knownChannelUse, telegram: to } });
          if (changed !== undefined) {
            const main = ADVISED_CHANNELS.find((c) => p.channels[c].primary)!;
            const after = quick(changed);
            // The main channel may change with the answer; the channel's own verdict is what was promised.
            if (ADVISED_CHANNELS.find((c) => after.channels[c].primary) === main) {
              expect(after.channels[w.channel].verdict).toBe(w.to);
              applied++;
            }
          }
        }
      }),
      RUNS,
    );
    expect(applied).toBeGreaterThan(0);
  });

  it('borrowed or weak figures say so: a regional or world table, or a borrowed age pattern, is named in the reason', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const c of ADVISED_CHANNELS) {
          const r = p.channels[c].reasons.find((x) => x.code === 'reach_estimate');
          if (r === undefined) continue;
          if (p.dataTier === 'world') expect(r.message.key).toBe('engine.reason.reach_estimate_global');
          if (p.dataTier === 'region') expect(r.message.key).toBe('engine.reason.reach_estimate_region');
          const table = p.dataTier === 'region' ? data.regions[p.dataCountry] : data.countries[p.dataCountry];
          const series = table?.[c === 'whatsapp_business' ? 'whatsapp' : c];
          const borrowed = r.message.params?.borrowed;
          expect(series?.ageShapeFrom !== undefined || series?.levelFrom !== undefined).toBe(borrowed !== '');
        }
      }),
      RUNS,
    );
  });

  it('every verdict has a reason; every reason names its answers; every figure from the data names its source', () => {
    const figureCodes = new Set(['reach_estimate', 'reach_measured', 'reach_traffic', 'switching_loss']);
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const listed = new Set(p.sources.map((s) => s.id));
        const reasons = [
          ...ADVISED_CHANNELS.flatMap((c) => {
            expect(p.channels[c].reasons.length).toBeGreaterThan(0);
            return p.channels[c].reasons;
          }),
          ...Object.values(p.otherChannels).flatMap((o) => o.reasons),
        ];
        for (const r of reasons) {
          expect(r.from.length).toBeGreaterThan(0);
          expect(r.text.length).toBeGreaterThan(0);
          if (figureCodes.has(r.code)) expect(r.sources.length).toBeGreaterThan(0);
          for (const id of r.sources) {
            expect(data.sources[id]).toBeDefined();
            expect(listed.has(id)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('switching losses are 0-100, shown only to a business on WhatsApp; reach (overall and by age) is 0-1', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const s of [p.switching.telegram, p.switching.email]) {
          expect(s.customersLostPercent).toBeGreaterThanOrEqual(0);
          expect(s.customersLostPercent).toBeLessThanOrEqual(100);
        }
        const onWhatsapp = a.channels.some((u) => SAME.whatsapp_business.includes(u.channel));
        expect(p.channels.whatsapp_business.reasons.some((r) => r.code === 'switching_loss')).toBe(
          onWhatsapp,
        );
        for (const c of ADVISED_CHANNELS) {
          for (const r of [p.channels[c].reach, ...Object.values(p.channels[c].reachBySegment)]) {
            expect(r).toBeGreaterThanOrEqual(0);
            expect(r).toBeLessThanOrEqual(1);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('determinism and shape', { timeout: 240_000 }, () => {
  it('the same answers give byte-identical JSON, twice, even from a fresh copy of the input', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        expect(JSON.stringify(full(structuredClone(a)))).toBe(JSON.stringify(full(a)));
      }),
      RUNS,
    );
  });

  it('any valid Answers gives a Plan that validates against the Plan shape (all texts render, strict)', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = full(a);
        expect(() => PlanSchema.parse(p)).not.toThrow();
        expect(JSON.stringify(PlanSchema.parse(p))).toBe(JSON.stringify(p));
      }),
      RUNS,
    );
  });
});
