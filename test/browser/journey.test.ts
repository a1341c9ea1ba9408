/**
 * The whole questionnaire with the keyboard only (Tab, Shift+Tab, Space, arrows, Enter and
 * typing: no click(), no fill()), from the start page to the report, once with JavaScript on and
 * once with it off. Every element reached shows its focus; a page sent with a mistake comes back
 * with the error summary focused (JavaScript on) or first in the page (off), keeps what was
 * typed, and its links lead to the fields. No request leaves this machine.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedBrowser, launchBrowser, newContext, outsideRequests } from './helpers/browser.js';
import {
  chooseOption,
  chooseRadio,
  focusState,
  submit,
  tabTo,
  tabUntil,
  tick,
  typeInto,
} from './helpers/keyboard.js';
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

const path = (page: Page) => new URL(page.url()).pathname;

/** The error summary after a page came back with errors: focused (JS) or first in the page. */
async function expectErrorSummary(page: Page, javaScript: boolean): Promise<void> {
  const summary = await page.evaluate(() => {
    const el = document.querySelector('.error-summary');
    const form = document.querySelector('main form');
    if (!(el instanceof HTMLElement) || form === null) return undefined;
    return {
      focused: document.activeElement === el,
      beforeForm: Boolean(el.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING),
      top: el.getBoundingClientRect().top + window.scrollY,
      links: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    };
  });
  expect(summary).toBeDefined();
  expect(summary?.beforeForm).toBe(true);
  expect(summary?.top).toBeLessThan(300);
  expect(summary?.links.length).toBeGreaterThan(0);
  expect(summary?.focused).toBe(javaScript);
  if (javaScript) {
    // The focused summary shows it (a yellow outline), and Tab goes to its first link.
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineColor,
    );
    expect(outline).toBe('rgb(255, 221, 0)');
  }
}

async function journey(javaScript: boolean) {
  const context = await newContext(browser, { javaScript });
  const outside = outsideRequests(context);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/`);

  // Start page: the skip link comes first, then the start button.
  const first = await tabUntil(page, (s) => s.tag === 'a', 'the skip link');
  expect(first.describe).toContain('Skip to main content');
  await submit(page);
  expect(path(page)).toMatch(/^\/d\/[\w-]{43}\/business$/);

  // Business: send it with the name only, get the errors, then finish it.
  await typeInto(page, 'f-name', 'Enso Hair Studio');
  await submit(page);
  await expectErrorSummary(page, javaScript);
  if (javaScript) {
    // From the focused summary, Tab reaches its first link; Enter follows it to the field.
    const link = await tabUntil(page, (s) => s.tag === 'a', 'the first error link', { max: 2 });
    expect(link.describe).toContain('Country');
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#f-country');
  }
  expect(await page.locator('#f-name').inputValue()).toBe('Enso Hair Studio');
  await chooseOption(page, 'f-country', 'Singapore', 'SG');
  await chooseRadio(page, 'sector', 'beauty');
  await submit(page);

  // Customers: percentages by age, then customers a month.
  expect(path(page)).toMatch(/\/customers$/);
  await chooseRadio(page, 'ageMixMode', 'percent');
  for (const [group, share] of [
    ['under20', '5'],
    ['20s', '45'],
    ['30s', '35'],
    ['40s', '10'],
    ['50s', '5'],
    ['60plus', '0'],
  ] as const) {
    await typeInto(page, `f-age_${group}`, share);
  }
  if (javaScript) await expect(page.locator('.live-total').textContent()).resolves.toContain('100');
  await typeInto(page, 'f-activePerMonth', '300');
  await submit(page);

  // Channels, each ticked with Space, its share typed in the box beside it.
  expect(path(page)).toMatch(/\/channels$/);
  await tick(page, 'f-channels');
  await typeInto(page, 'f-share_whatsapp_business', '80');
  await tick(page, 'f-channels-email');
  await typeInto(page, 'f-share_email', '5');
  await tick(page, 'f-channels-instagram');
  await typeInto(page, 'f-share_instagram', '15');
  await submit(page);

  expect(path(page)).toMatch(/\/purposes$/);
  await tick(page, 'f-purposes');
  await tick(page, 'f-purposes-promotions');
  await typeInto(page, 'f-broadcastAudience', '600');
  await submit(page);

  expect(path(page)).toMatch(/\/whatsapp$/);
  await tick(page, 'f-whatsappFeatures');
  await tick(page, 'f-whatsappFeatures-broadcast');
  await submit(page);

  expect(path(page)).toMatch(/\/knowledge$/);
  await typeInto(page, 'f-emailOnFilePercent', '30');
  await submit(page);

  expect(path(page)).toMatch(/\/concerns$/);
  await chooseRadio(page, 'customerPrivacy', 'some');
  await tick(page, 'f-worries-platformDependence');
  await chooseRadio(page, 'team', 'solo');
  await submit(page);

  // Contact: a wrong number comes back with an error; corrected, it goes through.
  expect(path(page)).toMatch(/\/contact$/);
  await typeInto(page, 'f-whatsappNumber', '12');
  await typeInto(page, 'f-telegram', '@enso_hair');
  await submit(page);
  await expectErrorSummary(page, javaScript);
  await typeInto(page, 'f-whatsappNumber', '+65 9123 4567');
  await submit(page);

  // Check answers, then make the plan.
  expect(path(page)).toMatch(/\/check$/);
  await expect(page.locator('main').textContent()).resolves.toContain('Enso Hair Studio');
  await submit(page);

  // The key slip: the owner key, what it is for, copy and print buttons (with JavaScript).
  expect(path(page)).toMatch(/^\/r\/[\w-]{43}\/key$/);
  await expect(page.locator('h1').textContent()).resolves.toBe('Your owner key');
  await expect(page.locator('main').textContent()).resolves.toContain('the only way to change your answers');
  await expect(page.locator('#owner-key-value').inputValue()).resolves.toMatch(/^[\w-]{43}$/);
  const buttons = javaScript ? 1 : 0;
  await expect(page.locator('button', { hasText: 'Copy the key' }).count()).resolves.toBe(buttons);
  await expect(page.locator('button', { hasText: 'Print this page' }).count()).resolves.toBe(buttons);
  await tabUntil(
    page,
    (s) => s.tag === 'a' && s.describe.includes('Continue to your report'),
    'the report link',
  );
  await Promise.all([page.waitForURL(/\/r\/[\w-]{43}$/), page.keyboard.press('Enter')]);
  expect(path(page)).toMatch(/^\/r\/[\w-]{43}$/);
  await expect(page.locator('h1').textContent()).resolves.toBe('Your channel plan');
  // Never on the report: only a link to the slip.
  await expect(page.locator('#owner-key-value').count()).resolves.toBe(0);
  await expect(page.locator('a', { hasText: 'See and save your owner key' }).count()).resolves.toBe(1);
  await expect(page.locator('#channel-whatsapp_business .tag').first().textContent()).resolves.toBeTruthy();

  // On the report, the keyboard opens the folded kit (a <details>, JavaScript or not) and
  // reaches its texts and the change link.
  await tabUntil(
    page,
    (s) => s.tag === 'summary' && s.describe.includes('Your migration kit'),
    'the kit fold',
  );
  await page.keyboard.press('Enter');
  // Which texts the kit offers depends on the plan (for this business: WhatsApp is its only
  // linked channel, so there is no WhatsApp status text, only the bio and email texts). Read
  // them from the page, then reach each one, in order, with Tab.
  const texts = await page.evaluate(() =>
    [...document.querySelectorAll('.kit textarea.kit-announcement__text')].map((t) => t.id),
  );
  expect(texts.length).toBeGreaterThan(0);
  expect(texts).toContain('kit-instagram_bio-text');
  for (const [i, id] of texts.entries()) {
    await tabTo(page, id);
    if (javaScript) {
      // enhance.js puts a copy button under each text; Enter copies and says so.
      const button = await tabUntil(page, (s) => s.tag === 'button', 'the copy button', { max: 1 });
      expect(button.describe).toMatch(/Copy the (text|subject)/);
      if (i === 0) {
        await page.keyboard.press('Enter');
        // The clipboard answers asynchronously: wait for the status line to say something.
        const status = page.locator('.kit-copy__status').first();
        await page.waitForFunction(
          () => (document.querySelector('.kit-copy__status')?.textContent ?? '') !== '',
          null,
          {
            timeout: 5_000,
          },
        );
        await expect(status.textContent()).resolves.toContain('Copied');
      }
    }
  }
  if (!javaScript) await expect(page.locator('.kit-copy').count()).resolves.toBe(0);
  await tabUntil(page, (s) => s.tag === 'a' && s.describe.includes('Change your answers'), 'the change link');
  // And back up again with Shift+Tab.
  await tabTo(page, texts[texts.length - 1] ?? '', { back: true });
  expect((await focusState(page)).visible).toBe(true);

  // The start page now offers the plan this browser made.
  const report = path(page);
  await page.goto(new URL('/', page.url()).href);
  await expect(page.locator(`#continue a[href="${report}"]`).count()).resolves.toBe(1);

  await context.close();
  expect(outside).toEqual([]);
}

describe('the questionnaire, keyboard only', () => {
  it('goes from the start page to the report with JavaScript on', () => journey(true));
  it('goes from the start page to the report with JavaScript off', () => journey(false));
});
