import { describe, expect, it } from 'vitest';
import { AGE_GROUPS } from '../../src/domain/answers.js';
import { ageMixChart, reachChart } from '../../src/web/charts.js';
import { answers, plan, tr } from './fixtures.js';

describe('age mix chart', () => {
  const mix = answers().customers.ageMix; // 5 / 45 / 35 / 10 / 5 / 0
  const chart = ageMixChart(mix, tr);

  it('draws six bars proportional to the shares', () => {
    expect(chart.bars.map((b) => b.group)).toEqual([...AGE_GROUPS]);
    const unit = (chart.bars[1]?.width ?? 0) / 45;
    for (const b of chart.bars) expect(b.width).toBeCloseTo(mix[b.group] * unit, 0);
    expect(chart.bars[5]?.width).toBe(0);
    // The largest bar (45%, scale up to 50%) fills 90% of the plot.
    expect(Math.max(...chart.bars.map((b) => b.width))).toBeCloseTo(0.9 * 240, 0);
  });

  it('labels and formats values, and puts them right after each bar', () => {
    expect(chart.bars.map((b) => b.valueText)).toEqual(['5%', '45%', '35%', '10%', '5%', '0%']);
    expect(chart.bars.map((b) => b.label.text)).toEqual([
      'Under 20',
      '20 to 29',
      '30 to 39',
      '40 to 49',
      '50 to 59',
      '60 and over',
    ]);
    for (const b of chart.bars) expect(b.value.x).toBeGreaterThan(b.x + b.width);
    expect(chart.desc).toBe('Share of your customers in each age group. Largest group: 20 to 29, 45%.');
  });

  it('keeps bars inside the viewBox and in rows that do not overlap', () => {
    for (const b of chart.bars) {
      expect(b.x + b.width).toBeLessThanOrEqual(chart.width);
      expect(b.y + b.height).toBeLessThanOrEqual(chart.height);
    }
    for (let i = 1; i < chart.bars.length; i++) {
      const [prev, cur] = [chart.bars[i - 1], chart.bars[i]];
      expect(cur?.y ?? 0).toBeGreaterThanOrEqual((prev?.y ?? 0) + (prev?.height ?? 0));
    }
  });

  it('shows fractions and gives the same numbers in the table', () => {
    const c = ageMixChart({ under20: 33.3, '20s': 33.3, '30s': 33.4, '40s': 0, '50s': 0, '60plus': 0 }, tr);
    expect(c.table.rows).toEqual(c.bars.map((b) => [b.label.text, b.valueText]));
    expect(c.table.rows[2]).toEqual(['30 to 39', '33.4%']);
    expect(c.table.headers).toEqual(['Age group', 'Share of customers']);
  });

  it('refuses an id that is not an id', () => {
    expect(() => ageMixChart(mix, tr, 'bad id"')).toThrow();
  });
});

describe('reach chart', () => {
  const p = plan();
  const chart = reachChart(p, tr);

  it('has a group per age and one for all customers, three bars each', () => {
    expect(chart.groups.map((g) => g.group)).toEqual([...AGE_GROUPS, 'overall']);
    for (const g of chart.groups)
      expect(g.bars.map((b) => b.channel)).toEqual(['whatsapp_business', 'telegram', 'email']);
    expect(chart.groups.at(-1)?.label.text).toBe('All ages');
  });

  it("draws bars proportional to the plan's reach, on a 0-100% scale", () => {
    for (const g of chart.groups) {
      for (const b of g.bars) {
        const share =
          g.group === 'overall' ? p.channels[b.channel].reach : p.channels[b.channel].reachBySegment[g.group];
        expect(b.share).toBe(share);
        expect(b.width).toBeCloseTo(share * 240, 0);
      }
    }
  });

  it("has the plan's numbers in the table", () => {
    expect(chart.table.headers).toEqual(['Age group', 'WhatsApp Business', 'Telegram', 'Email']);
    const overall = chart.table.rows.at(-1);
    expect(overall).toEqual([
      'All ages',
      tr.formatPercent(p.channels.whatsapp_business.reach),
      tr.formatPercent(p.channels.telegram.reach),
      tr.formatPercent(p.channels.email.reach),
    ]);
    expect(chart.table.rows[0]).toEqual([
      'Under 20',
      ...(['whatsapp_business', 'telegram', 'email'] as const).map((c) =>
        tr.formatPercent(p.channels[c].reachBySegment.under20),
      ),
    ]);
  });

  it('distinguishes series by pattern, not colour alone', () => {
    expect(chart.series.map((s) => s.pattern)).toEqual(['solid', 'hatch', 'dots']);
    expect(chart.series[1]?.fill).toBe('url(#chart-reach-hatch)');
    expect(chart.desc).toBe(
      'Estimated share of your customers in each age group who use each channel. Overall: WhatsApp Business 90%, Telegram 49%, and Email 80%.',
    );
  });

  it('keeps everything inside the viewBox and puts the rule between the ages and the total', () => {
    for (const g of chart.groups) {
      for (const b of g.bars) {
        expect(b.y + b.height).toBeLessThanOrEqual(chart.height);
        expect(b.value.x + 30).toBeLessThanOrEqual(chart.width);
      }
    }
    const lastAge = chart.groups[5]?.bars[2];
    const overall = chart.groups[6]?.bars[0];
    expect(chart.separator.y).toBeGreaterThan((lastAge?.y ?? 0) + (lastAge?.height ?? 0));
    expect(chart.separator.y).toBeLessThan(overall?.y ?? 0);
  });
});
