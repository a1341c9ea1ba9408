/**
 * The method page's view model (GET /method): the model table and the adoption data, formatted
 * in the reader's language. The numbers come from src/domain/method.ts.
 */
import type { PreparedAdoption } from '../domain/adoption.js';
import { AGE_GROUPS } from '../domain/answers.js';
import { dataTables, modelRows } from '../domain/method.js';
import { MODEL_VERSION } from '../domain/model.js';
import type { Words } from './view-models.js';

export interface MethodVM {
  readonly intro: string;
  readonly modelRows: readonly { label: string; value?: string; wa?: string; tg?: string; em?: string }[];
  readonly countries: readonly {
    id: string;
    name: string;
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
    modelRows: modelRows().map((row) =>
      row.points === undefined
        ? { label: t(row.label), value: number(row.value ?? 0) }
        : {
            label: t(row.label),
            wa: number(row.points.whatsapp_business),
            tg: number(row.points.telegram),
            em: number(row.points.email),
          },
    ),
    countries: dataTables(adoption).map((table) => ({
      id: `data-${table.code}`,
      name: tr.render(table.name),
      rows: AGE_GROUPS.map((g, d) => ({
        group: t(`web.field.age.${g}`),
        values: table.series.map((s) => tr.formatPercent(s.byDecade[d] ?? 0)),
      })),
      notes: table.series.map((s) => tr.render(s.note)),
    })),
  };
}
