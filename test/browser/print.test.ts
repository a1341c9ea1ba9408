/**
 * The report and the printable kit of every example plan (examples/*.json, with contact details
 * so the kit has links), printed to A4 PDF by Chromium as a shop owner would print them:
 * - the report takes at most three pages, none of them mostly empty (the last more than a few
 *   lines); the kit prints from its own page (a kit with nothing to print says what to add);
 * - every heading of the report is in the PDF's text (the report's in its pages, the kit's in
 *   the kit's), with the business name and the report's link, and never the owner key;
 * - the QR code printed on the report's first page reads back as the report's link;
 * - the printable kit is one poster and one card sheet per link, each QR code the exact link;
 * - nothing is cut: the left and right page margins are blank on every page.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LaunchedBrowser,
  launchBrowser,
  newContext,
  outsideRequests,
  pdfPages,
  qrFromPdfPage,
  resultPath,
  squeeze,
} from './helpers/browser.js';
import { inkInSideMargins } from './helpers/pdf-ink.js';
import { ROOT, type RunningServer, startServer } from './helpers/server.js';

const EXAMPLES = readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

const PHONES: Record<string, string> = {
  SG: '+65 9123 4567',
  ID: '+62 812 3456 7890',
  MY: '+60 12 345 6789',
  // Not Ofcom's drama range (07700 900xxx): libphonenumber-js holds it for no valid number, and
  // the server takes only a mobile number of the business's country.
  GB: '+44 7400 123456',
};

let launched: LaunchedBrowser;
let browser: Browser;
let server: RunningServer;
let context: BrowserContext;
let outside: string[];
/** Pages per example, written to test-results/print-pages.json for people to read. */
const measured: Record<string, { reportPages?: number; printableKitPages?: number; reportFill?: number[] }> =
  {};

beforeAll(async () => {
  [server, launched] = await Promise.all([startServer({ env: { RATE_LIMIT: 'off' } }), launchBrowser()]);
  browser = launched.browser;
  context = await newContext(browser, { javaScript: false });
  outside = outsideRequests(context);
});
afterAll(async () => {
  writeFileSync(resultPath('print-pages.json'), `${JSON.stringify(measured, null, 2)}\n`);
  await context?.close();
  await launched?.close();
  await server?.stop();
});

async function createPlan(example: string) {
  const answers = JSON.parse(readFileSync(path.join(ROOT, 'examples', `${example}.json`), 'utf8'));
  const slug = example.replace(/[^a-z]/g, '').slice(0, 20);
  answers.contact = {
    whatsappNumber: PHONES[answers.business.country] ?? '+65 9123 4567',
    telegram: slug,
    email: `hello@${slug}.example.com`,
  };
  const res = await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answers),
  });
  expect(res.status, server.output()).toBe(201);
  const body = (await res.json()) as { url: string; ownerKey: string };
  return { ...body, name: answers.business.name as string };
}

async function printPdf(page: Page, file: string) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
}

/**
 * How far down each page its content reaches, as a share of the page's height (the page-number
 * footer, in the bottom margin, left out): a page of a few lines reads about 0.1.
 */
function filled(file: string): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kanal-fill-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', '30', '-gray', file, path.join(dir, 'page')]);
    return readdirSync(dir)
      .sort()
      .map((f) => {
        const png = PNG.sync.read(readFileSync(path.join(dir, f)));
        const footer = Math.floor((20 / 297) * png.height);
        let lowest = 0;
        for (let y = 0; y < png.height - footer; y++) {
          for (let x = 0; x < png.width; x++) {
            if ((png.data[(y * png.width + x) * 4] ?? 255) < 200) {
              lowest = y;
              break;
            }
          }
        }
        return Math.round((100 * lowest) / (png.height - footer)) / 100;
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(EXAMPLES)('%s, printed', (example) => {
  let plan: Awaited<ReturnType<typeof createPlan>>;
  let links: string[] = [];

  beforeAll(async () => {
    plan = await createPlan(example);
  });

  it('prints the report on at most three A4 pages, none of them mostly empty but the last', async () => {
    const page = await context.newPage();
    await page.goto(plan.url);
    await page.emulateMedia({ media: 'print' });
    const headings = await page.evaluate(() => {
      const visible = (el: Element) => el.getClientRects().length > 0;
      const all = [...document.querySelectorAll('main h1, main h2, main h3, main h4')].filter(visible);
      const kit = document.querySelector('.report-kit');
      const text = (el: Element) => (el.textContent ?? '').trim();
      return {
        report: all.filter((h) => !kit?.contains(h)).map(text),
        kit: all.filter((h) => kit?.contains(h)).map(text),
      };
    });
    links = await page
      .locator('.kit-item__link a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const file = resultPath(`print-${example}.pdf`);
    await printPdf(page, file);
    await page.close();

    const pages = pdfPages(file);
    // The kit summary is for the screen (copy buttons, links); the kit prints from its own page.
    expect(headings.kit).toEqual([]);
    const fill = filled(file);
    measured[example] = { ...measured[example], reportPages: pages.length, reportFill: fill };
    expect(pages.length, `report pages of ${example}`).toBeLessThanOrEqual(3);
    // No mostly empty page inside the report: each page but the last is filled at least halfway.
    fill.slice(0, -1).forEach((f, i) => {
      expect(f, `page ${i + 1} of ${example}`).toBeGreaterThanOrEqual(0.5);
    });
    // Nor a last page carrying only a few lines (about 0.1): that page is paper spent on a footnote.
    if (fill.length > 1) expect(fill.at(-1), `last page of ${example}`).toBeGreaterThanOrEqual(0.15);
    const reportText = squeeze(pages.join('\n'));
    expect(reportText).toContain(squeeze(`${plan.url}/kit`));
    for (const h of headings.report) expect(reportText, `report heading "${h}"`).toContain(squeeze(h));
    expect(reportText).toContain(squeeze(plan.name));
    expect(reportText).toContain(plan.url);
    expect(squeeze(pages.join(''))).not.toContain(plan.ownerKey);
    // Screen-only parts stay off paper.
    expect(reportText).not.toContain('Changeyouranswers');
    expect(reportText).not.toContain('Skiptomaincontent');

    // The header: the top 60 mm of the first page.
    expect(qrFromPdfPage(file, 1, { x: 0, y: 0, width: 1240, height: 354 })).toBe(plan.url);
    expect(inkInSideMargins(file)).toEqual(pages.map(() => 0));
  });

  it('prints the kit: a poster and a card sheet per link, each QR code the exact link', async () => {
    expect(links.length).toBeGreaterThan(0);
    const page = await context.newPage();
    await page.goto(`${plan.url}/kit`);
    const file = resultPath(`print-${example}-kit.pdf`);
    await printPdf(page, file);
    await page.close();

    const pages = pdfPages(file);
    measured[example] = { ...measured[example], printableKitPages: pages.length };
    expect(pages.length).toBe(links.length * 2);
    links.forEach((link, i) => {
      const poster = i * 2 + 1;
      expect(squeeze(pages[poster - 1] ?? '')).toContain(squeeze(plan.name));
      expect(qrFromPdfPage(file, poster), `poster ${i + 1}`).toBe(link);
      // The first card of the sheet: the top-left 100 x 78 mm of the page at 150 dpi.
      expect(qrFromPdfPage(file, poster + 1, { x: 0, y: 0, width: 590, height: 460 }), `card ${i + 1}`).toBe(
        link,
      );
    });
    expect(inkInSideMargins(file)).toEqual(pages.map(() => 0));
  });
});

describe('a kit with no contact details', () => {
  it('prints one page that says what to add', async () => {
    const answers = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'sg-hair-salon.json'), 'utf8'));
    delete answers.contact;
    const res = await fetch(`${server.baseUrl}/api/v1/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(answers),
    });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const page = await context.newPage();
    await page.goto(`${url}/kit`);
    const file = resultPath('print-no-contact-kit.pdf');
    await printPdf(page, file);
    await page.close();
    const pages = pdfPages(file);
    expect(pages).toHaveLength(1);
    expect(squeeze(pages[0] ?? '')).toContain(squeeze('Nothing to print yet'));
    expect(squeeze(pages[0] ?? '')).toContain(squeeze('Add your WhatsApp number'));
  });
});

describe('requests', () => {
  it('never left this machine', () => {
    expect(outside).toEqual([]);
  });
});
