/**
 * In every language Kanal serves (whatever locale folders exist; chosen once with the switch's
 * `?lang=` link, then kept by its cookie), every page state says that language in `<html lang>`
 * and axe (WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices) finds nothing on it. The
 * states are the whole journey of the real server: the start page, every question page empty and sent with mistakes,
 * check answers, the report fresh (with the owner key) and on a later visit at phone and desktop
 * sizes, the printable kit, change and delete (with and without a wrong key), the report after a
 * change (with the earlier plan), deleted, privacy, the method
 * and 404. Screenshots of the report at both sizes go to test-results/ (`report-phone.png` in
 * English, `report-<lang>-phone.png` in the others). No request leaves this machine.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlLang, loadResources } from '../../src/i18n.js';
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

const LANGUAGES = Object.keys(loadResources());

let launched: LaunchedBrowser;
let browser: Browser;
let server: RunningServer;
let context: BrowserContext;
let page: Page;
let outside: string[];
let language = 'en';

/** State name → violations; every state is checked in one place at the end of each test. */
const found = new Map<string, string[]>();
async function check(state: string) {
  expect(await page.getAttribute('html', 'lang'), `${state} in ${language}`).toBe(htmlLang(language));
  found.set(`${state} (${language})`, await axeViolations(page));
}

beforeAll(async () => {
  [server, launched] = await Promise.all([startServer(), launchBrowser()]);
  browser = launched.browser;
});
afterAll(async () => {
  await launched?.close();
  await server?.stop();
});

async function send() {
  await Promise.all([page.waitForEvent('load'), page.locator('main button[type="submit"]').first().click()]);
}

/** Mistakes per page (each brings the page back with errors), then the right answers. */
const PAGES: readonly {
  id: string;
  wrong: (p: Page) => Promise<void>;
  right: (p: Page) => Promise<void>;
}[] = [
  {
    id: 'business',
    wrong: async () => {},
    right: async (p) => {
      await p.fill('#f-name', 'Enso Hair Studio');
      await p.selectOption('#f-country', 'SG');
      await p.check('#f-sector');
    },
  },
  {
    id: 'customers',
    wrong: async (p) => {
      await p.check('#f-ageMixMode');
      await p.fill('#f-age_20s', 'abc');
      await p.fill('#f-age_30s', '20');
    },
    right: async (p) => {
      await p.check('#f-ageMixMode');
      const mix = { under20: '5', '20s': '45', '30s': '35', '40s': '10', '50s': '5', '60plus': '0' };
      for (const [g, v] of Object.entries(mix)) await p.fill(`#f-age_${g}`, v);
    },
  },
  {
    id: 'channels',
    wrong: async (p) => {
      await p.check('#f-channels-telegram');
      await p.fill('#f-share_telegram', '90');
      await p.fill('#f-share_sms', '4');
    },
    right: async (p) => {
      await p.uncheck('#f-channels-telegram');
      await p.fill('#f-share_telegram', '');
      await p.fill('#f-share_sms', '');
      await p.check('#f-channels');
      await p.fill('#f-share_whatsapp_business', '80');
      await p.check('#f-channels-email');
      await p.fill('#f-share_email', '20');
    },
  },
  {
    id: 'purposes',
    wrong: async (p) => {
      await p.fill('#f-broadcastAudience', '-1');
    },
    right: async (p) => {
      await p.check('#f-purposes-promotions');
      await p.fill('#f-broadcastAudience', '600');
    },
  },
  {
    id: 'whatsapp',
    // Not possible with the form as sent: a tampered value stands in for a broken request.
    wrong: async (p) => {
      await p.locator('#f-whatsappFeatures').evaluate((el) => el.setAttribute('value', 'nope'));
      await p.check('#f-whatsappFeatures');
    },
    right: async (p) => {
      await p.uncheck('#f-whatsappFeatures');
      await p.check('#f-whatsappFeatures-broadcast');
    },
  },
  {
    id: 'knowledge',
    wrong: async (p) => {
      await p.fill('#f-emailOnFilePercent', '200');
    },
    right: async (p) => {
      await p.fill('#f-emailOnFilePercent', '30');
    },
  },
  {
    id: 'concerns',
    wrong: async () => {},
    right: async (p) => {
      await p.check('#f-customerPrivacy-some');
      await p.check('#f-team');
    },
  },
  {
    id: 'contact',
    wrong: async (p) => {
      await p.fill('#f-whatsappNumber', '1');
      await p.fill('#f-email', 'x');
      await p.fill('#f-signupUrl', 'ftp://x');
    },
    right: async (p) => {
      await p.fill('#f-whatsappNumber', '+65 9123 4567');
      await p.fill('#f-email', 'hello@enso.example.com');
      await p.fill('#f-signupUrl', '');
      await p.fill('#f-telegram', 'ensohair');
    },
  },
];

let reportUrl = '';
let ownerKey = '';

// Each test walks many states with axe on each: minutes on a loaded 2-core machine, not seconds.
describe.each(LANGUAGES)('axe on every page state, in %s', { timeout: 300_000 }, (lang) => {
  beforeAll(async () => {
    language = lang;
    found.clear();
    context = await newContext(browser);
    outside = outsideRequests(context);
    page = await context.newPage();
    // Chosen as a person chooses it: the switch's link, answered with a redirect and a cookie.
    await page.goto(`${server.baseUrl}/?lang=${lang}`);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('start, each question page empty and with mistakes, check answers', async () => {
    await page.goto(`${server.baseUrl}/`);
    await check('start');
    await send();
    for (const p of PAGES) {
      expect(new URL(page.url()).pathname).toMatch(new RegExp(`/${p.id}$`));
      await check(`${p.id}, empty`);
      await p.wrong(page);
      await send();
      await expect(page.locator('.error-summary').count(), `${p.id} with mistakes`).resolves.toBe(1);
      await check(`${p.id}, with mistakes`);
      await p.right(page);
      await send();
    }
    expect(new URL(page.url()).pathname).toMatch(/\/check$/);
    await check('check answers');
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries([...found.keys()].map((k) => [k, []])));
    expect(found.size).toBe(1 + PAGES.length * 2 + 1);
  });

  it('the report, fresh and later, at phone and desktop sizes (with screenshots)', async () => {
    found.clear();
    await send();
    expect(new URL(page.url()).pathname).toMatch(/\/key$/);
    ownerKey = await page.locator('#owner-key-value').inputValue();
    expect(ownerKey).toMatch(/^[\w-]{43}$/);
    await check('key slip, desktop');
    await page.setViewportSize(VIEWPORTS.phone);
    await check('key slip, phone');
    reportUrl = page.url().replace(/\/key$/, '');
    await page.goto(reportUrl);
    await check('report just made (link to the key slip), phone');
    await page.setViewportSize(VIEWPORTS.desktop);
    await check('report just made (link to the key slip), desktop');

    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      await page.goto(reportUrl);
      await expect(page.locator('#owner-key-value').count()).resolves.toBe(0);
      await check(`report, later, ${name}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `horizontal scroll at ${name} width`).toBeLessThanOrEqual(0);
      const shot = lang === 'en' ? `report-${name}.png` : `report-${lang}-${name}.png`;
      await page.screenshot({ path: resultPath(shot), fullPage: true });
      await page.goto(`${reportUrl}/kit`);
      await check(`printable kit, ${name}`);
    }
    await page.setViewportSize(VIEWPORTS.desktop);
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries([...found.keys()].map((k) => [k, []])));
  });

  it('change, delete, deleted, privacy and 404', async () => {
    found.clear();
    // A change with the right key: the report then shows the earlier plan next to this one.
    await page.goto(`${reportUrl}/change`);
    await page.fill('#f-ownerKey', ownerKey);
    await send();
    expect(new URL(page.url()).pathname).toMatch(/\/check$/);
    await send();
    expect(page.url()).toBe(reportUrl);
    await expect(page.locator('#compare-title').count()).resolves.toBe(1);
    await check('report after a change, with the earlier plan');
    for (const action of ['change', 'delete'] as const) {
      await page.goto(`${reportUrl}/${action}`);
      await check(`${action}: owner key form`);
      await page.fill('#f-ownerKey', 'not the key');
      await send();
      await expect(page.locator('.error-summary').count()).resolves.toBe(1);
      await check(`${action}: wrong key`);
    }
    await page.fill('#f-ownerKey', ownerKey);
    await send();
    expect(new URL(page.url()).pathname).toBe('/deleted');
    await check('deleted');
    await page.goto(`${server.baseUrl}/privacy`);
    await check('privacy');
    await page.goto(`${server.baseUrl}/method`);
    await check('method');
    // Its wide tables scroll in their own boxes: the page itself never scrolls sideways on a phone.
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(`${server.baseUrl}/method`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal scroll of /method at phone width').toBeLessThanOrEqual(0);
    await check('method, phone');
    await page.setViewportSize(VIEWPORTS.desktop);
    const missing = await page.goto(`${server.baseUrl}/no-such-page`);
    expect(missing?.status()).toBe(404);
    await check('404');
    expect(Object.fromEntries(found)).toEqual(Object.fromEntries([...found.keys()].map((k) => [k, []])));
    expect(outside).toEqual([]);
  });
});
