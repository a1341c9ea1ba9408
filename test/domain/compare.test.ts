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

describe('comparePlans after the customer poll', () => {
  const before = answersOf(baseInput());
  const beforePlan = plan(before, data, options);
  const withPoll = (telegram: number | 'fewer' | 'most', on = '2026-03-02') =>
    answersOf({
      ...baseInput(),
      customers: {
        ...baseInput().customers,
        poll: { responses: 30, counts: { whatsapp: 'most', telegram, email: 'fewer' }, on },
      },
    });

  it.each([
    ['applying a poll', before, withPoll(24), 'applied'],
    ['applying another day’s results', withPoll(12), withPoll(24, '2026-03-03'), 'applied'],
    ['a plan that no longer holds its poll', withPoll(12), before, 'removed'],
  ] as const)('names the poll as what changed: %s', (_name, a, b, poll) => {
    const diff = comparePlans(
      { answers: a, plan: plan(a, data, options) },
      { answers: b, plan: plan(b, data, options) },
    );
    expect(diff.answersChanged).toEqual(['customers.poll']);
    expect(diff.poll).toBe(poll);
  });

  it('says nothing of the poll when it stayed the same', () => {
    const a = withPoll(12);
    const diff = comparePlans(
      { answers: a, plan: plan(a, data, options) },
      { answers: withPoll(12), plan: plan(a, data, options) },
    );
    expect(diff.answersChanged).toEqual([]);
    expect(diff.poll).toBeUndefined();
    expect(
      comparePlans({ answers: before, plan: beforePlan }, { answers: before, plan: beforePlan }).poll,
    ).toBe(undefined);
  });
});
