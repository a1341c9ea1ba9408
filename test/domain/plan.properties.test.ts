/**
 * The invariants of the recommendation model (docs/engine.md), each over at least 1,000 random valid Answers,
 * plus determinism and conformance to the Plan shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS, AGE_GROUPS, type Answers, PRIVACY_LEVELS } from '../../src/domain/answers.js';
import { plan } from '../../src/domain/plan.js';
import { PlanSchema } from '../../src/domain/plan-schema.js';
import { answersArb } from './arbitraries.js';
import { data, options } from './fixtures.js';

const RUNS = { numRuns: 1000 };
const quick = (a: Answers) => plan(a, data, { ...options, whatWouldChange: false });
const full = (a: Answers) => plan(a, data, options);
const score = (a: Answers, c: (typeof ADVISED_CHANNELS)[number]) => quick(a).channels[c].score;

const withCustomers = (a: Answers, customers: Partial<Answers['customers']>): Answers => ({
  ...a,
  customers: { ...a.customers, ...customers },
});

describe('invariants of the model', { timeout: 180_000 }, () => {
  it('moving customers from an older decade to a younger one never lowers Telegram’s score', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (a, x, y, fraction) => {
          fc.pre(x !== y);
          const younger = AGE_GROUPS[Math.min(x, y)]!;
          const older = AGE_GROUPS[Math.max(x, y)]!;
          const moved = a.customers.ageMix[older] * fraction;
          const ageMix = {
            ...a.customers.ageMix,
            [older]: a.customers.ageMix[older] - moved,
            [younger]: a.customers.ageMix[younger] + moved,
          };
          expect(score(withCustomers(a, { ageMix }), 'telegram')).toBeGreaterThanOrEqual(
            score(a, 'telegram'),
          );
        },
      ),
      RUNS,
    );
  });

  it('raising emailOnFilePercent never lowers email’s score', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (a, p, q) => {
          const [low, high] = p <= q ? [p, q] : [q, p];
          expect(score(withCustomers(a, { emailOnFilePercent: high }), 'email')).toBeGreaterThanOrEqual(
            score(withCustomers(a, { emailOnFilePercent: low }), 'email'),
          );
        },
      ),
      RUNS,
    );
  });

  it('turning a privacy or competitor concern on never lowers Telegram’s or email’s score', () => {
    fc.assert(
      // which 0-2: a privacy step up, one of none->some, none->high, some->high; 3: competitor worry.
      fc.property(answersArb, fc.integer({ min: 0, max: 3 }), (a, which) => {
        const lower: Answers = { ...a, concerns: { ...a.concerns } };
        const higher: Answers = { ...a, concerns: { ...a.concerns } };
        const steps = [
          [0, 1],
          [0, 2],
          [1, 2],
        ] as const;
        const step = steps[which];
        if (step !== undefined) {
          lower.concerns.customerPrivacy = PRIVACY_LEVELS[step[0]];
          higher.concerns.customerPrivacy = PRIVACY_LEVELS[step[1]];
        } else {
          lower.concerns.competitorDataSharing = false;
          higher.concerns.competitorDataSharing = true;
        }
        for (const c of ['telegram', 'email'] as const) {
          expect(score(higher, c)).toBeGreaterThanOrEqual(score(lower, c));
        }
      }),
      RUNS,
    );
  });

  it('raising the measured Telegram share never lowers Telegram’s score', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (a, p, q) => {
          const [low, high] = p <= q ? [p, q] : [q, p];
          const known = (t: number) => ({ ...a.customers.knownChannelUse, telegram: t });
          expect(
            score(withCustomers(a, { knownChannelUse: known(high) }), 'telegram'),
          ).toBeGreaterThanOrEqual(score(withCustomers(a, { knownChannelUse: known(low) }), 'telegram'));
        },
      ),
      RUNS,
    );
  });

  it('exactly one channel is primary, never one reaching clearly (over 0.10) fewer than another recommended channel', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        const primaries = ADVISED_CHANNELS.filter((c) => p.channels[c].primary);
        expect(primaries).toHaveLength(1);
        const primary = p.channels[primaries[0]!];
        for (const c of ADVISED_CHANNELS) {
          const other = p.channels[c];
          if (other.verdict === 'keep' || other.verdict === 'add') {
            expect(Math.round(other.reach * 1000) - Math.round(primary.reach * 1000)).toBeLessThanOrEqual(
              100,
            );
          }
        }
      }),
      RUNS,
    );
  });

  it('a channel reaching under a fifth of the customers is never "add" (nor "keep")', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const c of ADVISED_CHANNELS) {
          if (p.channels[c].reach < 0.2) expect(['consider', 'skip']).toContain(p.channels[c].verdict);
        }
      }),
      RUNS,
    );
  });

  it('every verdict has a reason; every reason names its answers; every figure from the data names its source', () => {
    const figureCodes = new Set([
      'reach_estimate',
      'reach_measured',
      'reach_too_low',
      'switching_loss',
      'low_confidence',
    ]);
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

  it('switching losses are 0-100 and reach (overall and by decade) is 0-1', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = quick(a);
        for (const s of [p.switching.telegram, p.switching.email]) {
          expect(s.customersLostPercent).toBeGreaterThanOrEqual(0);
          expect(s.customersLostPercent).toBeLessThanOrEqual(100);
        }
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

describe('determinism and shape', { timeout: 180_000 }, () => {
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

  it('each whatWouldChange entry really moves the verdict when the change is a yes/no concern', () => {
    let checked = 0;
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = full(a);
        for (const w of p.whatWouldChange) {
          expect(w.to).not.toBe(p.channels[w.channel].verdict);
          if (w.path === 'concerns.competitorDataSharing' || w.path === 'concerns.platformDependence') {
            const key =
              w.path === 'concerns.competitorDataSharing' ? 'competitorDataSharing' : 'platformDependence';
            const changed: Answers = { ...a, concerns: { ...a.concerns, [key]: !a.concerns[key] } };
            expect(quick(changed).channels[w.channel].verdict).toBe(w.to);
            checked++;
          }
        }
      }),
      RUNS,
    );
    // The generator must actually reach the case this test is about.
    expect(checked).toBeGreaterThan(0);
  });
});
