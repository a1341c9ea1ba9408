/**
 * The action plan (week-by-week steps per verdict) and the wording of reach: customers use
 * WhatsApp (the app), the business uses WhatsApp Business.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS, type AdvisedChannel } from '../../src/domain/answers.js';
import { plan } from '../../src/domain/plan.js';
import type { Plan } from '../../src/domain/plan-schema.js';
import { answersArb } from './arbitraries.js';
import { baseInput, data, options, planOf } from './fixtures.js';

const keysOf = (p: Plan, channel: string) =>
  p.actionPlan.filter((s) => s.channel === channel).map((s) => [s.week, s.message.key]);

describe('action plan', () => {
  const base = baseInput();

  it('adds a channel over eight weeks: set up, announce with consent, side by side, measure, decide', () => {
    const p = planOf({
      ...base,
      customers: {
        ageMix: { under20: 0, '20s': 20, '30s': 30, '40s': 30, '50s': 20, '60plus': 0 },
        emailOnFilePercent: 85,
      },
      purposes: ['receipts', 'promotions'],
      broadcastAudience: 1200,
      concerns: { customerPrivacy: 'high', competitorDataSharing: true, platformDependence: true },
      team: 'small_team',
    });
    expect(p.channels.email.verdict).toBe('add');
    expect(keysOf(p, 'email')).toEqual([
      [1, 'engine.step.setup.email'],
      [2, 'engine.step.announce.email'],
      [2, 'engine.step.consent'],
      [2, 'engine.step.side_by_side'],
      [6, 'engine.step.measure.email'],
      [8, 'engine.step.decide'],
    ]);
    const consent = p.actionPlan.find(
      (s) => s.channel === 'email' && s.message.key === 'engine.step.consent',
    );
    expect(consent?.step).toContain('<ADV>');
  });

  it('names the platform facts that bite when setting up Telegram and WhatsApp Business', () => {
    const p = planOf({
      ...base,
      customers: { ...base.customers, knownChannelUse: { telegram: 80 } },
      channels: [],
      purposes: ['appointments'],
      team: 'small_team',
    });
    expect(p.channels.telegram.verdict).toBe('add');
    expect(p.channels.whatsapp_business.verdict).toBe('add');
    const setup = p.actionPlan.find((s) => s.message.key === 'engine.step.setup.telegram');
    expect(setup?.week).toBe(1);
    expect(setup?.step).toContain('Telegram Premium');
    expect(setup?.step).toContain('a bot cannot message a customer until the customer starts the chat');
    const wa = p.actionPlan.find((s) => s.message.key === 'engine.step.setup.whatsapp_business');
    expect(wa?.step).toContain('256');
    expect(wa?.step).toContain('saved your number');
  });

  it('considers with a poll in week 1 and a re-run of the plan in week 3', () => {
    const p = planOf({ ...base, team: 'small_team' });
    expect(p.channels.telegram.verdict).toBe('consider');
    expect(keysOf(p, 'telegram')).toEqual([
      [1, 'engine.step.poll'],
      [3, 'engine.step.rerun'],
    ]);
    expect(p.actionPlan.find((s) => s.message.key === 'engine.step.poll')?.step).toBe(
      'Ask your customers in a one-question poll whether they use Telegram.',
    );
  });

  it('a borderline channel the owner has already measured is watched (in use) or tried, not polled again', () => {
    const p = planOf({
      ...base,
      customers: {
        ageMix: { under20: 0, '20s': 20, '30s': 30, '40s': 30, '50s': 20, '60plus': 0 },
        knownChannelUse: { telegram: 15 },
      },
      channels: [
        { channel: 'whatsapp_business', sharePercent: 70 },
        { channel: 'telegram', sharePercent: 30 },
      ],
      purposes: ['promotions'],
      broadcastAudience: 1200,
      concerns: { customerPrivacy: 'high', competitorDataSharing: true, platformDependence: false },
    });
    expect(p.channels.telegram.verdict).toBe('consider');
    expect(keysOf(p, 'telegram')).toEqual([
      [1, 'engine.step.watch'],
      [5, 'engine.step.trial_decide'],
    ]);
  });

  it('keeps with the consent rule before sending offers', () => {
    const p = planOf(base);
    expect(p.channels.whatsapp_business.verdict).toBe('keep');
    expect(keysOf(p, 'whatsapp_business')).toEqual([
      [1, 'engine.step.keep_primary'],
      [1, 'engine.step.consent'],
    ]);
  });

  it('skips a channel in use: tell customers where to find you and when it stops, then stop', () => {
    const p = planOf({
      ...base,
      customers: {
        ageMix: { under20: 0, '20s': 10, '30s': 30, '40s': 30, '50s': 20, '60plus': 10 },
        knownChannelUse: { telegram: 15 },
      },
      channels: [
        { channel: 'whatsapp_business', sharePercent: 70 },
        { channel: 'telegram', sharePercent: 30 },
      ],
    });
    expect(p.channels.telegram.verdict).toBe('skip');
    expect(keysOf(p, 'telegram')).toEqual([
      [1, 'engine.step.tell_before_stopping'],
      [4, 'engine.step.stop'],
    ]);
    expect(p.actionPlan.find((s) => s.message.key === 'engine.step.tell_before_stopping')?.step).toBe(
      'Tell your customers on Telegram that you are moving to WhatsApp Business, how to find you there, and the date Telegram stops (for example in three weeks).',
    );
  });

  it('is sorted by week, then channel, for any answers; a skipped primary channel is polled, never stopped', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = plan(a, data, { ...options, whatWouldChange: false });
        const order = p.actionPlan.map(
          (s) => [s.week, ADVISED_CHANNELS.indexOf(s.channel as AdvisedChannel)] as const,
        );
        for (let i = 1; i < order.length; i++) {
          const [w0, c0] = order[i - 1]!;
          const [w1, c1] = order[i]!;
          expect(w0 < w1 || (w0 === w1 && c0 <= c1)).toBe(true);
        }
        for (const s of p.actionPlan) {
          if (p.channels[s.channel as AdvisedChannel].primary)
            expect(s.message.key).not.toBe('engine.step.tell_before_stopping');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('reach wording', () => {
  it('customers use WhatsApp; the business uses WhatsApp Business', () => {
    const p = planOf(baseInput());
    const wa = p.channels.whatsapp_business;
    expect(wa.reasons[0]!.text).toMatch(/^About \d+% of your customers are likely to use WhatsApp: /);
    expect(wa.reasons[0]!.text).not.toContain('use WhatsApp Business');
    expect(p.headline).toContain('WhatsApp Business');
  });

  it('whatWouldChange says what a poll shows, and says when it confirms Kanal’s estimate', () => {
    fc.assert(
      fc.property(answersArb, (a) => {
        const p = plan(a, data, options);
        for (const w of p.whatWouldChange) {
          expect(w.change).not.toMatch(/use WhatsApp Business|who use WhatsApp Business/);
          if (w.message.key === 'engine.change.poll') {
            const params = w.message.params as { to: number; estimate: number };
            expect(params.to).not.toBe(params.estimate);
            expect(w.change).toMatch(
              /^a poll of your customers shows that \d+% use (WhatsApp|Telegram) \(Kanal's estimate: \d+%\)$/,
            );
          }
          if (w.message.key === 'engine.change.poll_confirms')
            expect(w.change).toMatch(
              /^a poll of your customers confirms Kanal's estimate of \d+% for (WhatsApp|Telegram)$/,
            );
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a poll equal to the estimate reads as a confirmation', () => {
    const p = planOf(
      JSON.parse(
        readFileSync(new URL('../../examples/sg-clinic-older-patients.json', import.meta.url), 'utf8'),
      ),
    );
    expect(p.whatWouldChange.find((w) => w.channel === 'telegram' && w.to === 'skip')?.change).toBe(
      "a poll of your customers confirms Kanal's estimate of 31% for Telegram",
    );
  });
});
