/**
 * View models of the report's two charts, drawn as server-side SVG by
 * views/partials/chart-age-mix.ejs and views/partials/chart-reach.ejs.
 *
 * Pure: the geometry (in viewBox units) and every text, already translated and formatted, so
 * the templates only place things. Bars are horizontal so labels stay readable at phone width;
 * each value is written at the end of its bar, and the reach chart's series also differ by fill
 * pattern (each channel's own, from its definition), so nothing depends on colour. The same
 * numbers come as a table for screen readers. The reach chart has one series per channel
 * definition (src/domain/channels.ts), in their order, with their names, patterns and colours.
 */
import { type AdvisedChannel, AGE_GROUPS, type AgeGroup, type AgeMix } from '../domain/answers.js';
import { CHANNEL_DEFINITIONS, type ChannelDefinition, type ChartPattern } from '../domain/channels.js';
import type { Plan } from '../domain/plan-schema.js';
import type { Translator } from '../i18n.js';

export interface ChartText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

export interface ChartBar {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** The value, as a share 0-1 (what the bar's length is proportional to). */
  readonly share: number;
  /** The value as printed: "45%". */
  readonly valueText: string;
  /** Where the value is printed (left-aligned, just after the bar's end). */
  readonly value: ChartText;
}

export interface ChartTable {
  readonly caption: string;
  readonly headers: readonly string[];
  /** Row header, then one formatted value per remaining column. */
  readonly rows: readonly (readonly string[])[];
}

interface ChartBase {
  /** Prefix of every id in the SVG (title, desc, patterns): unique per page. */
  readonly id: string;
  readonly titleId: string;
  readonly descId: string;
  readonly title: string;
  readonly desc: string;
  readonly width: number;
  readonly height: number;
  /** The vertical baseline the bars start from. */
  readonly axis: { readonly x: number; readonly y1: number; readonly y2: number };
  readonly table: ChartTable;
}

export interface AgeMixChart extends ChartBase {
  readonly bars: readonly (ChartBar & { readonly group: AgeGroup; readonly label: ChartText })[];
}

export interface ReachSeries {
  readonly channel: AdvisedChannel;
  readonly name: string;
  /** Fill pattern name, one per series (see the partial's <defs>). */
  readonly pattern: ChartPattern;
  /** Id of the <pattern> element (unused for 'solid'). */
  readonly patternId: string;
  /** The series' dark colour: the pattern's ground and every bar's outline. */
  readonly colour: string;
  /** The fill attribute of its bars: the colour, or url(#patternId). */
  readonly fill: string;
  /** Legend swatch and label. */
  readonly swatch: { readonly x: number; readonly y: number; readonly size: number };
  readonly label: ChartText;
}

export interface ReachGroup {
  readonly group: AgeGroup | 'overall';
  readonly label: ChartText;
  readonly bars: readonly (ChartBar & {
    readonly channel: AdvisedChannel;
    readonly fill: string;
    readonly colour: string;
  })[];
}

export interface ReachChart extends ChartBase {
  readonly legendTitle: string;
  readonly series: readonly ReachSeries[];
  readonly groups: readonly ReachGroup[];
  /** A rule between the age groups and the "all customers" group. */
  readonly separator: { readonly x1: number; readonly x2: number; readonly y: number };
}

/** Shared layout (viewBox units): a 400-wide chart reads well from a 320 px phone to A4. */
const WIDTH = 400;
const LABEL_RIGHT = 114; // labels end here (text-anchor end)
const PLOT_LEFT = 120;
const PLOT_RIGHT = 360; // leaves room for "100%" after the longest bar
const PAD = 8;
const VALUE_GAP = 5;
/** Text baseline offset from a bar's top, for 13-unit text centred on the bar. */
const baseline = (top: number, height: number) => r(top + height / 2 + 4.5);

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

function ids(id: string) {
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new Error(`Chart id "${id}" is not a valid id.`);
  return { id, titleId: `${id}-title`, descId: `${id}-desc` };
}

function bar(share: number, scaleMax: number, top: number, height: number, valueText: string): ChartBar {
  const width = r((Math.max(0, share) / scaleMax) * (PLOT_RIGHT - PLOT_LEFT));
  return {
    x: PLOT_LEFT,
    y: r(top),
    width,
    height,
    share,
    valueText,
    value: { x: r(PLOT_LEFT + width + VALUE_GAP), y: baseline(top, height), text: valueText },
  };
}

/** The customers' age mix (percent per group, as in Answers) as six bars. */
export function ageMixChart(ageMix: AgeMix, tr: Translator, id = 'chart-age-mix'): AgeMixChart {
  const rowHeight = 28;
  const barHeight = 18;
  const shares = AGE_GROUPS.map((g) => ageMix[g] / 100);
  const max = Math.max(...shares);
  // Scale to the largest group rounded up to 10%, so small mixes still use the width.
  const scaleMax = Math.max(0.1, Math.ceil(max * 10 - 1e-9) / 10);
  const fmt = (share: number) => tr.formatPercent(share, 1);
  const label = (g: AgeGroup) => tr.t(`kit.chart.age.${g}`);
  const bars = AGE_GROUPS.map((group, i) => {
    const top = PAD + i * rowHeight + (rowHeight - barHeight) / 2;
    const share = shares[i] ?? 0;
    return {
      ...bar(share, scaleMax, top, barHeight, fmt(share)),
      group,
      label: { x: LABEL_RIGHT, y: baseline(top, barHeight), text: label(group) },
    };
  });
  const largest = AGE_GROUPS[shares.indexOf(max)] ?? 'under20';
  const height = PAD * 2 + AGE_GROUPS.length * rowHeight;
  const title = tr.t('kit.chart.age_mix.title');
  return {
    ...ids(id),
    title,
    desc: tr.t('kit.chart.age_mix.desc', { group: label(largest), value: fmt(max) }),
    width: WIDTH,
    height,
    axis: { x: PLOT_LEFT, y1: PAD, y2: height - PAD },
    bars,
    table: {
      caption: tr.t('kit.chart.table_caption', { title }),
      headers: [tr.t('kit.chart.age_mix.group'), tr.t('kit.chart.age_mix.share')],
      rows: bars.map((b) => [b.label.text, b.valueText]),
    },
  };
}

/**
 * Each series has its own fill pattern and a dark colour (the channel's definition); bars are
 * outlined in that colour, so every bar keeps a 3:1 edge against white (WCAG 1.4.11) even where
 * the pattern is light.
 */
function seriesFill(id: string, def: ChannelDefinition) {
  const { pattern, colour } = def.chart;
  const patternId = `${id}-${pattern}`;
  return { pattern, colour, patternId, fill: pattern === 'solid' ? colour : `url(#${patternId})` };
}

/** Reach by age group for every advised channel side by side, then the overall reach. */
export function reachChart(plan: Plan, tr: Translator, id = 'chart-reach'): ReachChart {
  const barHeight = 14;
  const barGap = 2;
  const groupGap = 16;
  const legendRow = 20;
  const groupHeight = CHANNEL_DEFINITIONS.length * (barHeight + barGap) - barGap;
  const fmt = (share: number) => tr.formatPercent(share);
  const name = (def: ChannelDefinition) => tr.t(def.label);

  const series: ReachSeries[] = CHANNEL_DEFINITIONS.map((def, i) => ({
    channel: def.id,
    name: name(def),
    ...seriesFill(id, def),
    swatch: { x: PLOT_LEFT, y: PAD + i * legendRow, size: 14 },
    label: { x: PLOT_LEFT + 20, y: PAD + i * legendRow + 11.5, text: name(def) },
  }));
  const legendBottom = PAD + CHANNEL_DEFINITIONS.length * legendRow + 6;

  const keys: readonly (AgeGroup | 'overall')[] = [...AGE_GROUPS, 'overall'];
  const shareOf = (channel: AdvisedChannel, key: AgeGroup | 'overall') =>
    key === 'overall' ? plan.channels[channel].reach : plan.channels[channel].reachBySegment[key];
  const labelOf = (key: AgeGroup | 'overall') =>
    key === 'overall' ? tr.t('kit.chart.overall') : tr.t(`kit.chart.age.${key}`);

  const groups: ReachGroup[] = keys.map((key, gi) => {
    // The overall group sits below a rule, one extra gap down.
    const top = legendBottom + gi * (groupHeight + groupGap) + (key === 'overall' ? groupGap : 0);
    return {
      group: key,
      label: { x: LABEL_RIGHT, y: baseline(top, groupHeight), text: labelOf(key) },
      bars: CHANNEL_DEFINITIONS.map((def, si) => {
        const share = shareOf(def.id, key);
        const { fill, colour } = seriesFill(id, def);
        return {
          ...bar(share, 1, top + si * (barHeight + barGap), barHeight, fmt(share)),
          channel: def.id,
          fill,
          colour,
        };
      }),
    };
  });
  const lastAgeTop = legendBottom + (AGE_GROUPS.length - 1) * (groupHeight + groupGap);
  const separatorY = r(lastAgeTop + groupHeight + groupGap);
  const height = r(legendBottom + keys.length * (groupHeight + groupGap) + PAD);
  const title = tr.t('kit.chart.reach.title');
  const list = new Intl.ListFormat(tr.language, { type: 'conjunction' });
  const overall = list.format(
    CHANNEL_DEFINITIONS.map((def) =>
      tr.t('kit.chart.reach.overall_item', { channel: name(def), value: fmt(plan.channels[def.id].reach) }),
    ),
  );
  return {
    ...ids(id),
    title,
    desc: tr.t('kit.chart.reach.desc', { overall }),
    width: WIDTH,
    height,
    axis: { x: PLOT_LEFT, y1: legendBottom - 4, y2: height - PAD },
    legendTitle: tr.t('kit.chart.legend'),
    series,
    groups,
    separator: { x1: PAD, x2: WIDTH - PAD, y: separatorY },
    table: {
      caption: tr.t('kit.chart.table_caption', { title }),
      headers: [tr.t('kit.chart.reach.group'), ...series.map((s) => s.name)],
      rows: groups.map((g) => [g.label.text, ...g.bars.map((b) => b.valueText)]),
    },
  };
}
