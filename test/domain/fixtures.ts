/** Shared test helpers: the real data file, a strict English translator, and a valid base Answers. */
import { loadAdoptionData } from '../../src/adoption-data.js';
import { type Answers, type AnswersInput, validateAnswers } from '../../src/domain/answers.js';
import type { Translate } from '../../src/domain/message.js';
import { plan } from '../../src/domain/plan.js';
import type { Plan } from '../../src/domain/plan-schema.js';
import { createI18n } from '../../src/i18n.js';

export const data = loadAdoptionData();
export const translator = createI18n({ strict: true }).translator('en');
/** Renders plans (plan() with translate gives renderPlan's result). */
export const options: { readonly translate: Translate; readonly language: string } = {
  translate: translator.render,
  language: 'en',
};

export function baseInput(): AnswersInput {
  return {
    version: 1,
    business: { name: 'Test Shop', country: 'SG', sector: 'beauty' },
    customers: { ageMix: { under20: 5, '20s': 45, '30s': 35, '40s': 10, '50s': 5, '60plus': 0 } },
    channels: [{ channel: 'whatsapp_business', sharePercent: 100 }],
    whatsappFeatures: [],
    purposes: [],
    concerns: { customerPrivacy: 'none', competitorDataSharing: false, platformDependence: false },
    team: 'solo',
  };
}

export function answersOf(input: unknown): Answers {
  const v = validateAnswers(input);
  if (!v.ok) throw new Error(`invalid answers: ${JSON.stringify(v.errors)}`);
  return v.value;
}

export function planOf(input: unknown, whatWouldChange = true): Plan {
  return plan(answersOf(input), data, { ...options, whatWouldChange });
}
