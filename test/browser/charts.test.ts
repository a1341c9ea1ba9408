/**
 * The two chart partials in Chromium: no accessibility violations (axe), readable at phone and
 * desktop widths (screenshots in test-results/), and printed on A4 with their titles and nothing
 * cut (pdftotext, pdfinfo).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { AnswersSchema } from '../../src/domain/answers.js';
import { plan } from '../../src/domain/plan.js';
import { ageMixChart, reachChart } from '../../src/web/charts.js';
import { tr } from '../kit/fixtures.js';
import { pdfInfo, pdfText, VIEWPORTS } from './helpers/browser.js';
import { documentAround, renderView } from './helpers/render.js';
import { checkAtViewport, printA4, useChromium } from './helpers/session.js';

const chromium = useChromium();
let html: string;

const answers = AnswersSchema.parse({
  business: { name: 'Enso Hair Studio', country: 'SG', sector: 'beauty' },
  customers: { ageMix: { under20: 5, '20s': 45, '30s': 35, '40s': 10, '50s': 5, '60plus': 0 } },
  channels: [{ channel: 'whatsapp_business', sharePercent: 80 }],
  purposes: ['appointments', 'promotions'],
  team: 'solo',
});
const realPlan = plan(answers, loadAdoptionData(), { translate: tr.render, language: 'en' });

beforeAll(async () => {
  const ageMix = await renderView('partials/chart-age-mix.ejs', {
    chart: ageMixChart(answers.customers.ageMix, tr),
  });
  const reach = await renderView('partials/chart-reach.ejs', { chart: reachChart(realPlan, tr) });
  html = documentAround(`<h1>Charts</h1><div class="charts">${ageMix}${reach}</div>`, 'Charts');
});

describe('charts in Chromium', () => {
  it.each(Object.entries(VIEWPORTS))(
    'have no axe violations and fit the %s width',
    async (name, viewport) => {
      // axe runs as a script in the page, so JavaScript stays on (the content itself has none).
      await checkAtViewport(chromium.browser, html, viewport, `charts-${name}.png`, async (page) => {
        // Value labels stay inside their SVG.
        const outside = await page.evaluate(() =>
          [...document.querySelectorAll('svg.chart__svg')].flatMap((svg) => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')]
              .map((t) => t.getBoundingClientRect())
              .filter((r) => r.right > box.right + 1 || r.left < box.left - 1)
              .map((r) => `${r.left}-${r.right} outside ${box.left}-${box.right}`);
          }),
        );
        expect(outside).toEqual([]);
        // Chart text is at least 9 CSS pixels high at this width.
        const smallest = await page.evaluate(() =>
          Math.min(
            ...[...document.querySelectorAll('svg.chart__svg text')].map(
              (t) => t.getBoundingClientRect().height,
            ),
          ),
        );
        expect(smallest).toBeGreaterThanOrEqual(9);
      });
    },
  );

  it('print on A4 with their titles and numbers, on one page', async () => {
    const file = await printA4(chromium.browser, 'charts.pdf', (page) => page.setContent(html));
    const info = pdfInfo(file);
    expect(info.pages).toBe(1);
    // A4 is 595.3 x 841.9 pt; Chromium writes 595.92 x 842.88.
    expect(info.width).toBeCloseTo(595.5, -1);
    expect(info.height).toBeCloseTo(842.5, -1);
    const text = pdfText(file);
    expect(text).toContain('Your customers by age');
    expect(text).toContain('Customers you can reach, by age');
    expect(text).toContain('All ages');
    expect(text).toContain(tr.formatPercent(realPlan.channels.whatsapp_business.reach));
  });
});
