/**
 * Adoption data: the share of adults of each age who use WhatsApp, Telegram and email, per
 * country (data/adoption.json, sources in data/SOURCES.md). This module is pure: it defines the
 * file's schema, maps the surveys' age brackets onto the questionnaire's decades, and prepares
 * per-country decade profiles once so that plan() only multiplies.
 */
import { z } from 'zod';
import { AGE_GROUPS, type AgeGroup } from './answers.js';
import { constantMessage, listOf, type Message } from './message.js';
import { CONFIDENCE_LEVELS, type Confidence } from './plan-schema.js';

/** The age brackets of the surveys, in the order of every `values` array. */
export const BRACKETS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type Bracket = (typeof BRACKETS)[number];

/** Channels the data covers. WhatsApp Business and personal WhatsApp share one app population. */
export const DATA_CHANNELS = ['whatsapp', 'telegram', 'email'] as const;
export type DataChannel = (typeof DATA_CHANNELS)[number];

/** The fallback table for every country without its own data. */
export const GLOBAL = 'GLOBAL';

const share = z.number().min(0).max(1);

const SeriesSchema = z.object({
  values: z.array(share).length(BRACKETS.length),
  sources: z.array(z.string().min(1)).min(1),
  /** Year of the newest source behind the series. */
  year: z.number().int().min(1990).max(2100),
  confidence: z.enum(CONFIDENCE_LEVELS),
  /** The compiler's own words on the confidence, kept for the method section. */
  confidenceNote: z.string().min(1),
});
export type Series = z.infer<typeof SeriesSchema>;

const CountryDataSchema = z.object({
  name: z.string().min(1),
  whatsapp: SeriesSchema,
  telegram: SeriesSchema,
  email: SeriesSchema,
});

export const AdoptionDataSchema = z
  .object({
    version: z.string().min(1),
    definition: z.string().min(1),
    brackets: z.tuple([
      z.literal(BRACKETS[0]),
      z.literal(BRACKETS[1]),
      z.literal(BRACKETS[2]),
      z.literal(BRACKETS[3]),
      z.literal(BRACKETS[4]),
      z.literal(BRACKETS[5]),
    ]),
    countries: z.record(z.string().regex(/^([A-Z]{2}|GLOBAL)$/), CountryDataSchema),
    sources: z.record(
      z.string().min(1),
      z.object({ title: z.string().min(1), year: z.number().int(), url: z.string().optional() }),
    ),
  })
  .superRefine((data, ctx) => {
    if (!(GLOBAL in data.countries)) {
      ctx.addIssue({
        code: 'custom',
        path: ['countries'],
        message: 'GLOBAL (the fallback table) is missing',
      });
    }
    for (const [code, country] of Object.entries(data.countries)) {
      for (const channel of DATA_CHANNELS) {
        const series = country[channel];
        for (const id of series.sources) {
          if (!(id in data.sources)) {
            ctx.addIssue({
              code: 'custom',
              path: ['countries', code, channel, 'sources'],
              message: `source "${id}" is not in the sources map`,
            });
          }
        }
      }
      // The model's promise "younger customers never lower Telegram's score" rests on Telegram
      // use not rising with age (Mediascope's age shape, the only one found). Refuse data that
      // breaks it rather than let the invariant fail silently.
      const tg = country.telegram.values;
      for (let i = 1; i < tg.length; i++) {
        if (tg[i]! > tg[i - 1]!) {
          ctx.addIssue({
            code: 'custom',
            path: ['countries', code, 'telegram', 'values', i],
            message: 'Telegram use must not rise with age (the model relies on it)',
          });
        }
      }
    }
  });
export type AdoptionData = z.infer<typeof AdoptionDataSchema>;

/** Parses and checks raw JSON; throws a readable error naming the bad fields. */
export function parseAdoptionData(raw: unknown): AdoptionData {
  const result = AdoptionDataSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new Error(`Adoption data is invalid:\n${lines.join('\n')}`);
}

/**
 * Bracket -> decade mapping, by years of overlap (rows: decades in AGE_GROUPS order, columns:
 * BRACKETS order; each row sums to 1).
 *
 * - under20 <- 18-24: the surveys start at 16-18, so the youngest bracket is the best we have.
 * - 20s     <- 1/2 18-24 + 1/2 25-34: 20-24 is five years of 18-24, 25-29 five years of 25-34.
 * - 30s     <- 1/2 25-34 + 1/2 35-44, 40s <- 1/2 35-44 + 1/2 45-54, 50s <- 1/2 45-54 + 1/2 55-64,
 *              the same reasoning.
 * - 60plus  <- 1/3 55-64 + 2/3 65+: 60-64 is five years of 55-64; we count 65-74 (ten years) of
 *              the open 65+ bracket, since few shop customers are older than that.
 */
export const DECADE_FROM_BRACKETS: Readonly<Record<AgeGroup, readonly number[]>> = Object.freeze({
  under20: Object.freeze([1, 0, 0, 0, 0, 0]),
  '20s': Object.freeze([1 / 2, 1 / 2, 0, 0, 0, 0]),
  '30s': Object.freeze([0, 1 / 2, 1 / 2, 0, 0, 0]),
  '40s': Object.freeze([0, 0, 1 / 2, 1 / 2, 0, 0]),
  '50s': Object.freeze([0, 0, 0, 1 / 2, 1 / 2, 0]),
  '60plus': Object.freeze([0, 0, 0, 0, 1 / 3, 2 / 3]),
});

/** Adoption by decade (AGE_GROUPS order) from adoption by bracket (BRACKETS order). */
export function bracketsToDecades(values: readonly number[]): number[] {
  return AGE_GROUPS.map((decade) => {
    const weights = DECADE_FROM_BRACKETS[decade];
    let sum = 0;
    for (let b = 0; b < BRACKETS.length; b++) sum += weights[b]! * (values[b] ?? 0);
    return sum;
  });
}

/** One channel's adoption in one country, by decade, ready for the model. */
export interface ChannelProfile {
  /** p(c, d) in AGE_GROUPS order. */
  readonly byDecade: readonly number[];
  readonly sources: readonly string[];
  /** The titles of `sources` as one list for a sentence (made once: a constant message). */
  readonly sourceTitles: Message | string;
  readonly year: number;
  readonly confidence: Confidence;
}

export interface CountryProfile {
  /** The data's country code: the owner's country, or GLOBAL. */
  readonly code: string;
  readonly channels: Readonly<Record<DataChannel, ChannelProfile>>;
  /** The sources of all its channels, each once, in channel order. */
  readonly sources: readonly string[];
}

export interface PreparedAdoption {
  readonly version: string;
  readonly data: AdoptionData;
  /** The profile for a country: its own table, else GLOBAL. */
  readonly profileFor: (country: string) => CountryProfile;
}

/** Maps every country's brackets to decades once. */
export function prepareAdoption(data: AdoptionData): PreparedAdoption {
  const profiles = new Map<string, CountryProfile>();
  for (const code of Object.keys(data.countries).sort()) {
    const country = data.countries[code]!;
    const channels = Object.fromEntries(
      DATA_CHANNELS.map((c): [DataChannel, ChannelProfile] => {
        const s = country[c];
        return [
          c,
          Object.freeze({
            byDecade: Object.freeze(bracketsToDecades(s.values)),
            sources: Object.freeze([...s.sources]),
            sourceTitles: listOf(
              s.sources.map((id) => data.sources[id]?.title ?? id),
              constantMessage,
            ),
            year: s.year,
            confidence: s.confidence,
          }),
        ];
      }),
    ) as Record<DataChannel, ChannelProfile>;
    const sources = Object.freeze([...new Set(DATA_CHANNELS.flatMap((c) => channels[c].sources))]);
    profiles.set(code, Object.freeze({ code, channels: Object.freeze(channels), sources }));
  }
  const fallback = profiles.get(GLOBAL);
  if (fallback === undefined) throw new Error('Adoption data has no GLOBAL table.');
  return Object.freeze({
    version: data.version,
    data,
    profileFor: (country: string) => profiles.get(country) ?? fallback,
  });
}
