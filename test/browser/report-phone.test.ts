/**
 * The report on a 390 px phone, with JavaScript on and off: the verdicts and the first steps are
 * in the first screen, the details are folded (<details>, which opens without JavaScript), and
 * the whole folded page is at most 10 screens; axe (JavaScript on) finds nothing unfolded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  type LaunchedBrowser,
  launchBrowser,
  newContext,
  outsideRequests,
  VIEWPORTS,
} from './helpers/browser.js';
import { ROOT, type RunningServer, startServer } from './helpers/server.js';

let launched: LaunchedBrowser;
let browser: Browser;
let server: RunningServer;
const urls: string[] = [];
const EXAMPLES = ['sg-hair-salon', 'my-family-restaurant', 'gb-bookshop-no-local-data'];

beforeAll(async () => {
  [server, launched] = await Promise.all([startServer({ env: { RATE_LIMIT: 'off' } }), launchBrowser()]);
  browser = launched.browser;
  for (const example of EXAMPLES) {
    const body = readFileSync(path.join(ROOT, 'examples', `${example}.json`), 'utf8');
    const res = await fetch(`${server.baseUrl}/api/v1/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status, server.output()).toBe(201);
    urls.push(((await res.json()) as { url: string }).url);
  }
});
afterAll(async () => {
  await launched?.close();
  await server?.stop();
});

describe.each([true, false])('the report on a phone, JavaScript %s', (javaScript) => {
  it('shows verdicts and first steps in the first screen; folded, at most 10 screens', async () => {
    const context = await newContext(browser, { javaScript, viewport: VIEWPORTS.phone });
    const outside = outsideRequests(context);
    const page = await context.newPage();
    const screen = VIEWPORTS.phone.height;
    for (const url of urls) {
      await page.goto(url);
      const bottoms = await page.evaluate(() => {
        const bottom = (el: Element | null) => (el ? el.getBoundingClientRect().bottom + window.scrollY : -1);
        return {
          verdicts: [...document.querySelectorAll('.glance__item')].map((el) => bottom(el)),
          firstSteps: bottom(document.querySelector('#first-steps')),
          firstStep: bottom(document.querySelector('.report-first li')),
          height: document.documentElement.scrollHeight,
          folded: [...document.querySelectorAll('details')].filter((d) => !d.open).length,
        };
      });
      expect(bottoms.verdicts).toHaveLength(3);
      for (const b of bottoms.verdicts) expect(b, url).toBeLessThanOrEqual(screen);
      expect(bottoms.firstSteps, url).toBeGreaterThan(0);
      expect(bottoms.firstStep, url).toBeLessThanOrEqual(screen);
      expect(bottoms.folded).toBeGreaterThanOrEqual(5);
      expect(bottoms.height / screen, `${url}: screens folded`).toBeLessThanOrEqual(10);

      // A fold opens with the keyboard, JavaScript or not.
      const plan = page.locator('#action-plan-fold > summary');
      await plan.focus();
      await page.keyboard.press('Enter');
      await expect(
        page.locator('#action-plan-fold').evaluate((d) => (d as HTMLDetailsElement).open),
      ).resolves.toBe(true);
      await expect(page.locator('.plan-table').isVisible()).resolves.toBe(true);

      // Everything unfolded: axe finds nothing, and nothing scrolls sideways.
      await page.evaluate(() => {
        for (const d of document.querySelectorAll('details')) d.open = true;
      });
      // axe runs in the page, so only where JavaScript is on.
      if (javaScript) expect(await axeViolations(page)).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    }
    await context.close();
    expect(outside).toEqual([]);
  });
});
