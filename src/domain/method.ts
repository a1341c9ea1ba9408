/**
 * The method, laid open: every number of the model table (model.ts) with its label, and the
 * adoption figures by decade behind every reach (after the bracket-to-decade mapping), with their
 * sources, year and confidence. The method page prints both, so that any verdict can be checked
 * by hand.
 */
import { DATA_CHANNELS, type DataChannel, GLOBAL, type PreparedAdoption } from './adoption.js';
import type { AdvisedChannel } from './answers.js';
import { MODEL } from './model.js';
import type { Confidence } from './plan-schema.js';

export interface ModelRow {
  /** Message key of the label (engine.weight.*). */
  readonly label: string;
  /** A single number, or points per advised channel. */
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
}

export interface CountryTable {
  /** An ISO code, or GLOBAL for every country without its own table. */
  readonly code: string;
  readonly series: readonly DataSeries[];
}

/** The adoption tables as the engine uses them: countries in code order, GLOBAL last. */
export function dataTables(adoption: PreparedAdoption): CountryTable[] {
  const codes = Object.keys(adoption.data.countries)
    .filter((c) => c !== GLOBAL)
    .sort();
  return [...codes, GLOBAL].map((code) => {
    const profile = adoption.profileFor(code);
    return {
      code,
      series: DATA_CHANNELS.map((channel) => {
        const p = profile.channels[channel];
        return {
          channel,
          byDecade: p.byDecade,
          sources: p.sources.map((id) => ({
            id,
            title: adoption.data.sources[id]?.title ?? id,
            year: adoption.data.sources[id]?.year ?? 0,
          })),
          year: p.year,
          confidence: p.confidence,
        };
      }),
    };
  });
}
