/** fast-check arbitraries that generate VALID Answers (validated by the real schema). */
import fc from 'fast-check';
import {
  AGE_GROUPS,
  type Answers,
  CHANNELS,
  PRIVACY_LEVELS,
  PURPOSES,
  SECTORS,
  TEAMS,
  WHATSAPP_FEATURES,
} from '../../src/domain/answers.js';
import { COUNTRY_CODES } from '../../src/domain/countries.js';
import { answersOf } from './fixtures.js';

const percent = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));

/** Six shares summing to 100 (to 0.1 points): random weights, normalised. */
const ageMix = fc
  .array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 })
  .filter((w) => w.some((x) => x > 0))
  .map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return Object.fromEntries(AGE_GROUPS.map((g, i) => [g, Math.round((1000 * w[i]!) / total) / 10]));
  });

/** Unique channels with optional shares whose total stays within 100. */
const channels = fc
  .tuple(
    fc.shuffledSubarray([...CHANNELS]),
    fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), {
      minLength: 10,
      maxLength: 10,
    }),
    fc.integer({ min: 0, max: 100 }),
  )
  .map(([list, weights, budget]) => {
    const total = weights.reduce<number>((a, b) => a + (b ?? 0), 0) || 1;
    return list.map((channel, i) => {
      const w = weights[i];
      return w === undefined ? { channel } : { channel, sharePercent: Math.floor((budget * w) / total) };
    });
  });

export const countryArb = fc.oneof(fc.constantFrom('SG', 'ID', 'MY'), fc.constantFrom(...COUNTRY_CODES));

export const answersArb: fc.Arbitrary<Answers> = fc
  .record({
    country: countryArb,
    sector: fc.constantFrom(...SECTORS),
    ageMix,
    emailOnFilePercent: fc.option(percent, { nil: undefined }),
    known: fc.record(
      {
        whatsapp_business: percent,
        whatsapp_personal: percent,
        telegram: percent,
        email: percent,
      },
      { requiredKeys: [] },
    ),
    channels,
    whatsappFeatures: fc.subarray([...WHATSAPP_FEATURES]),
    purposes: fc.subarray([...PURPOSES]),
    broadcastAudience: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
    customerPrivacy: fc.constantFrom(...PRIVACY_LEVELS),
    competitorDataSharing: fc.boolean(),
    platformDependence: fc.boolean(),
    team: fc.constantFrom(...TEAMS),
  })
  .map((r) =>
    answersOf({
      version: 1,
      business: { country: r.country, sector: r.sector },
      customers: {
        ageMix: r.ageMix,
        emailOnFilePercent: r.emailOnFilePercent,
        knownChannelUse: Object.keys(r.known).length > 0 ? r.known : undefined,
      },
      channels: r.channels,
      whatsappFeatures: r.whatsappFeatures,
      purposes: r.purposes,
      broadcastAudience: r.broadcastAudience,
      concerns: {
        customerPrivacy: r.customerPrivacy,
        competitorDataSharing: r.competitorDataSharing,
        platformDependence: r.platformDependence,
      },
      team: r.team,
    }),
  );
