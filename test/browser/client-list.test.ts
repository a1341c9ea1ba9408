/**
 * The client-list upload in a real browser, with JavaScript on and off: choose a CSV file on the
 * customers page, count it, see the counts in the age fields, continue. axe finds nothing in the
 * counted and the error states; screenshots (phone) go to test-results/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeViolations,
  type LaunchedBrowser,
  launchBrowser,
  newContext,
  outsideRequests,
  resultPath,
  VIEWPORTS,
} from './helpers/browser.js';
import { type RunningServer, startServer } from './helpers/server.js';

let launched: LaunchedBrowser;
let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  [server, launched] = await Promise.all([startServer(), launchBrowser()]);
  browser = launched.browser;
});
afterAll(async () => {
  await launched?.close();
  await server?.stop();
});

const LIST = 'Name,Birthday\nAna,2001-05-01\nBen,1990-01-15\nChi,1985-07-30\nDee,1960-02-02\nEve,\n';

async function submit(page: Page, name: string) {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name, exact: true }).click()]);
}

describe.each([true, false])('client list upload (JavaScript %s)', (javaScript) => {
  it('counts a CSV file into the age fields and goes on from there', async () => {
    const context = await newContext(browser, {
      javaScript,
      viewport: VIEWPORTS.phone,
      deviceScaleFactor: 2,
    });
    const outside = outsideRequests(context);
    const page = await context.newPage();
    await page.goto(server.baseUrl);
    await submit(page, 'Start now');
    await page.fill('#f-name', 'Enso Hair Studio');
    await page.selectOption('#f-country', 'SG');
    await page.check('#f-sector');
    await submit(page, 'Continue');
    expect(page.url()).toMatch(/\/customers$/);

    // No file chosen: a message, linked from the error summary.
    await submit(page, 'Count ages');
    await expect(page.locator('.error-summary a[href="#f-clientList"]').count()).resolves.toBe(1);
    expect(await page.title()).toMatch(/^Error: /);
    // axe runs in the page: with JavaScript off it cannot, and the HTML is the same as with it on.
    if (javaScript) expect(await axeViolations(page)).toEqual([]);

    // What the owner typed on the page comes back with the counts (the list goes with the form).
    await page.fill('#f-activePerMonth', '350');
    await page.setInputFiles('#f-clientList', {
      name: 'clients.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(LIST),
    });
    await submit(page, 'Count ages');
    const value = (g: string) => page.inputValue(`#f-age_${g}`);
    expect([await value('under20'), await value('20s'), await value('30s'), await value('40s')]).toEqual([
      '0',
      '1',
      '1',
      '1',
    ]);
    expect(await value('60plus')).toBe('1');
    expect(await page.inputValue('#f-activePerMonth')).toBe('350');
    await expect(page.getByText('The list itself was not kept.').count()).resolves.toBe(1);
    expect(await page.content()).not.toContain('Ana');
    if (javaScript) expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({
      path: resultPath(`client-list-counted-js-${javaScript ? 'on' : 'off'}.png`),
      fullPage: true,
    });

    await submit(page, 'Continue');
    expect(page.url()).toMatch(/\/channels$/);
    expect(outside).toEqual([]);
    await context.close();
  });
});
