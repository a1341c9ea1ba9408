/**
 * The report's reach chart and the method page come from the channel definitions
 * (src/domain/channels.ts), not from their own lists: every definition appears, in the
 * definitions' order, with its name and (in the chart) its own pattern and colour, and nothing
 * else does. The counts are checked against the definitions, so a channel added there that a
 * view did not pick up fails here.
 */
import ejs from 'ejs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_GROUPS, validateAnswers } from '../../src/domain/answers.js';
import {
  CHANNEL_DEFINITIONS,
  CHART_PATTERNS,
  DATA_SERIES_ORDER,
  dataSeriesLabel,
} from '../../src/domain/channels.js';
import { modelRows } from '../../src/domain/method.js';
import { reachChart } from '../../src/web/charts.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
let method: string;
let report: string;
beforeAll(async () => {
  t = makeTestApp();
  method = (await request(t.app).get('/method').expect(200)).text;
  const made = await request(t.app).post('/api/v1/plans').send(SALON_ANSWERS).expect(201);
  report = (
    await request(t.app)
      .get(`/r/${made.body.id as string}`)
      .expect(200)
  ).text;
});
afterAll(() => t.close());

const tr = () => t.i18n.translator('en');
const names = () => CHANNEL_DEFINITIONS.map((d) => tr().t(d.label));
const escaped = (s: string) => ejs.escapeXML(s);
/** The header cells of the first table after `from` in `html`. */
function headerCells(html: string, from: number): string[] {
  const thead = /<thead>([\s\S]*?)<\/thead>/.exec(html.slice(from))?.[1] ?? '';
  return [...thead.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]!);
}

describe('the definitions', () => {
  it('give each channel a name, and a pattern of its own that the chart can draw', () => {
    expect(CHANNEL_DEFINITIONS.length).toBeGreaterThanOrEqual(3);
    const patterns = CHANNEL_DEFINITIONS.map((d) => d.chart.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
    for (const d of CHANNEL_DEFINITIONS) {
      expect(CHART_PATTERNS).toContain(d.chart.pattern);
      expect(d.chart.colour).toMatch(/^#[0-9a-f]{6}$/);
      expect(tr().t(d.label)).not.toBe(d.label);
    }
  });
});

describe('the reach chart', () => {
  it('has one series per definition, in their order, with its name, pattern and colour', () => {
    const answers = validateAnswers(SALON_ANSWERS);
    if (!answers.ok) throw new Error('SALON_ANSWERS do not validate');
    const chart = reachChart(t.planner(answers.value, 'en'), tr());
    expect(chart.series.map((s) => s.channel)).toEqual(CHANNEL_DEFINITIONS.map((d) => d.id));
    expect(chart.series.map((s) => s.name)).toEqual(names());
    expect(chart.series.map((s) => [s.pattern, s.colour])).toEqual(
      CHANNEL_DEFINITIONS.map((d) => [d.chart.pattern, d.chart.colour]),
    );
    expect(chart.groups).toHaveLength(AGE_GROUPS.length + 1);
    for (const g of chart.groups)
      expect(g.bars.map((b) => b.channel)).toEqual(CHANNEL_DEFINITIONS.map((d) => d.id));
    expect(chart.table.headers.slice(1)).toEqual(names());
    for (const name of names()) expect(chart.desc).toContain(name);
  });

  it('is drawn on the report with a legend entry, a pattern and a bar per group for every definition', () => {
    const start = report.indexOf('<figure class="chart chart--reach">');
    expect(start).toBeGreaterThan(0);
    const figure = report.slice(start, report.indexOf('</figure>', start));
    const legend = /<g class="chart__legend">([\s\S]*?)<\/g>/.exec(figure)?.[1] ?? '';
    expect([...legend.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1])).toEqual(
      names().map(escaped),
    );
    for (const d of CHANNEL_DEFINITIONS) {
      const { pattern, colour } = d.chart;
      if (pattern !== 'solid') expect(figure, d.id).toContain(`<pattern id="chart-reach-${pattern}"`);
      const fill = pattern === 'solid' ? colour : `url(#chart-reach-${pattern})`;
      const bars = figure.match(
        new RegExp(`class="chart__bar"[^>]*fill="${fill.replace(/[()#]/g, '\\$&')}"`, 'g'),
      );
      expect(bars?.length, d.id).toBe(AGE_GROUPS.length + 1);
    }
    expect(figure.match(/class="chart__bar"/g)?.length).toBe(
      CHANNEL_DEFINITIONS.length * (AGE_GROUPS.length + 1),
    );
    expect(headerCells(figure, 0).slice(1)).toEqual(names().map(escaped));
  });
});

describe('the method page', () => {
  it('has a model column per definition, in their order, and each points row fills them all', () => {
    const table = method.indexOf('id="model-caption"');
    expect(headerCells(method, table).slice(2)).toEqual(names().map(escaped));
    const body = method.slice(table, method.indexOf('</table>', table));
    const rows = [...body.matchAll(/<tr>\s*<th scope="row">[^<]*<\/th>([\s\S]*?)<\/tr>/g)].map(
      (m) => m[1]?.match(/<td>[^<]*<\/td>/g) ?? [],
    );
    expect(rows).toHaveLength(modelRows().length);
    for (const cells of rows) expect(cells).toHaveLength(1 + CHANNEL_DEFINITIONS.length);
    // A points row has a number under every channel.
    const withPoints = modelRows().findIndex((r) => r.points !== undefined);
    expect(withPoints).toBeGreaterThanOrEqual(0);
    expect(rows[withPoints]?.slice(1).every((c) => /<td>-?\d/.test(c))).toBe(true);
  });

  it('has a data column per adoption series, covering every definition’s series', () => {
    for (const d of CHANNEL_DEFINITIONS) expect(DATA_SERIES_ORDER).toContain(d.data);
    const labels = DATA_SERIES_ORDER.map((c) => escaped(tr().t(dataSeriesLabel(c))));
    const tables = [...method.matchAll(/id="data-[^"]+-caption"/g)];
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const m of tables) expect(headerCells(method, m.index).slice(1), m[0]).toEqual(labels);
  });
});
