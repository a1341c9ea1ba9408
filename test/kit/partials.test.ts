import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import type { AnswersInput } from '../../src/domain/answers.js';
import { ageMixChart, reachChart } from '../../src/web/charts.js';
import { kitPageView, kitSummaryView } from '../../src/web/kit-view.js';
import { answers, i18n, plan, tr } from './fixtures.js';

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

/** The locals of the kit's summary (`summary`) and printable page (`page`), as the routes give them. */
async function kitLocals(overrides: Partial<AnswersInput> = {}, opts: { pollUrl?: string } = {}) {
  const input = {
    i18n,
    tr,
    answers: answers(overrides),
    plan: plan({ whatsapp_business: 'keep', telegram: 'consider', email: 'add' }),
  };
  return {
    summary: { kit: await kitSummaryView(input, { kitUrl: '/r/abc/kit' }), t: tr.t },
    page: { kit: await kitPageView(input, { reportUrl: '/r/abc', ...opts }), t: tr.t },
  };
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
    const html = await render('partials/kit-summary.ejs', locals.summary);
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
    const summary = await render('partials/kit-summary.ejs', locals.summary);
    const page = await render('kit.ejs', locals.page);
    for (const html of [summary, page]) {
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Co&#34;');
      expectSafe(html);
    }
  });

  it('show "add your contact" items without a link or a QR code', async () => {
    const locals = await kitLocals({ contact: { whatsappNumber: '6591234567' } });
    const html = await render('partials/kit-summary.ejs', locals.summary);
    await expectValid(html);
    expect(html).toContain('Add your Telegram username');
    expect(html).not.toMatch(/"https:\/\/t\.me\//);
    expect(html.match(/<svg/g)?.length).toBe(1);
  });

  it('render the printable kit page as a valid document with a poster and a card sheet per link', async () => {
    const locals = await kitLocals();
    const html = await render('kit.ejs', locals.page);
    await expectValid(html);
    expectSafe(html);
    expect(html.match(/class="kit-sheet kit-poster"/g)?.length).toBe(3);
    expect(html.match(/class="kit-sheet kit-cards"/g)?.length).toBe(3);
    expect(html).toContain('<link rel="stylesheet" href="/static/css/print.css" media="print">');
    expect(html).toContain('New: we are trying this out');
  });

  it('render the printable kit for a nameless business with no contacts', async () => {
    const locals = await kitLocals({ business: { country: 'ID', sector: 'food' }, contact: undefined });
    const html = await render('kit.ejs', locals.page);
    await expectValid(html);
    expect(html).not.toContain('kit-poster"');
    expect(html).toContain('Add your business name');
    // The page says what to add, and prints.
    expect(html).toContain('class="kit-sheet kit-empty"');
    expect(html).toContain('Nothing to print yet');
  });

  it('render bilingual posters and cards: the main language large, the second below, each tagged', async () => {
    const locals = await kitLocals({
      business: { name: 'Kedai Mak Cik', country: 'MY', sector: 'food' },
      customers: {
        ageMix: { under20: 5, '20s': 45, '30s': 35, '40s': 10, '50s': 5, '60plus': 0 },
        languages: ['ms', 'en'],
      },
    });
    const html = await render('kit.ejs', locals.page);
    await expectValid(html);
    expectSafe(html);
    expect(html).toContain('<html lang="en">');
    expect(html.match(/class="kit-sheet kit-poster kit-poster--two"/g)?.length).toBe(3);
    // WhatsApp poster: Malay heading, English below it.
    expect(html).toMatch(
      /<h2 class="kit-poster__cta" id="kit-poster-whatsapp_business" lang="ms">Sembang dengan kami di WhatsApp<\/h2>\s*<p class="kit-poster__cta kit-second" lang="en">Chat with us on WhatsApp<\/p>/,
    );
    // The owner's labels stay in the owner's language.
    expect(html).toContain('Poster: WhatsApp Business');
    const summary = await render('partials/kit-summary.ejs', locals.summary);
    await expectValid(summary);
    expect(summary).toContain('id="kit-whatsapp_status-text" lang="ms"');
    expect(summary).toContain('id="kit-whatsapp_status-text-en" lang="en"');
    expect(summary).toContain('Text in Malay');
    expect(summary).toContain('Text in English');
  });

  it('render the open poll’s poster and cards, with its link and the line for staff', async () => {
    const pollUrl = 'https://kanal.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg';
    const locals = await kitLocals({}, { pollUrl });
    const html = await render('kit.ejs', locals.page);
    await expectValid(html);
    expectSafe(html);
    expect(html).toContain('class="kit-sheet kit-poster poll-card"');
    expect(html).toContain('Poster: your customer poll');
    expect(html).toContain('for one week');
    expect(html.match(/kanal\.example\/p\/AbCdEfGhIjKlMnOpQrStUvWxYz/g)?.length).toBe(9);
    const closed = await render('kit.ejs', (await kitLocals()).page);
    expect(closed).not.toContain('poll-card');
    expect(closed).not.toContain('kanal.example/p/');
  });
});
