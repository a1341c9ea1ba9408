/**
 * The order of evidence (evidence.ts), by hand and against plain references: the owner's poll
 * replaces the estimate, addresses on file are a floor for email, the owner's traffic a floor for
 * any channel in use, the data fills in the rest; and the exact scaling of an age profile agrees
 * with the plain bisection it replaced.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reachEvidence, scaleToShare, weighted } from '../../src/domain/evidence.js';
import { soakOr } from '../security/soak.js';

const flat = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
const mix = [0, 0.5, 0.5, 0, 0, 0];
const input = {
  byDecade: flat,
  tier: 'country' as const,
  mix,
  known: undefined,
  poll: undefined,
  needsAddresses: false,
  onFile: undefined,
  listed: false,
  share: 0,
};

describe('reachEvidence', () => {
  it('uses the data where the owner says nothing', () => {
    expect(reachEvidence(input)).toMatchObject({ reach: 0.5, estimate: 0.5, kind: 'country', toCollect: 0 });
    expect(reachEvidence({ ...input, tier: 'world' }).kind).toBe('world');
  });

  it('a busy channel sets a floor of 0.8 x its share of messages over the estimate', () => {
    expect(reachEvidence({ ...input, listed: true, share: 0.9 })).toMatchObject({
      reach: 0.72,
      kind: 'traffic',
    });
    expect(reachEvidence({ ...input, listed: true, share: 0.5 })).toMatchObject({
      reach: 0.5,
      kind: 'country',
    });
  });

  it('a poll replaces both, up or down: the owner’s figure as it is', () => {
    expect(reachEvidence({ ...input, listed: true, share: 0.9, known: 0.3 })).toMatchObject({
      reach: 0.3,
      kind: 'measured',
      unpolled: 0.72,
    });
    expect(reachEvidence({ ...input, known: 0.95 })).toMatchObject({ reach: 0.95, kind: 'measured' });
  });

  it('a customer poll is added to the figure shown without it, worth 20 answers', () => {
    // 12 of 30 with an estimate of 50%: (20 x 0.5 + 12) / 50 = 44%.
    expect(reachEvidence({ ...input, poll: { k: 12, n: 30 } })).toMatchObject({
      reach: 0.44,
      kind: 'poll',
      prior: 0.5,
      unpolled: 0.5,
    });
    // On a busy channel the poll is added to the traffic floor (72%): (14.4 + 12) / 50.
    expect(reachEvidence({ ...input, listed: true, share: 0.9, poll: { k: 12, n: 30 } })).toMatchObject({
      reach: 0.528,
      kind: 'poll',
      prior: 0.72,
    });
    // A poll confirming the figure changes nothing but the evidence.
    expect(reachEvidence({ ...input, poll: { k: 15, n: 30 } }).reach).toBe(0.5);
  });

  it('a share the owner typed comes before the poll; addresses on file stay a floor', () => {
    expect(reachEvidence({ ...input, known: 0.3, poll: { k: 25, n: 30 } })).toMatchObject({
      reach: 0.3,
      kind: 'measured',
    });
    const email = { ...input, needsAddresses: true };
    expect(reachEvidence({ ...email, onFile: 0.6, poll: { k: 5, n: 30 } })).toMatchObject({
      reach: 0.6,
      kind: 'on_file',
    });
    const polled = reachEvidence({ ...email, onFile: 0.1, poll: { k: 20, n: 30 } });
    expect(polled).toMatchObject({ reach: 0.6, kind: 'poll' });
    expect(polled.toCollect).toBeCloseTo(0.5, 10);
  });

  it('more answers naming the app never lower reach; the poll lies between prior and observation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 1000 }),
        (n, k0, p) => {
          const k = Math.min(k0, n - 1);
          const byDecade = [p, p, p, p, p, p].map((x) => x / 1000);
          const at = (kk: number, nn: number) =>
            reachEvidence({ ...input, byDecade, poll: { k: kk, n: nn } }).reach;
          const prior = reachEvidence({ ...input, byDecade }).reach;
          const r = at(k, n);
          const lo = Math.min(prior, k / n) - 0.0005;
          const hi = Math.max(prior, k / n) + 0.0005;
          return at(k + 1, n) >= r && at(k + 1, n + 1) >= r && r >= lo && r <= hi;
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('email: the addresses on file are a floor, and the rest must be collected', () => {
    const email = { ...input, needsAddresses: true };
    expect(reachEvidence({ ...email, onFile: 0.95 })).toMatchObject({
      reach: 0.95,
      kind: 'on_file',
      toCollect: 0,
    });
    const some = reachEvidence({ ...email, onFile: 0.2 });
    expect(some).toMatchObject({ reach: 0.5, kind: 'country' });
    expect(some.toCollect).toBeCloseTo(0.3, 10);
    // None known and not in use: all of it is still to collect; in use: the owner has a list.
    expect(reachEvidence(email).toCollect).toBe(0.5);
    expect(reachEvidence({ ...email, listed: true, share: 0.1 }).toCollect).toBe(0);
  });
});

/** The plain reference: 60 steps of bisection on k (model 1's scaleToShare). */
function bisect(p: readonly number[], m: readonly number[], target: number): number[] {
  let reachable = 0;
  let minPositive = 1;
  for (let d = 0; d < p.length; d++)
    if (p[d]! > 0) {
      reachable += m[d]!;
      minPositive = Math.min(minPositive, p[d]!);
    }
  if (target >= reachable) {
    const rest = reachable >= 1 ? 0 : Math.min(1, (target - reachable) / (1 - reachable));
    return p.map((x) => (x > 0 ? 1 : rest));
  }
  let lo = 0;
  let hi = 1 / minPositive;
  for (let i = 0; i < 60; i++) {
    const k = (lo + hi) / 2;
    let f = 0;
    for (let d = 0; d < p.length; d++) f += m[d]! * Math.min(1, k * p[d]!);
    if (f < target) lo = k;
    else hi = k;
  }
  return p.map((x) => Math.min(1, lo * x));
}

describe('scaleToShare', () => {
  // Shares as the data holds them (to a thousandth; the bisection cannot handle denormals).
  const shares = fc.array(
    fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
    { minLength: 6, maxLength: 6 },
  );
  const mixArb = fc
    .array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 })
    .filter((w) => w.some((x) => x > 0))
    .map((w) => w.map((x) => x / w.reduce((a, b) => a + b, 0)));

  it('agrees with the plain bisection to a millionth, and meets the target exactly', () => {
    fc.assert(
      // Targets as the engine passes them: reach rounded to a thousandth (round3).
      fc.property(
        shares,
        mixArb,
        fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
        (p, m, target) => {
          const exact = scaleToShare(p, m, target);
          const reference = bisect(p, m, target);
          // Groups with no customers carry no weight: any value there meets the target.
          for (let d = 0; d < 6; d++)
            if (m[d]! > 0) expect(Math.abs(exact[d]! - reference[d]!)).toBeLessThan(1e-6);
          const reachable = m.reduce((s, x, d) => s + (p[d]! > 0 ? x : 0), 0);
          if (target < reachable) expect(weighted(m, exact)).toBeCloseTo(target, 9);
          for (const x of exact) expect(x >= 0 && x <= 1).toBe(true);
        },
      ),
      { numRuns: soakOr(2000, 200) },
    );
  });
});
