/**
 * The owner's poll page printed (issue 12: "the counter card's QR decodes to the poll link
 * (printed PDF)"). The owner opens the poll and prints /r/:id/poll from Chromium on A4 with
 * JavaScript off, as print.test.ts prints the report, in every language Kanal serves (chosen
 * with the switch's `?lang=` link; with no customers' languages given, the card speaks the
 * owner's). The PDF has exactly three pages: the results, the counter poster, the sheet of cards;
 * the poster and the cards each fit their page (nothing spills onto another), nothing runs into
 * the side margins, the owner-key form and the buttons stay off paper, and the QR codes of the
 * poster and of the first card, read back from the printed pages, are the exact poll link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n, loadResources } from '../../src/i18n.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { pdfPages, qrFromPdfPage, squeeze } from './helpers/browser.js';
import { inkInSideMargins } from './helpers/pdf-ink.js';
import { type RunningServer, startServer } from './helpers/server.js';
import { printA4, useChromium } from './helpers/session.js';

const LANGUAGES = Object.keys(loadResources());
const i18n = createI18n({ strict: true });

const chromium = useChromium();
let server: RunningServer;
let dir: string;
const measured: Record<string, { pages: number }> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-poll-print-'));
  server = await startServer({ env: { RATE_LIMIT: 'off', DATABASE_PATH: path.join(dir, 'kanal.db') } });
});
afterAll(async () => {
  console.log(JSON.stringify(measured));
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A plan with its poll open (through the API, as the owner's page would): its id and poll link. */
async function planWithPoll(): Promise<{ id: string; pollUrl: string }> {
  const made = await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SALON_ANSWERS),
  });
  expect(made.status).toBe(201);
  const plan = (await made.json()) as { id: string; ownerKey: string };
  const opened = await fetch(`${server.baseUrl}/api/v1/plans/${plan.id}/poll`, {
    method: 'POST',
    headers: { 'x-owner-key': plan.ownerKey },
  });
  expect(opened.status).toBe(201);
  return { id: plan.id, pollUrl: String(((await opened.json()) as { pollUrl: string }).pollUrl) };
}

/**
 * Text as it can be compared with pdftotext's: whitespace gone, and hyphens too (pdftotext joins
 * a word broken after a hyphen at a line's end and drops the hyphen; a poll link may hold one).
 */
const flat = (text: string) => squeeze(text).replace(/-/g, '');

describe.each(LANGUAGES)('the owner’s poll page printed in %s', { timeout: 120_000 }, (lang) => {
  const t = i18n.translator(lang).t;
  let id = '';
  let pollUrl = '';
  beforeAll(async () => {
    ({ id, pollUrl } = await planWithPoll());
  });

  it('prints results, poster and cards on three A4 pages; both QR codes are the poll link', async () => {
    const file = await printA4(
      chromium.browser,
      `poll-owner-${lang}.pdf`,
      async (page) => {
        await page.goto(`${server.baseUrl}/r/${id}/poll?lang=${lang}`);
        expect(new URL(page.url()).pathname).toBe(`/r/${id}/poll`);
        expect(await page.locator('section.poll-card').count()).toBe(1);
      },
      { preferCSSPageSize: true },
    );
    const pages = pdfPages(file);
    measured[lang] = { pages: pages.length };
    const [results = '', poster = '', cards = ''] = pages.map(flat);
    const link = flat(pollUrl.replace(/^https?:\/\//, ''));

    expect(pages).toHaveLength(3);
    // Page 1: the owner's page, without its form.
    expect(results).toContain(flat(t('poll.owner.title')));
    expect(results).toContain(flat(t('poll.owner.results')));
    expect(results).not.toContain(flat(t('web.owner_key.label')));
    expect(results).not.toContain(flat(t('poll.owner.button.close')));
    // Page 2: the whole poster, down to the line for staff at its foot.
    for (const key of ['poll.card.cta', 'poll.card.privacy', 'poll.card.staff'])
      expect(poster, key).toContain(flat(t(key)));
    expect(poster).toContain(flat(SALON_ANSWERS.business.name));
    expect(poster).toContain(link);
    // Page 3: eight cards, each with the link.
    expect(cards).toContain(flat(t('kit.poll.cards_label')));
    expect(cards.split(link).length - 1).toBe(8);

    expect(qrFromPdfPage(file, 2), 'the poster').toBe(pollUrl);
    // The first card: the top-left 100 x 78 mm of the sheet at 150 dpi (as print.test.ts reads).
    expect(qrFromPdfPage(file, 3, { x: 0, y: 0, width: 590, height: 460 }), 'the first card').toBe(pollUrl);
    expect(inkInSideMargins(file)).toEqual([0, 0, 0]);
  });

  it('prints the poll last in the printable kit, its poster on one page, its QR code the link', async () => {
    const file = await printA4(
      chromium.browser,
      `poll-kit-${lang}.pdf`,
      (page) => page.goto(`${server.baseUrl}/r/${id}/kit?lang=${lang}`),
      { preferCSSPageSize: true },
    );
    const pages = pdfPages(file);
    measured[`${lang} kit`] = { pages: pages.length };
    // A poster and a card sheet per channel with a link, then the poll's: an even count.
    expect(pages.length % 2).toBe(0);
    const poster = flat(pages.at(-2) ?? '');
    const cards = flat(pages.at(-1) ?? '');
    for (const key of ['poll.card.cta', 'poll.card.privacy', 'poll.card.staff'])
      expect(poster, key).toContain(flat(t(key)));
    expect(cards.split(flat(pollUrl.replace(/^https?:\/\//, ''))).length - 1).toBe(8);
    expect(qrFromPdfPage(file, pages.length - 1), 'the poll poster').toBe(pollUrl);
    expect(inkInSideMargins(file)).toEqual(pages.map(() => 0));
  });
});
