/**
 * Hand-made Answers and Plans for the kit tests (they do not need the engine). Every plan is
 * checked against PlanSchema, so a change of the contract shows up here first.
 */
import { type Answers, type AnswersInput, AnswersSchema } from '../../src/domain/answers.js';
import type { ChannelAdvice, Plan, Verdict } from '../../src/domain/plan-schema.js';
import { PlanSchema } from '../../src/domain/plan-schema.js';
import { createI18n } from '../../src/i18n.js';

export const i18n = createI18n({ strict: true });
export const tr = i18n.translator('en');

export function answers(overrides: Partial<AnswersInput> = {}): Answers {
  const base: AnswersInput = {
    version: 1,
    business: { name: 'Enso Hair Studio', country: 'SG', sector: 'beauty' },
    customers: { ageMix: { under20: 5, '20s': 45, '30s': 35, '40s': 10, '50s': 5, '60plus': 0 } },
    channels: [
      { channel: 'whatsapp_business', sharePercent: 80 },
      { channel: 'instagram', sharePercent: 15 },
      { channel: 'email', sharePercent: 5 },
    ],
    whatsappFeatures: ['broadcast'],
    purposes: ['appointments', 'promotions'],
    broadcastAudience: 600,
    team: 'solo',
    contact: {
      whatsappNumber: '+65 9123 4567',
      telegram: '@ensohair',
      email: 'hello@enso.example.com',
    },
  };
  return AnswersSchema.parse({ ...base, ...overrides });
}

type Verdicts = Record<'whatsapp_business' | 'telegram' | 'email', Verdict>;

/** A channel as model 1.x stored it (no `evidence`): PlanSchema upgrades it on reading. */
function advice(
  verdict: Verdict,
  reach: number,
  primary: boolean,
  inUse: boolean,
): Omit<ChannelAdvice, 'evidence'> {
  const seg = (d: number) => Math.max(0, Math.min(1, Math.round((reach + d) * 100) / 100));
  return {
    verdict,
    primary,
    score: Math.round(reach * 100),
    reach,
    reachBySegment: {
      under20: seg(0.05),
      '20s': seg(0.03),
      '30s': seg(0.01),
      '40s': seg(-0.02),
      '50s': seg(-0.1),
      '60plus': seg(-0.25),
    },
    inUse,
    confidence: 'medium',
    measured: false,
    factors: [{ factor: 'reach', points: 40 }],
    reasons: [
      {
        code: 'high_reach',
        text: 'Reason.',
        message: { key: 'x' },
        from: ['customers.ageMix'],
        sources: ['digital2025-sg'],
      },
    ],
  };
}

export function plan(
  verdicts: Verdicts = { whatsapp_business: 'keep', telegram: 'consider', email: 'add' },
  country = 'SG',
): Plan {
  const step = { week: 1, channel: 'email' as const, step: 'Start.', message: { key: 'x' } };
  return PlanSchema.parse({
    version: 1,
    modelVersion: '1.0.0',
    dataVersion: '2026-11',
    language: 'en',
    country,
    dataCountry: ['SG', 'ID', 'MY'].includes(country) ? country : 'GLOBAL',
    channels: {
      whatsapp_business: advice(verdicts.whatsapp_business, 0.9, true, true),
      telegram: advice(verdicts.telegram, 0.49, false, false),
      email: advice(verdicts.email, 0.8, false, true),
    },
    otherChannels: {},
    switching: { telegram: { customersLostPercent: 51 }, email: { customersLostPercent: 18 } },
    whatWouldChange: [],
    actionPlan: [step],
    notes: [],
    sources: [{ id: 'digital2025-sg', title: 'Digital 2025: Singapore', year: 2025 }],
    headline: 'Keep WhatsApp Business and add email.',
    headlineMessage: { key: 'x' },
  });
}
