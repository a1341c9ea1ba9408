/**
 * The kit over real plans: every example in examples/*.json, through the engine's plan(), with a
 * contact block added so that links are built.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { AnswersSchema } from '../../src/domain/answers.js';
import { buildKit } from '../../src/domain/kit.js';
import { plan } from '../../src/domain/plan.js';
import { ageMixChart, reachChart } from '../../src/web/charts.js';
import { kitPageView, kitSummaryView } from '../../src/web/kit-view.js';
import { i18n, tr } from './fixtures.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLES = path.join(ROOT, 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
const data = loadAdoptionData();
const contact = { whatsappNumber: '6591234567', telegram: 'kanal_demo', email: 'hello@shop.example.com' };

describe.each(files)('the kit for examples/%s', (file) => {
  const answers = AnswersSchema.parse({
    ...JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')),
    contact,
  });
  const p = plan(answers, data, { translate: tr.render, language: 'en' });
  const kit = buildKit(answers, p, tr.render);

  it('has an item for exactly the kept, added and considered channels', () => {
    const expected = (['whatsapp_business', 'telegram', 'email'] as const).filter(
      (c) => p.channels[c].verdict !== 'skip',
    );
    expect(kit.items.map((i) => i.channel).sort()).toEqual([...expected].sort());
    for (const item of kit.items) {
      expect(item.optional).toBe(p.channels[item.channel].verdict === 'consider');
      expect(item.link).not.toBeNull();
    }
  });

  it('shows Telegram facts only when Telegram is in the kit', () => {
    const telegram = kit.items.some((i) => i.channel === 'telegram');
    expect(kit.facts.some((f) => f.code === 'telegram_business_premium')).toBe(telegram);
  });

  it('renders the summary, the printable page and both charts', async () => {
    const views = path.join(ROOT, 'views');
    const input = { i18n, tr, answers, plan: p };
    const summary = await ejs.renderFile(path.join(views, 'partials/kit-summary.ejs'), {
      kit: await kitSummaryView(input),
      t: tr.t,
    });
    const page = await ejs.renderFile(path.join(views, 'kit.ejs'), {
      kit: await kitPageView(input),
      t: tr.t,
    });
    const charts = await Promise.all([
      ejs.renderFile(path.join(views, 'partials/chart-age-mix.ejs'), {
        chart: ageMixChart(answers.customers.ageMix, tr),
      }),
      ejs.renderFile(path.join(views, 'partials/chart-reach.ejs'), { chart: reachChart(p, tr) }),
    ]);
    for (const html of [summary, page, ...charts]) expect(html).not.toMatch(/\sstyle=|\{\{|undefined/);
    expect(page.match(/kit-sheet kit-poster/g)?.length ?? 0).toBe(kit.items.length);
  });
});
