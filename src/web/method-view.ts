/**
 * The method page's view model (GET /method): the model table and the adoption data, formatted
 * in the reader's language. The numbers come from src/domain/method.ts. The model table has a
 * column per channel definition and the data tables one per adoption series (src/domain/channels.ts),
 * so the view names no channel itself.
 */
import type { PreparedAdoption } from '../domain/adoption.js';
import { AGE_GROUPS } from '../domain/answers.js';
import { CHANNEL_DEFINITIONS, dataSeriesLabel } from '../domain/channels.js';
import { dataTables, modelRows } from '../domain/method.js';
import { MODEL_VERSION } from '../domain/model.js';
import type { Words } from './view-models.js';

export interface MethodVM {
  readonly intro: string;
  /** The model table's channel columns: each advised channel's name, in the definitions' order. */
  readonly channelColumns: readonly string[];
  /** A single value, or one per channel column (empty strings for the other kind of row). */
  readonly modelRows: readonly { label: string; value: string; points: readonly string[] }[];
  readonly countries: readonly {
    id: string;
    name: string;
    /** Each series' name (WhatsApp, Telegram, Email), in the order of `rows[].values`. */
    columns: readonly string[];
    rows: readonly { group: string; values: readonly string[] }[];
    notes: readonly string[];
  }[];
}

export function buildMethod(w: Words, adoption: PreparedAdoption): MethodVM {
  const { tr } = w;
  const t = tr.t;
  const number = (n: number) => tr.formatNumber(n, { maximumFractionDigits: 2 });
  return {
    intro: t('web.method.intro', { model: MODEL_VERSION, data: adoption.version }),
    channelColumns: CHANNEL_DEFINITIONS.map((def) => t(def.label)),
    modelRows: modelRows().map((row) => {
      const { points } = row;
      return points === undefined
        ? { label: t(row.label), value: number(row.value ?? 0), points: CHANNEL_DEFINITIONS.map(() => '') }
        : {
            label: t(row.label),
            value: '',
            points: CHANNEL_DEFINITIONS.map((def) => number(points[def.id])),
          };
    }),
    countries: dataTables(adoption).map((table) => ({
      id: `data-${table.code}`,
      name: tr.render(table.name),
      columns: table.series.map((s) => t(dataSeriesLabel(s.channel))),
      rows: AGE_GROUPS.map((g, d) => ({
        group: t(`web.field.age.${g}`),
        values: table.series.map((s) => tr.formatPercent(s.byDecade[d] ?? 0)),
      })),
      notes: table.series.map((s) => tr.render(s.note)),
    })),
  };
}
