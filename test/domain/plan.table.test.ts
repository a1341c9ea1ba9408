/**
 * Realistic businesses and the verdicts Kanal should give them. Each expectation is defended from
 * the data in the test's name; the figures quoted are the plan's own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AdvisedChannel } from '../../src/domain/answers.js';
import type { Plan, Verdict } from '../../src/domain/plan-schema.js';
import { PlanSchema } from '../../src/domain/plan-schema.js';
import { baseInput, planOf } from './fixtures.js';

const example = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'));

type Expected = Record<AdvisedChannel, Verdict> & { primary: AdvisedChannel };

function verdicts(p: Plan): Expected {
  const primary = (['whatsapp_business', 'telegram', 'email'] as const).find((c) => p.channels[c].primary)!;
  return {
    whatsapp_business: p.channels.whatsapp_business.verdict,
    telegram: p.channels.telegram.verdict,
    email: p.channels.email.verdict,
    primary,
  };
}

describe('example businesses (examples/*.json, used by the README)', () => {
  it.each<[string, string, Expected]>([
    [
      'sg-hair-salon',
      'SG salon, clients in their 20s-30s: WhatsApp reaches ~90% and carries the catalogue (keep, main); Telegram reaches ~50% on a rough estimate (consider, measure first); email reaches ~82% and is already used (keep)',
      { whatsapp_business: 'keep', telegram: 'consider', email: 'keep', primary: 'whatsapp_business' },
    ],
    [
      'my-family-restaurant',
      'MY restaurant, regulars 40+: WhatsApp reaches ~84% and personal WhatsApp is in use (add the Business app, main); Telegram reaches ~27% of older Malaysians (skip); email ~63% (consider)',
      { whatsapp_business: 'add', telegram: 'skip', email: 'consider', primary: 'whatsapp_business' },
    ],
    [
      'id-online-shop-students',
      'ID shop for students: WhatsApp reaches ~82% with catalogue and orders (keep); Telegram ~21% on the face-to-face KIC level (skip); email ~59%, rough (consider)',
      { whatsapp_business: 'keep', telegram: 'skip', email: 'consider', primary: 'whatsapp_business' },
    ],
    [
      'gb-bookshop-no-local-data',
      'GB bookshop (UK figures): WhatsApp reaches ~78% of its customers (Ofcom) but is not in use (consider); Telegram ~11% (skip, under a fifth); email ~78%, in use, receipts and a list it owns (keep, main)',
      { whatsapp_business: 'consider', telegram: 'skip', email: 'keep', primary: 'email' },
    ],
    [
      'sg-tuition-measured-telegram',
      'SG tuition centre whose poll found 72% on Telegram: the owner’s figure beats the estimate, and a Telegram channel has no cap for 700 people (add); WhatsApp ~89% (keep, main)',
      { whatsapp_business: 'keep', telegram: 'add', email: 'keep', primary: 'whatsapp_business' },
    ],
    [
      'sg-clinic-older-patients',
      'SG clinic, 70% of patients 50+: Telegram reaches ~31% of them (consider, never add); email addresses on file for 70% and receipts to send (add); WhatsApp ~86% (keep, main)',
      { whatsapp_business: 'keep', telegram: 'consider', email: 'add', primary: 'whatsapp_business' },
    ],
  ])('%s: %s', (name, _defence, expected) => {
    const p = planOf(example(name));
    expect(verdicts(p)).toEqual(expected);
    expect(() => PlanSchema.parse(p)).not.toThrow();
  });

  it('the GB shop uses UK figures (data 2026-12); a country on the world table says its figures are global averages', () => {
    const p = planOf(example('gb-bookshop-no-local-data'));
    expect(p.dataCountry).toBe('GB');
    expect(p.notes.map((n) => n.code)).not.toContain('global_data');
    const shop = example('gb-bookshop-no-local-data') as Record<string, unknown>;
    const world = planOf({ ...shop, business: { country: 'AQ', sector: 'retail' } });
    expect(world.dataCountry).toBe('GLOBAL');
    expect(world.notes.find((n) => n.code === 'global_data')!.text).toContain(
      'no survey figures of its own for Antarctica, so it uses global averages',
    );
  });

  it('the tuition centre’s Telegram figure is its own: measured, high confidence, "your own poll"', () => {
    const tg = planOf(example('sg-tuition-measured-telegram')).channels.telegram;
    expect(tg).toMatchObject({ measured: true, confidence: 'high', reach: 0.72 });
    expect(tg.reasons[0]!.text).toContain('your own poll');
    expect(tg.reasons[0]!.from).toContain('customers.knownChannelUse.telegram');
  });

  it('the clinic’s email reach is capped by the addresses it has (70%), never raised', () => {
    const email = planOf(example('sg-clinic-older-patients')).channels.email;
    expect(email.reach).toBe(0.7);
    expect(email.measured).toBe(true);
    expect(email.reasons.map((r) => r.code)).toContain('reach_capped');
  });

  it('the restaurant is told the Business app keeps the same customers', () => {
    const p = planOf(example('my-family-restaurant'));
    expect(p.channels.whatsapp_business.reasons.map((r) => r.code)).toContain('in_use_personal');
    expect(p.actionPlan[0]!.step).toContain('free WhatsApp Business app on the same number');
    expect(p.otherChannels.phone!.reasons[0]!.text).toContain('no survey data by age');
  });

  it('the salon’s Telegram reason is specific and traced to its answers and sources', () => {
    const tg = planOf(example('sg-hair-salon')).channels.telegram;
    expect(tg.reasons[0]!.text).toBe(
      "About 53% of your customers are likely to use Telegram: most of your customers are aged 20 to 39, and about 55% of people that age in Singapore use it (Kanal's estimate, based on Digital 2024: Singapore (We Are Social & Meltwater; GWI panel, internet users 16-64) and Mediascope, Telegram daily reach by age in Russia, Q1 2024).",
    );
    expect(tg.reasons[0]!.from).toEqual(['customers.ageMix', 'business.country']);
    expect(tg.reasons[0]!.sources).toEqual(['digital2024-sg', 'mediascope-2024']);
  });

  it('the salon’s action plan carries Singapore’s consent rules', () => {
    const steps = planOf(example('sg-hair-salon')).actionPlan.map((s) => s.step);
    expect(steps.some((s) => s.includes('Do Not Call'))).toBe(true);
    expect(steps.some((s) => s.includes('<ADV>'))).toBe(true);
  });
});

describe('more businesses', () => {
  const base = baseInput();

  it('a measured Telegram share under a fifth is never kept, even in use: few install an app for one shop', () => {
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
    expect(p.channels.telegram.reasons.map((r) => r.code)).toContain('reach_too_low');
    expect(
      p.actionPlan.some(
        (s) => s.channel === 'telegram' && s.message.key === 'engine.step.tell_before_stopping',
      ),
    ).toBe(true);
  });

  it('a German shop with older customers and no channel yet: nothing clearly wins on German figures, so measure email first (widest reach, ~80%)', () => {
    const p = planOf({
      ...base,
      business: { country: 'DE', sector: 'services' },
      customers: { ageMix: { under20: 0, '20s': 0, '30s': 0, '40s': 20, '50s': 40, '60plus': 40 } },
      channels: [],
    });
    expect(verdicts(p)).toEqual({
      whatsapp_business: 'consider',
      telegram: 'skip',
      email: 'consider',
      primary: 'email',
    });
    expect(p.headline).toBe(
      'No channel is a clear winner yet: ask your customers first, starting with email; WhatsApp Business may be worth a trial.',
    );
    expect(p.actionPlan.length).toBeGreaterThan(0);
  });

  it('a Brazilian café with WhatsApp in use: ~40% reach on world averages is still enough to keep it, with its catalogue and orders', () => {
    const p = planOf({
      ...base,
      business: { country: 'BR', sector: 'food' },
      channels: [{ channel: 'whatsapp_business', sharePercent: 90 }],
      whatsappFeatures: ['catalog'],
      purposes: ['orders'],
    });
    expect(p.channels.whatsapp_business.verdict).toBe('keep');
    expect(p.channels.telegram.verdict).toBe('skip');
  });

  it('an SG business worried about privacy, competitors and one platform, emailing receipts and big promotions: add email', () => {
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
    expect(verdicts(p)).toEqual({
      whatsapp_business: 'keep',
      telegram: 'consider',
      email: 'add',
      primary: 'whatsapp_business',
    });
    expect(p.headline).toBe(
      'Keep WhatsApp Business as your main channel; add email; Telegram may be worth a trial.',
    );
  });
});
