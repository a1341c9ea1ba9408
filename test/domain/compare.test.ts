/** comparePlans: channels before and now, and only the answers that really differ. */
import { describe, expect, it } from 'vitest';
import { comparePlans } from '../../src/domain/compare.js';
import { plan } from '../../src/domain/plan.js';
import { answersOf, baseInput, data, options } from './fixtures.js';

describe('comparePlans', () => {
  const before = answersOf(baseInput());
  const beforePlan = plan(before, data, options);

  it('finds no change between a plan and itself, whatever the order of keys', () => {
    const reordered = JSON.parse(JSON.stringify(before, Object.keys(before).reverse())) as typeof before;
    const diff = comparePlans(
      { answers: before, plan: beforePlan },
      { answers: { ...reordered, ...before }, plan: beforePlan },
    );
    expect(diff.answersChanged).toEqual([]);
    expect(diff.channels.every((c) => !c.changed)).toBe(true);
    expect(diff.modelChanged).toBe(false);
  });

  it('names the answers changed, in questionnaire order, and each channel before and now', () => {
    const input = baseInput();
    input.team = input.team === 'solo' ? 'small_team' : 'solo';
    input.business.country = input.business.country === 'SG' ? 'MY' : 'SG';
    const now = answersOf(input);
    const nowPlan = plan(now, data, options);
    const diff = comparePlans({ answers: before, plan: beforePlan }, { answers: now, plan: nowPlan });
    expect(diff.answersChanged).toEqual(['business.country', 'team']);
    for (const c of diff.channels) {
      expect(c.before.verdict).toBe(beforePlan.channels[c.channel].verdict);
      expect(c.now.reach).toBe(nowPlan.channels[c.channel].reach);
      expect(c.changed).toBe(c.before.verdict !== c.now.verdict || c.before.primary !== c.now.primary);
    }
  });

  it('says when the model or the data changed in between', () => {
    const older = { ...beforePlan, modelVersion: '0.9.0' };
    expect(
      comparePlans({ answers: before, plan: older }, { answers: before, plan: beforePlan }).modelChanged,
    ).toBe(true);
  });
});
