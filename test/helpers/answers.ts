/** Form answers for every page of the questionnaire: a salon in Singapore. */
import { type Answers, validateAnswers } from '../../src/domain/answers.js';
import { PAGE_IDS } from '../../src/domain/questionnaire.js';
import type { FormFields } from './forms.js';

export const SALON_PAGES: Readonly<Record<string, FormFields>> = {
  business: { name: 'Enso Hair Studio', country: 'SG', sector: 'beauty' },
  customers: {
    ageMixMode: 'percent',
    age_under20: '5',
    age_20s: '45',
    age_30s: '35',
    age_40s: '10',
    age_50s: '5',
    age_60plus: '0',
    activePerMonth: '300',
  },
  channels: {
    channels: ['whatsapp_business', 'instagram', 'email'],
    share_whatsapp_business: '80',
    share_instagram: '15',
    share_email: '5',
  },
  purposes: { purposes: ['appointments', 'promotions', 'support'], broadcastAudience: '600' },
  whatsapp: { whatsappFeatures: ['catalog', 'broadcast', 'quick_replies'] },
  knowledge: { emailOnFilePercent: '30', known_telegram: '45' },
  concerns: { customerPrivacy: 'some', worries: ['platformDependence'], team: 'solo' },
  contact: { whatsappNumber: '+65 9123 4567', telegram: '@enso_hair', email: '', signupUrl: '' },
};

/** The salon fills in every page, in the questionnaire's order. */
export const SALON_PAGE_ORDER = PAGE_IDS;

/** The same answers as JSON (Answers v1). */
export const SALON_ANSWERS = {
  version: 1,
  business: { name: 'Enso Hair Studio', country: 'SG', sector: 'beauty' },
  customers: {
    ageMix: { under20: 5, '20s': 45, '30s': 35, '40s': 10, '50s': 5, '60plus': 0 },
    activePerMonth: 300,
    emailOnFilePercent: 30,
    knownChannelUse: { telegram: 45 },
  },
  channels: [
    { channel: 'whatsapp_business', sharePercent: 80 },
    { channel: 'email', sharePercent: 5 },
    { channel: 'instagram', sharePercent: 15 },
  ],
  whatsappFeatures: ['catalog', 'broadcast', 'quick_replies'],
  purposes: ['appointments', 'promotions', 'support'],
  broadcastAudience: 600,
  concerns: { customerPrivacy: 'some', competitorDataSharing: false, platformDependence: true },
  team: 'solo',
  contact: { whatsappNumber: '+65 9123 4567', telegram: 'enso_hair' },
} as const;

/** SALON_ANSWERS validated: the Answers a store keeps for it (the WhatsApp number normalised). */
export const SALON: Answers = (() => {
  const v = validateAnswers(SALON_ANSWERS);
  if (!v.ok) throw new Error(`SALON_ANSWERS do not validate: ${JSON.stringify(v.errors)}`);
  return v.value;
})();
