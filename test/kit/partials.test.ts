import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import type { AnswersInput } from '../../src/domain/answers.js';
import { buildKit } from '../../src/domain/kit.js';
import { ageMixChart, reachChart } from '../../src/web/charts.js';
import { kitQrCodes } from '../../src/web/qr.js';
import { answers, plan, tr } from './fixtures.js';

const VIEWS = fileURLToPath(new URL('../../views', import.meta.url));
const render = (file: string, locals: Record<string, unknown>) =>
  ejs.renderFile(path.join(VIEWS, file), locals, { async: false });

// Formatting rules are off: EJS leaves whitespace where tags were; validity is what counts.
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'no-trailing-whitespace': 'off', 'doctype-style': 'off' },
});

async function expectValid(html: string) {
  const report = await validator.validateString(html);
  const problems = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
  expect(problems).toEqual([]);
}

function expectSafe(html: string) {
  expect(html).not.toMatch(/\sstyle\s*=/i);
  // Attribute values are escaped text: look at the attribute names only.
  const tags = html.replace(/="[^"]*"/g, '=""');
  expect(tags).not.toMatch(/<style|<script|<[^>]*\son\w+\s*=/i);
}

async function kitLocals(overrides: Partial<AnswersInput> = {}) {
  const kit = buildKit(
    answers(overrides),
    plan({ whatsapp_business: 'keep', telegram: 'consider', email: 'add' }),
    tr.render,
  );
  return { kit, qr: await kitQrCodes(kit), tr };
}

describe('chart partials', () => {
  it('render the age mix as valid, style-free HTML with the numbers in a table', async () => {
    const html = await render('partials/chart-age-mix.ejs', {
      chart: ageMixChart(answers().customers.ageMix, tr),
    });
    await expectValid(html);
    expectSafe(html);
    expect(html).toContain('aria-labelledby="chart-age-mix-title chart-age-mix-desc"');
    expect(html).toContain('<th scope="row">20 to 29</th><td>45%</td>');
  });

  it('render reach by age as valid, style-free HTML with patterns and a table', async () => {
    const html = await render('partials/chart-reach.ejs', { chart: reachChart(plan(), tr) });
    await expectValid(html);
    expectSafe(html);
    expect(html).toContain('<pattern id="chart-reach-hatch"');
    expect(html).toContain('fill="url(#chart-reach-dots)"');
    expect(html).toContain('<th scope="row">All ages</th><td>90%</td><td>49%</td><td>80%</td>');
  });
});

describe('kit partials', () => {
  it('render the kit summary as valid, style-free HTML', async () => {
    const locals = await kitLocals();
    const html = await render('partials/kit-summary.ejs', { ...locals, kitUrl: '/r/abc/kit' });
    await expectValid(html);
    expectSafe(html);
    expect(html).toContain('<textarea');
    expect(html).toContain('href="https://wa.me/6591234567?text=Hi%20Enso');
    expect(html).toContain('Optional trial');
    expect(html).toContain('data-source-id="telegram-api-business"');
  });

  it('escape the business name everywhere (no markup injection)', async () => {
    const name = '<img src=x onerror=alert(1)> & "Co"';
    const locals = await kitLocals({ business: { name, country: 'SG', sector: 'food' } });
    const summary = await render('partials/kit-summary.ejs', locals);
    const page = await render('kit.ejs', { ...locals, lang: 'en' });
    for (const html of [summary, page]) {
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Co&#34;');
      expectSafe(html);
    }
  });

  it('show "add your contact" items without a link or a QR code', async () => {
    const locals = await kitLocals({ contact: { whatsappNumber: '6591234567' } });
    const html = await render('partials/kit-summary.ejs', locals);
    await expectValid(html);
    expect(html).toContain('Add your Telegram username');
    expect(html).not.toMatch(/"https:\/\/t\.me\//);
    expect(html.match(/<svg/g)?.length).toBe(1);
  });

  it('render the printable kit page as a valid document with a poster and a card sheet per link', async () => {
    const locals = await kitLocals();
    const html = await render('kit.ejs', { ...locals, lang: 'en', reportUrl: '/r/abc' });
    await expectValid(html);
    expectSafe(html);
    expect(html.match(/class="kit-sheet kit-poster"/g)?.length).toBe(3);
    expect(html.match(/class="kit-sheet kit-cards"/g)?.length).toBe(3);
    expect(html).toContain('<link rel="stylesheet" href="/static/css/print.css" media="print">');
    expect(html).toContain('New: we are trying this out');
  });

  it('render the printable kit for a nameless business with no contacts', async () => {
    const locals = await kitLocals({ business: { country: 'ID', sector: 'food' }, contact: undefined });
    const html = await render('kit.ejs', { ...locals, lang: 'en' });
    await expectValid(html);
    expect(html).not.toContain('kit-poster"');
    expect(html).toContain('Add your business name');
  });
});
