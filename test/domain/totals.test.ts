/** The operator's anonymous totals: no totals under five plans, small countries pooled. */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/plan-schema.js';
import { advisedTotals } from '../../src/domain/totals.js';
import { baseInput, planOf } from './fixtures.js';

function planIn(country: string): Plan {
  const input = baseInput();
  input.business.country = country;
  return planOf(input, false);
}

describe('advisedTotals', () => {
  it('gives no totals at all for fewer than five plans', () => {
    expect(advisedTotals([planIn('SG'), planIn('SG')])).toEqual({ ok: false, plans: 2, minGroup: 5 });
  });

  it('counts countries (pooling those under five as "other") and each channel’s verdicts', () => {
    const plans = [...Array(6).fill('SG'), ...Array(5).fill('MY'), 'GB', 'ID'].map(planIn);
    const r = advisedTotals(plans);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.totals.plans).toBe(13);
    expect(r.totals.countries).toEqual({ SG: 6, MY: 5, other: 2 });
    expect(Object.keys(r.totals.countries)).toEqual(['SG', 'MY', 'other']);
    for (const [c, t] of Object.entries(r.totals.channels)) {
      expect(t.keep + t.add + t.consider + t.skip, c).toBe(13);
      const expected = plans.filter((p) => p.channels[c as keyof Plan['channels']].primary).length;
      expect(t.primary, c).toBe(expected);
    }
    const primaries = Object.values(r.totals.channels).reduce((sum, t) => sum + t.primary, 0);
    expect(primaries).toBe(13);
  });
});
