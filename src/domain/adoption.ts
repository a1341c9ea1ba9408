/**
 * Adoption data: the share of adults of each age who use WhatsApp, Telegram and email, per
 * country (data/adoption.json, sources in data/SOURCES.md). This module is pure: it defines the
 * file's schema, maps the surveys' age brackets onto the questionnaire's decades, and prepares
 * per-country decade profiles once so that plan() only multiplies.
 */
import { z } from 'zod';
import { AGE_GROUPS, type AgeGroup } from './answers.js';
import { COUNTRY_CODES, isCountryCode } from './countries.js';
import { constantMessage, listOf, type Message } from './message.js';
import { CONFIDENCE_LEVELS, type Confidence } from './plan-schema.js';

/** The age brackets of the surveys, in the order of every `values` array. */
export const BRACKETS = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type Bracket = (typeof BRACKETS)[number];

/** Channels the data covers. WhatsApp Business and personal WhatsApp share one app population. */
export const DATA_CHANNELS = ['whatsapp', 'telegram', 'email'] as const;
export type DataChannel = (typeof DATA_CHANNELS)[number];

/** The world table: the last fallback, for a country with neither its own nor a regional table. */
export const GLOBAL = 'GLOBAL';

/** A regional table's code: `R-` and two to four capitals (R-EUR, R-SEA...; data/SOURCES.md lists them). */
export const REGION_CODE = /^R-[A-Z]{2,4}$/;

export function isRegionCode(code: string): boolean {
  return REGION_CODE.test(code);
}

/** Where a table may come from: a country (ISO 3166-1 alpha-2), a region, or the world. */
function isPlaceCode(code: string): boolean {
  return code === GLOBAL || isRegionCode(code) || isCountryCode(code);
}

const share = z.number().min(0).max(1);
const year = z.number().int().min(1990).max(2100);

/** A borrowed part of a series: the place (country, region or GLOBAL) and year it comes from. */
const BorrowedSchema = z.object({
  country: z.string().refine(isPlaceCode, { message: 'not an ISO country, region or GLOBAL code' }),
  year,
});

const SeriesSchema = z.object({
  values: z.array(share).length(BRACKETS.length),
  sources: z.array(z.string().min(1)).min(1),
  /** Year of the newest source behind the series. */
  year,
  confidence: z.enum(CONFIDENCE_LEVELS),
  /** The compiler's own words on the confidence, kept for the method section. */
  confidenceNote: z.string().min(1),
  /** Set when the age pattern (the values relative to each other) comes from another place. */
  ageShapeFrom: BorrowedSchema.optional(),
  /** Set when the overall level comes from another place (a regional table built on one country). */
  levelFrom: BorrowedSchema.optional(),
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
    /** Tier 1: countries with their own table (ISO codes), plus GLOBAL, the world table (tier 3). */
    countries: z.record(z.string().regex(/^([A-Z]{2}|GLOBAL)$/), CountryDataSchema),
    /** Tier 2: regional tables, for the countries regionOf assigns to them. */
    regions: z.record(z.string().regex(REGION_CODE), CountryDataSchema),
    /** Every ISO country's region: a code of `regions`, or GLOBAL where no regional table fits. */
    regionOf: z.record(z.string().regex(/^[A-Z]{2}$/), z.string()),
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
    const tables: [string, string, z.infer<typeof CountryDataSchema>][] = [
      ...Object.entries(data.countries).map(([c, t]): [string, string, typeof t] => ['countries', c, t]),
      ...Object.entries(data.regions).map(([c, t]): [string, string, typeof t] => ['regions', c, t]),
    ];
    for (const [tier, code, table] of tables) {
      if (tier === 'countries' && code !== GLOBAL && !isCountryCode(code)) {
        ctx.addIssue({
          code: 'custom',
          path: [tier, code],
          message: `"${code}" is not an ISO 3166-1 alpha-2 country code`,
        });
      }
      for (const channel of DATA_CHANNELS) {
        for (const id of table[channel].sources) {
          if (!(id in data.sources)) {
            ctx.addIssue({
              code: 'custom',
              path: [tier, code, channel, 'sources'],
              message: `source "${id}" is not in the sources map`,
            });
          }
        }
      }
    }
    for (const code of COUNTRY_CODES) {
      if (!(code in data.regionOf)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regionOf', code],
          message: `country "${code}" has no region`,
        });
      }
    }
    for (const [code, region] of Object.entries(data.regionOf)) {
      if (!isCountryCode(code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regionOf', code],
          message: `"${code}" is not an ISO 3166-1 alpha-2 country code`,
        });
      }
      if (region !== GLOBAL && !(region in data.regions)) {
        ctx.addIssue({
          code: 'custom',
          path: ['regionOf', code],
          message: `region "${region}" is not in the regions map`,
        });
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

/** Where a borrowed part of a series comes from: a country, region or GLOBAL code and a year. */
export interface Borrowed {
  readonly country: string;
  readonly year: number;
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
  /** The age pattern is borrowed from this place and year (absent: the table's own data). */
  readonly ageShapeFrom?: Borrowed;
  /** The overall level is borrowed from this place and year (absent: the table's own data). */
  readonly levelFrom?: Borrowed;
}

/** Which tier a table belongs to: the owner's country, its region, or the world. */
export type DataTier = 'country' | 'region' | 'world';

export interface CountryProfile {
  /** The table's code: an ISO country code, a region code (R-...), or GLOBAL. */
  readonly code: string;
  readonly tier: DataTier;
  readonly channels: Readonly<Record<DataChannel, ChannelProfile>>;
  /** The sources of all its channels, each once, in channel order. */
  readonly sources: readonly string[];
}

export interface PreparedAdoption {
  readonly version: string;
  readonly data: AdoptionData;
  /** The profile for a country: its own table, else its region's, else GLOBAL. */
  readonly profileFor: (country: string) => CountryProfile;
}

function borrowed(b: { country: string; year: number } | undefined): Borrowed | undefined {
  return b === undefined ? undefined : Object.freeze({ country: b.country, year: b.year });
}

function prepareTable(
  data: AdoptionData,
  code: string,
  tier: DataTier,
  table: AdoptionData['countries'][string],
): CountryProfile {
  const channels = Object.fromEntries(
    DATA_CHANNELS.map((c): [DataChannel, ChannelProfile] => {
      const s = table[c];
      const shape = borrowed(s.ageShapeFrom);
      const level = borrowed(s.levelFrom);
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
          ...(shape === undefined ? {} : { ageShapeFrom: shape }),
          ...(level === undefined ? {} : { levelFrom: level }),
        }),
      ];
    }),
  ) as Record<DataChannel, ChannelProfile>;
  const sources = Object.freeze([...new Set(DATA_CHANNELS.flatMap((c) => channels[c].sources))]);
  return Object.freeze({ code, tier, channels: Object.freeze(channels), sources });
}

/** Maps every table's brackets to decades once, and resolves every country to its table. */
export function prepareAdoption(data: AdoptionData): PreparedAdoption {
  const world = data.countries[GLOBAL];
  if (world === undefined) throw new Error('Adoption data has no GLOBAL table.');
  const fallback = prepareTable(data, GLOBAL, 'world', world);
  const tables = new Map<string, CountryProfile>([[GLOBAL, fallback]]);
  for (const code of Object.keys(data.regions).sort()) {
    tables.set(code, prepareTable(data, code, 'region', data.regions[code]!));
  }
  for (const code of Object.keys(data.countries).sort()) {
    if (code !== GLOBAL) tables.set(code, prepareTable(data, code, 'country', data.countries[code]!));
  }
  // Every code resolves once here, so plan() does one map lookup.
  const byCountry = new Map<string, CountryProfile>(tables);
  for (const [country, region] of Object.entries(data.regionOf)) {
    if (!byCountry.has(country)) byCountry.set(country, tables.get(region) ?? fallback);
  }
  return Object.freeze({
    version: data.version,
    data,
    profileFor: (country: string) => byCountry.get(country) ?? fallback,
  });
}
