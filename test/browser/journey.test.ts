/**
 * The whole questionnaire with the keyboard only (Tab, Shift+Tab, Space, arrows, Enter and
 * typing: no click(), no fill()), from the start page to the report, in every language Kanal
 * serves. The language is chosen as a person would: Tab to the language switch on the start
 * page, Enter on the language's own name. Controls are then found by their names in that
 * language, read from its locale files (strict i18n, so a missing text fails), never written
 * here; every page reached says its language in `<html lang>`. Every element reached shows its
 * focus; a page sent with a mistake comes back with the error summary focused (JavaScript on) or
 * first in the page (off), keeps what was typed, and its links lead to the fields. The number of
 * customers is typed as the language writes 1200 (Intl: `1.200` in Indonesian). No request
 * leaves this machine.
 *
 * With JavaScript on in every language (enhance.js's labels and messages come from the page, so
 * each language's copy buttons and status are checked), off in two (what changes without
 * JavaScript is the same in every language; Indonesian writes numbers the other way round, and
 * Chinese is another script, its country chosen with the arrow keys): six walks of about 20 s,
 * each its own test, instead of eight, to keep the file near two minutes in CI.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n, htmlLang, LANGUAGE_INFO, type Translator } from '../../src/i18n.js';
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

const i18n = createI18n({ strict: true });
/** Every served language with JavaScript; without it, these two (see above). */
const LANGUAGES = i18n.languages;
const WITHOUT_JAVASCRIPT = ['id', 'zh'].filter((code) => LANGUAGES.includes(code));
/** lang5's port range (PREAMBLE): the server of this file. */
const PORT = 4801;

let launched: LaunchedBrowser;
let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  [server, launched] = await Promise.all([startServer({ port: PORT }), launchBrowser()]);
  browser = launched.browser;
});
afterAll(async () => {
  await launched?.close();
  await server?.stop();
});

const path = (page: Page) => new URL(page.url()).pathname;

/** The page's `<html lang>`. */
const pageLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

/** The focused element's whole text (FocusState.describe keeps only 40 characters). */
const focusedText = (page: Page) =>
  page.evaluate(() => (document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim());

/**
 * Picks a select's option: by typing the start of its label, as a person does where the label
 * can be typed letter by letter; otherwise (Chinese) with the arrow keys, counting the presses
 * from the options' order.
 */
async function choose(page: Page, id: string, label: string, value: string): Promise<void> {
  if (/^[\x20-\x7e]+$/.test(label)) return chooseOption(page, id, label, value);
  await tabTo(page, id);
  const { from, to } = await page.evaluate(
    ([selectId, wanted]) => {
      const select = document.getElementById(selectId!) as HTMLSelectElement;
      return { from: select.selectedIndex, to: [...select.options].findIndex((o) => o.value === wanted) };
    },
    [id, value],
  );
  expect(to, `option ${value} of #${id}`).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < Math.abs(to - Math.max(from, 0)); i++)
    await page.keyboard.press(to > from ? 'ArrowDown' : 'ArrowUp');
  const s = await focusState(page);
  if (s.value !== value) throw new Error(`#${id}: the arrows chose "${s.value}", not "${value}"`);
}

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

async function journey(code: string, javaScript: boolean) {
  const tr: Translator = i18n.translator(code);
  const tag = htmlLang(code);
  const context = await newContext(browser, { javaScript });
  const outside = outsideRequests(context);
  const page = await context.newPage();
  /** Sends the page's form with Enter; the next page is in the language chosen. */
  const send = async () => {
    await submit(page);
    expect(await pageLang(page), path(page)).toBe(tag);
  };
  await page.goto(`${server.baseUrl}/`);

  // The start page (in the browser's English): Tab to the switch, Enter on the language's name.
  const name = LANGUAGE_INFO[code]?.name ?? code;
  await tabUntil(page, (s) => s.tag === 'a' && s.describe.includes(`"${name}"`), `the switch to ${name}`);
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  expect(path(page)).toBe('/');
  expect(await pageLang(page)).toBe(tag);

  // The skip link comes first, then the start button.
  await tabUntil(page, (s) => s.tag === 'a', 'the skip link');
  expect(await focusedText(page)).toBe(tr.t('web.skip_link'));
  await send();
  expect(path(page)).toMatch(/^\/d\/[\w-]{43}\/business$/);

  // Business: send it with the name only, get the errors, then finish it.
  await typeInto(page, 'f-name', 'Enso Hair Studio');
  await send();
  await expectErrorSummary(page, javaScript);
  if (javaScript) {
    // From the focused summary, Tab reaches its first link; Enter follows it to the field.
    await tabUntil(page, (s) => s.tag === 'a', 'the first error link', { max: 2 });
    expect(await focusedText(page)).toContain(tr.t('fields.business.country'));
    // Following a same-page link is not synchronous with the key press: wait for the address.
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.hash === '#f-country', { timeout: 5_000 });
    expect(new URL(page.url()).hash).toBe('#f-country');
  }
  expect(await page.locator('#f-name').inputValue()).toBe('Enso Hair Studio');
  await choose(page, 'f-country', tr.t('country.SG'), 'SG');
  await chooseRadio(page, 'sector', 'beauty');
  await send();

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
  if (javaScript)
    await expect(page.locator('.live-total').textContent()).resolves.toContain(tr.formatNumber(100));
  // 1200 as the language writes it (1,200 or 1.200): read as 1200, shown so on the check page.
  const customers = tr.formatNumber(1200);
  await typeInto(page, 'f-activePerMonth', customers);
  await send();

  // Channels, each ticked with Space, its share typed in the box beside it.
  expect(path(page)).toMatch(/\/channels$/);
  await tick(page, 'f-channels');
  await typeInto(page, 'f-share_whatsapp_business', '80');
  await tick(page, 'f-channels-email');
  await typeInto(page, 'f-share_email', '5');
  await tick(page, 'f-channels-instagram');
  await typeInto(page, 'f-share_instagram', '15');
  await send();

  expect(path(page)).toMatch(/\/purposes$/);
  await tick(page, 'f-purposes');
  await tick(page, 'f-purposes-promotions');
  await typeInto(page, 'f-broadcastAudience', '600');
  await send();

  expect(path(page)).toMatch(/\/whatsapp$/);
  await tick(page, 'f-whatsappFeatures');
  await tick(page, 'f-whatsappFeatures-broadcast');
  await send();

  expect(path(page)).toMatch(/\/knowledge$/);
  await typeInto(page, 'f-emailOnFilePercent', '30');
  await send();

  expect(path(page)).toMatch(/\/concerns$/);
  await chooseRadio(page, 'customerPrivacy', 'some');
  await tick(page, 'f-worries-platformDependence');
  await chooseRadio(page, 'team', 'solo');
  await send();

  // Contact: a wrong number comes back with an error; corrected, it goes through.
  expect(path(page)).toMatch(/\/contact$/);
  await typeInto(page, 'f-whatsappNumber', '12');
  await typeInto(page, 'f-telegram', '@enso_hair');
  await send();
  await expectErrorSummary(page, javaScript);
  await typeInto(page, 'f-whatsappNumber', '+65 9123 4567');
  await send();

  // Check answers, then make the plan.
  expect(path(page)).toMatch(/\/check$/);
  const checked = await page.locator('main').textContent();
  expect(checked).toContain('Enso Hair Studio');
  expect(checked).toContain(customers);
  expect(checked).toContain(tr.t('country.SG'));
  await send();

  // The key slip: the owner key, what it is for, copy and print buttons (with JavaScript).
  expect(path(page)).toMatch(/^\/r\/[\w-]{43}\/key$/);
  await expect(page.locator('h1').textContent()).resolves.toBe(tr.t('web.key_slip.title'));
  await expect(page.locator('main').textContent()).resolves.toContain(tr.t('web.key_slip.what'));
  await expect(page.locator('#owner-key-value').inputValue()).resolves.toMatch(/^[\w-]{43}$/);
  const buttons = javaScript ? 1 : 0;
  const button = (label: string) => page.locator('button').filter({ hasText: label });
  await expect(button(tr.t('web.key_slip.copy')).count()).resolves.toBe(buttons);
  await expect(button(tr.t('web.key_slip.print')).count()).resolves.toBe(buttons);
  const toReport = tr.t('web.key_slip.continue');
  await tabUntil(page, (s) => s.tag === 'a' && s.describe.includes(toReport.slice(0, 30)), 'the report link');
  expect(await focusedText(page)).toBe(toReport);
  await Promise.all([page.waitForURL(/\/r\/[\w-]{43}$/), page.keyboard.press('Enter')]);
  expect(path(page)).toMatch(/^\/r\/[\w-]{43}$/);
  expect(await pageLang(page)).toBe(tag);
  await expect(page.locator('h1').textContent()).resolves.toBe(tr.t('web.report.title'));
  // Never on the report: only a link to the slip.
  await expect(page.locator('#owner-key-value').count()).resolves.toBe(0);
  await expect(
    page
      .locator('a')
      .filter({ hasText: tr.t('web.report.key_slip_link') })
      .count(),
  ).resolves.toBe(1);
  await expect(page.locator('#channel-whatsapp_business .tag').first().textContent()).resolves.toBeTruthy();

  // On the report, the keyboard opens the folded kit (a <details>, JavaScript or not) and
  // reaches its texts and the change link.
  const fold = tr.t('web.report.kit_fold');
  await tabUntil(page, (s) => s.tag === 'summary' && s.describe.includes(fold.slice(0, 30)), 'the kit fold');
  expect(await focusedText(page)).toBe(fold);
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
      await tabUntil(page, (s) => s.tag === 'button', 'the copy button', { max: 1 });
      expect([tr.t('kit.announce.copy_text'), tr.t('kit.announce.copy_subject')]).toContain(
        await focusedText(page),
      );
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
        await expect(status.textContent()).resolves.toBe(tr.t('kit.announce.copied'));
      }
    }
  }
  if (!javaScript) await expect(page.locator('.kit-copy').count()).resolves.toBe(0);
  const change = tr.t('web.report.change_link');
  await tabUntil(page, (s) => s.tag === 'a' && s.describe.includes(change.slice(0, 30)), 'the change link');
  expect(await focusedText(page)).toBe(change);
  // And back up again with Shift+Tab.
  await tabTo(page, texts[texts.length - 1] ?? '', { back: true });
  expect((await focusState(page)).visible).toBe(true);

  // The start page now offers the plan this browser made.
  const report = path(page);
  await page.goto(new URL('/', page.url()).href);
  expect(await pageLang(page)).toBe(tag);
  await expect(page.locator(`#continue a[href="${report}"]`).count()).resolves.toBe(1);

  await context.close();
  expect(outside).toEqual([]);
}

describe('the questionnaire, keyboard only', () => {
  it.each(LANGUAGES)('%s: goes from the start page to the report with JavaScript on', (code) =>
    journey(code, true),
  );
  it.each(WITHOUT_JAVASCRIPT)('%s: goes from the start page to the report with JavaScript off', (code) =>
    journey(code, false),
  );
});
