/**
 * `npm run bench` keeps working: a tiny domain run gives a finite, positive figure for everything
 * it prints (no timings are asserted; those depend on the machine).
 */
import { describe, expect, it } from 'vitest';
import { runDomainBench, variedAnswers } from '../bench/domain.js';

describe('domain benchmark', () => {
  it('measures every figure it prints, on the number of different answers it says', {
    timeout: 60_000,
  }, () => {
    const r = runDomainBench(200, 2, 40);
    expect(r.distinctAnswers).toBe(40);
    expect(r.rounds).toBe(2);
    for (const rate of [
      r.plansPerSecond,
      r.plansPerSecondWithoutWhatWouldChange,
      r.rendersPerSecond,
      r.renderedPlansPerSecond,
      r.evaluationsPerSecond,
      r.stringifyPerSecond,
    ]) {
      expect(rate.median).toBeGreaterThan(0);
      expect(rate.best).toBeGreaterThanOrEqual(rate.median);
      expect(Number.isFinite(rate.best)).toBe(true);
    }
    expect(Number.isFinite(r.whatWouldChangePerEvaluation)).toBe(true);
    expect(r.whatWouldChangePerEvaluation).toBeGreaterThan(0);
  });

  it('benchmarks different answers, all of them valid', () => {
    const answers = variedAnswers(60);
    expect(answers).toHaveLength(60);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(60);
  });
});
