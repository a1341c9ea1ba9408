/**
 * The real server (src/server.ts) in Chromium: a plan made through the JSON API, its report
 * opened with JavaScript off; the charts and the kit are there without accessibility
 * violations, the report prints on A4 with the chart titles and the kit's address, and the
 * kit prints from its own page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, newContext, pdfInfo, pdfText, resultPath, squeeze } from './helpers/browser.js';
import { ROOT, type RunningServer, startServer } from './helpers/server.js';
import { printA4, useChromium } from './helpers/session.js';

const chromium = useChromium();
let server: RunningServer;
let reportUrl: string;
let kitChannels: number;

beforeAll(async () => {
  server = await startServer();
  const answers = {
    ...JSON.parse(readFileSync(path.join(ROOT, 'examples/sg-hair-salon.json'), 'utf8')),
    contact: { whatsappNumber: '+65 9123 4567', telegram: 'ensohair', email: 'hello@enso.example.com' },
  };
  const res = await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answers),
  });
  const body = await res.text();
  expect(res.status, `${body}\n${server.output()}`).toBe(201);
  const made = JSON.parse(body) as { url: string; plan: { channels: Record<string, { verdict: string }> } };
  reportUrl = made.url;
  // The kit has one item (and one QR code) for each channel of the plan that is not skipped and
  // has a contact; the answers give a contact for every channel, and the engine decides which
  // it keeps (for this salon it skips Telegram).
  kitChannels = Object.values(made.plan.channels).filter((c) => c.verdict !== 'skip').length;
});
afterAll(async () => {
  await server?.stop();
});

describe('the report from the real server', () => {
  it('answers /healthz', async () => {
    expect((await fetch(`${server.baseUrl}/healthz`)).ok).toBe(true);
  });

  it('shows the charts and the kit without JavaScript, with no axe violations in them', async () => {
    const context = await newContext(chromium.browser, { javaScript: false });
    const page = await context.newPage();
    const res = await page.goto(reportUrl);
    expect(res?.status(), server.output()).toBe(200);
    await context.close();

    const withJs = await newContext(chromium.browser);
    const p = await withJs.newPage();
    await p.goto(reportUrl);
    await expect(p.locator('figure.chart').count()).resolves.toBe(2);
    await expect(p.locator('section.kit').count()).resolves.toBe(1);
    await expect(p.locator('section.kit .qr svg').count()).resolves.toBe(kitChannels);
    expect(await axeViolations(p)).toEqual([]);
    await p.screenshot({ path: resultPath('server-report-desktop.png'), fullPage: true });
    await withJs.close();
  });

  it('prints the report on A4 with the chart titles and the kit', async () => {
    const file = await printA4(chromium.browser, 'report.pdf', (page) => page.goto(reportUrl), {
      preferCSSPageSize: true,
    });
    const info = pdfInfo(file);
    expect(info.pages).toBeGreaterThan(0);
    // The report on three pages at most; the kit is not in it but prints from its own page,
    // whose address the report prints (print.test.ts measures each example's pages).
    expect(info.pages).toBeLessThanOrEqual(3);
    const text = pdfText(file);
    expect(text).toContain('Your customers by age');
    expect(text).toContain('Customers you can reach, by age');
    expect(squeeze(text)).toContain(squeeze(`${reportUrl}/kit`));

    const kitFile = await printA4(
      chromium.browser,
      'report-kit.pdf',
      (page) => page.goto(`${reportUrl}/kit`),
      {
        preferCSSPageSize: true,
      },
    );
    // A poster and a card sheet for each link of the kit.
    expect(pdfInfo(kitFile).pages).toBe(kitChannels * 2);
    expect(pdfText(kitFile)).toContain('wa.me/6591234567');
  });
});
