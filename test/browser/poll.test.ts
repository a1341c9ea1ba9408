/**
 * The customer poll in a real browser (issue 12, "How we will know"), against the real server.
 *
 * - A customer answers on a phone (390 px wide), with JavaScript on and off, in every language
 *   Kanal serves (whatever locale folders exist), choosing it with the page's visible language
 *   switch: the page is axe-clean, its touch targets are at least 44 px high (what main.css
 *   promises: 2.75rem), it transfers under 30 KB, the thank-you page follows, and a second answer
 *   from the same browser is not counted.
 * - The owner opens the poll from the report with the owner key, customers answer, and the next
 *   day the owner applies the poll and sees what changed on the report: the comparison with the
 *   earlier plan and the poll's reasons ("7 of the 12 customers who answered your poll...").
 *
 * The server's clock is the real one (src/server.ts has no clock to move), so "the next day" is
 * made the other way round: the answers that should count are written through the poll store
 * into the server's own database with yesterday's day, as the server would have written them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/open.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createI18n, loadResources } from '../../src/i18n.js';
import { dayOf } from '../../src/polls.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { axeViolations, newContext, VIEWPORTS } from './helpers/browser.js';
import { type RunningServer, startServer } from './helpers/server.js';
import { useChromium } from './helpers/session.js';

const LANGUAGES = Object.keys(loadResources());
const i18n = createI18n({ strict: true });
/** main.css: `.button`, `.choice` and inputs are at least 2.75rem (44 px at 16 px). */
const TOUCH_PX = 44;
const BUDGET_BYTES = 30 * 1024;

const chromium = useChromium();
let server: RunningServer;
let dir: string;
const measured: Record<string, { bytes: number; smallestTarget: number }> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-poll-browser-'));
  server = await startServer({
    env: { RATE_LIMIT: 'off', DATABASE_PATH: path.join(dir, 'kanal.db') },
  });
});
afterAll(async () => {
  console.log(JSON.stringify(measured));
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** An element's text, each run of whitespace one space. */
const textOf = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

interface Plan {
  readonly id: string;
  readonly ownerKey: string;
}

/** A plan made through the API, without a typed Telegram figure (the poll is the measurement). */
async function makePlan(): Promise<Plan> {
  const res = await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ...SALON_ANSWERS,
      customers: { ...SALON_ANSWERS.customers, knownChannelUse: undefined },
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Plan;
}

async function ownerApi(plan: Plan, method: 'GET' | 'POST', suffix = '') {
  const res = await fetch(`${server.baseUrl}/api/v1/plans/${plan.id}/poll${suffix}`, {
    method,
    headers: { 'x-owner-key': plan.ownerKey },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Bytes the page's requests took on the wire (encoded bodies and headers), from `page.goto` on. */
function transferred(page: Page): () => Promise<number> {
  const sizes: Promise<number>[] = [];
  page.on('requestfinished', (request) => {
    sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
  });
  return async () => (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

/**
 * The smallest height among the page's touch targets: each choice (its label is the target: the
 * 40 px box inside it is drawn, the whole row answers a tap), the button, the switch's links.
 */
async function smallestTarget(page: Page): Promise<{ height: number; what: string }> {
  return page.evaluate(() => {
    const targets = [
      ...document.querySelectorAll<HTMLElement>('.choice, .choice__label, button, .poll-languages a'),
    ];
    let smallest = { height: Number.POSITIVE_INFINITY, what: '' };
    for (const el of targets) {
      const box = el.getBoundingClientRect();
      if (box.height < smallest.height)
        smallest = { height: box.height, what: `${el.tagName}.${el.className} ${el.textContent?.trim()}` };
    }
    return smallest;
  });
}

describe('a customer answers on a phone', { timeout: 120_000 }, () => {
  let plan: Plan;
  let pollPath: string;
  let browsers = 0;

  beforeAll(async () => {
    plan = await makePlan();
    const opened = await ownerApi(plan, 'POST');
    expect(opened.status).toBe(201);
    pollPath = new URL(String(opened.body.pollUrl)).pathname;
  });

  for (const javaScript of [true, false])
    it.each(LANGUAGES)(`in %s, JavaScript ${javaScript ? 'on' : 'off'}`, async (lang) => {
      const t = i18n.translator(lang).t;
      const context: BrowserContext = await newContext(chromium.browser, {
        javaScript,
        viewport: VIEWPORTS.phone,
        deviceScaleFactor: 2,
      });
      try {
        const page = await context.newPage();
        const bytes = transferred(page);
        await page.goto(server.baseUrl + pollPath);
        // The language switch is on screen; the customer taps their language (unless it is shown).
        const nav = page.locator('nav.poll-languages');
        expect(await nav.isVisible()).toBe(true);
        const link = nav.locator(`a[hreflang="${lang}"]`);
        if ((await link.count()) > 0) {
          expect(await link.isVisible()).toBe(true);
          await Promise.all([page.waitForURL(/[?&]lang=/), link.click()]);
        }
        expect(await page.getAttribute('html', 'lang')).toMatch(new RegExp(`^${lang}`));
        expect(await textOf(page.locator('h1'))).toBe(
          t('poll.page.heading', { shop: SALON_ANSWERS.business.name }),
        );
        expect(await nav.locator('[aria-current="true"]').getAttribute('lang')).toBe(lang);
        if (javaScript) expect(await axeViolations(page)).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        const target = await smallestTarget(page);
        expect(target.height, target.what).toBeGreaterThanOrEqual(TOUCH_PX);

        // Two taps and send: an age group and the apps.
        await page.getByLabel(t('poll.age.30s'), { exact: true }).check();
        await page.getByLabel(t('poll.form.app.telegram'), { exact: true }).check();
        await page.getByLabel(t('poll.form.app.whatsapp'), { exact: true }).check();
        await Promise.all([
          page.waitForURL((u) => u.pathname === pollPath),
          page.getByRole('button', { name: t('poll.form.submit') }).click(),
        ]);
        await page.waitForLoadState('load');
        expect(await textOf(page.locator('h1'))).toBe(t('poll.thanks.title'));
        expect(await textOf(page.locator('[role="status"]'))).toBe(t('poll.thanks.body'));
        if (javaScript) expect(await axeViolations(page)).toEqual([]);
        const total = await bytes();
        // The form page and its answer together: under the budget.
        expect(total).toBeLessThan(BUDGET_BYTES);
        browsers += 1;
        measured[`${lang}-js-${javaScript ? 'on' : 'off'}`] = { bytes: total, smallestTarget: target.height };

        // The same browser answers again: thanked, but not counted.
        await page.goto(`${server.baseUrl}${pollPath}?lang=${lang}`);
        await page.getByLabel(t('poll.age.40s'), { exact: true }).check();
        await page.getByLabel(t('poll.form.app.email'), { exact: true }).check();
        await page.getByRole('button', { name: t('poll.form.submit') }).click();
        await page.waitForLoadState('load');
        expect(await textOf(page.locator('[role="status"]'))).toBe(t('poll.thanks.already'));
        const status = await ownerApi(plan, 'GET');
        // Answers given today: one per browser so far, however often each answered.
        expect(status.body.today).toBe(browsers);
      } finally {
        await context.close();
      }
    });
});

describe('the owner opens the poll, customers answer, and the next day the owner applies it', {
  timeout: 120_000,
}, () => {
  let db: Db | undefined;
  afterAll(() => db?.close());

  it('shows on the report what changed: the comparison and the poll’s reasons', async () => {
    const plan = await makePlan();
    const en = i18n.translator('en').t;
    const context = await newContext(chromium.browser);
    try {
      const page = await context.newPage();
      // From the report to the owner's poll page, and the poll opened with the owner key.
      await page.goto(`${server.baseUrl}/r/${plan.id}`);
      await page.getByRole('link', { name: en('poll.owner.title') }).click();
      await page.waitForURL((u) => u.pathname === `/r/${plan.id}/poll`);
      await page.locator('#f-ownerKey').fill(plan.ownerKey);
      await page.getByRole('button', { name: en('poll.owner.button.open') }).click();
      await page.waitForURL((u) => u.pathname === `/r/${plan.id}/poll`);
      const link = await page.locator('main a.link[href*="/p/"]').first().getAttribute('href');
      expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
      expect(await page.locator('section.poll-card').count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      const pollPath = new URL(link ?? '').pathname;

      // Today, three customers answer through the form: counted from tomorrow only.
      for (let i = 0; i < 3; i++) {
        const phone = await newContext(chromium.browser, { javaScript: false, viewport: VIEWPORTS.phone });
        const p = await phone.newPage();
        await p.goto(server.baseUrl + pollPath);
        await p.getByLabel(en('poll.age.20s'), { exact: true }).check();
        await p.getByLabel(en('poll.form.app.telegram'), { exact: true }).check();
        await p.getByRole('button', { name: en('poll.form.submit') }).click();
        await p.waitForLoadState('load');
        expect(await textOf(p.locator('h1'))).toBe(en('poll.thanks.title'));
        await phone.close();
      }
      // Yesterday's answers (the clock cannot move): 12 customers, 7 of them on Telegram.
      db = openDatabase(path.join(dir, 'kanal.db'));
      const store = createSqlitePollStore(db);
      const yesterday = dayOf(new Date(Date.now() - 24 * 60 * 60_000));
      for (let i = 0; i < 12; i++) {
        const outcome = await store.recordAnswer({
          planIdHash: hashSecret(plan.id),
          ageGroup: i % 2 === 0 ? '20s' : '30s',
          apps: i < 7 ? ['whatsapp', 'telegram'] : ['whatsapp'],
          day: yesterday,
          browserMac: hashSecret(`browser ${i}`).padEnd(64, '0').slice(0, 64),
        });
        expect(outcome).toBe('counted');
      }
      await page.reload();
      const results = await textOf(page.locator('main'));
      expect(results).toContain('7 of the 12 customers who answered use Telegram');

      // Apply: back on the report, the new plan and what changed.
      await page.locator('#f-ownerKey').fill(plan.ownerKey);
      await page.getByRole('button', { name: en('poll.owner.button.apply'), exact: true }).click();
      await page.waitForURL((u) => u.pathname === `/r/${plan.id}`);
      const report = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
      expect(report).toContain(en('web.report.compare_title'));
      expect(report).toContain(
        en('poll.compare.applied', {
          responses: 12,
          date: new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
            new Date(`${dayOf(new Date())}T00:00:00Z`),
          ),
        }),
      );
      expect(report).not.toContain(en('web.report.compare_no_answers'));
      expect(report).toMatch(/7 of the 12 customers who answered your poll use Telegram \(58%\)/);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
