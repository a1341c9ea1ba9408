/**
 * The method, laid open: every number of the model table (model.ts) with its label, and the
 * adoption figures by decade behind every reach (after the bracket-to-decade mapping), with their
 * sources, year, confidence and, where a part is borrowed, the place it comes from. The method page prints both, so that any verdict can be checked
 * by hand.
 */
import {
  type Borrowed,
  type DataChannel,
  type DataTier,
  GLOBAL,
  isRegionCode,
  type PreparedAdoption,
} from './adoption.js';
import type { AdvisedChannel } from './answers.js';
import { DATA_SERIES_ORDER, dataSeriesLabel } from './channels.js';
import { countryInText } from './countries.js';
import { constantMessage, listOf, type Message, message } from './message.js';
import { MODEL } from './model.js';
import type { Confidence } from './plan-schema.js';

export interface ModelRow {
  /** Message key of the label (engine.weight.*). */
  readonly label: string;
  /** A single number, or points per advised channel (the method page shows one column per definition). */
  readonly value?: number;
  readonly points?: Readonly<Record<AdvisedChannel, number>>;
}

interface Entry {
  readonly label?: unknown;
  readonly value?: unknown;
  readonly points?: unknown;
}

/** Every number of MODEL, in the table's order. */
export function modelRows(): ModelRow[] {
  const rows: ModelRow[] = [];
  const visit = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    const e = node as Entry;
    if (typeof e.label === 'string' && typeof e.value === 'number')
      rows.push({ label: e.label, value: e.value });
    else if (typeof e.label === 'string' && typeof e.points === 'object' && e.points !== null)
      rows.push({ label: e.label, points: e.points as Record<AdvisedChannel, number> });
    else for (const child of Object.values(node)) visit(child);
  };
  visit(MODEL);
  return rows;
}

export interface DataSeries {
  readonly channel: DataChannel;
  /** Share of people using the channel, by decade (AGE_GROUPS order), 0-1. */
  readonly byDecade: readonly number[];
  readonly sources: readonly { readonly id: string; readonly title: string; readonly year: number }[];
  readonly year: number;
  readonly confidence: Confidence;
  /** The compiler's plain words on the confidence (data/adoption.json). */
  readonly confidenceNote: string;
  /** Where a borrowed age pattern or level comes from (absent: the table's own data). */
  readonly ageShapeFrom?: Borrowed;
  readonly levelFrom?: Borrowed;
  /**
   * The whole note in words (data.method.series_note): channel, sources with their years, the
   * series' year, its confidence and note, and "age pattern from Russia, 2023" when borrowed.
   */
  readonly note: Message;
}

export interface CountryTable {
  /** An ISO code, a region code (R-...), or GLOBAL for the world table. */
  readonly code: string;
  readonly tier: DataTier;
  /** The table's name for a heading: the country's, the region's, or "every other country". */
  readonly name: Message;
  /** For a region: the countries that use it (ISO codes, sorted); empty otherwise. */
  readonly countries: readonly string[];
  readonly series: readonly DataSeries[];
}

/** A country, region or the world as a name inside a sentence ("the United Kingdom", "Europe"). */
export function placeName(code: string): Message {
  if (code === GLOBAL) return constantMessage('data.place.world');
  if (isRegionCode(code)) return constantMessage(`region.${code}`, { context: 'in_text' });
  return countryInText(code);
}

function tableName(code: string, tier: DataTier): Message {
  if (tier === 'world') return constantMessage('data.table.world');
  if (tier === 'region') return constantMessage(`region.${code}`);
  return constantMessage(`country.${code}`);
}

/**
 * "age pattern from Russia, 2023"; "level from Germany, 2024"; "level from an earlier year, 2020"
 * when the level is the table's own (`code`'s) older figure; empty when nothing is borrowed.
 */
export function borrowedNote(
  s: { ageShapeFrom?: Borrowed; levelFrom?: Borrowed },
  code: string,
  place: (code: string) => Message = placeName,
): Message | string {
  const parts: Message[] = [];
  if (s.levelFrom !== undefined)
    parts.push(
      s.levelFrom.country === code
        ? constantMessage('data.method.level_older', { year: s.levelFrom.year })
        : constantMessage('data.method.level_from', {
            place: place(s.levelFrom.country),
            year: s.levelFrom.year,
          }),
    );
  if (s.ageShapeFrom !== undefined)
    parts.push(
      constantMessage('data.method.shape_from', {
        place: place(s.ageShapeFrom.country),
        year: s.ageShapeFrom.year,
      }),
    );
  return parts.length === 0
    ? ''
    : constantMessage('data.method.borrowed', { what: listOf(parts, constantMessage) });
}

/**
 * The adoption tables as the engine uses them: countries in code order, then regions, GLOBAL
 * last; in each, one series per adoption series in DATA_SERIES_ORDER (the channel definitions').
 */
export function dataTables(adoption: PreparedAdoption): CountryTable[] {
  const { data } = adoption;
  const countries = Object.keys(data.countries)
    .filter((c) => c !== GLOBAL)
    .sort();
  const regions = Object.keys(data.regions).sort();
  return [...countries, ...regions, GLOBAL].map((code) => {
    const profile = adoption.profileFor(code);
    const raw = code === GLOBAL || !isRegionCode(code) ? data.countries[code]! : data.regions[code]!;
    return {
      code,
      tier: profile.tier,
      name: tableName(code, profile.tier),
      countries:
        profile.tier === 'region'
          ? Object.keys(data.regionOf)
              .filter((c) => data.regionOf[c] === code && !(c in data.countries))
              .sort()
          : [],
      series: DATA_SERIES_ORDER.map((channel): DataSeries => {
        const p = profile.channels[channel];
        const sources = p.sources.map((id) => ({
          id,
          title: data.sources[id]?.title ?? id,
          year: data.sources[id]?.year ?? 0,
        }));
        const confidenceNote = raw[channel].confidenceNote;
        return {
          channel,
          byDecade: p.byDecade,
          sources,
          year: p.year,
          confidence: p.confidence,
          confidenceNote,
          ...(p.ageShapeFrom === undefined ? {} : { ageShapeFrom: p.ageShapeFrom }),
          ...(p.levelFrom === undefined ? {} : { levelFrom: p.levelFrom }),
          note: message('data.method.series_note', {
            channel: constantMessage(dataSeriesLabel(channel)),
            year: String(p.year),
            confidence: constantMessage(`data.confidence.${p.confidence}`),
            note: constantMessage(`data.note.${code}.${channel}`),
            sources: listOf(
              sources.map((x) => message('data.method.source', { title: x.title, year: String(x.year) })),
            ),
            borrowed: borrowedNote(p, code),
          }),
        };
      }),
    };
  });
}
