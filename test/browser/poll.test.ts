/**
 * The customer poll in a real browser (issue 12, "How we will know"), against the real server.
 *
 * - A customer answers on a phone (390 px wide), with JavaScript on and off, in every language
 *   Kanal serves (whatever locale folders exist), choosing it with the page's visible language
 *   switch: the page is axe-clean, its touch targets are at least 44 px high (what main.css
 *   promises: 2.75rem), it transfers under 30 KB, the thank-you page follows, and a second answer
 *   from the same browser is not counted.
 * - The owner, in every language with JavaScript on and off (the language chosen with the
 *   report's switch, each control found by its name from the locale files), opens the poll from
 *   the report with the owner key, sees the poll link and the counter card, switches on counter
 *   tablet mode (the tablet answers for two customers), starts again, closes the poll (its link
 *   then says so), opens it again (the same link), and the next day applies the poll and sees
 *   what changed on the report: the comparison with the earlier plan and the poll's reasons
 *   ("7 of the 12 customers who answered your poll..."). On each state of the owner's page (and
 *   the report's comparison and poll section) axe finds nothing (JavaScript on), and a page in
 *   Indonesian, Malay or Chinese shows no English word of the keys that build it
 *   (helpers/leaks.ts; names and words the languages share listed below).
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
import { MODEL } from '../../src/domain/model.js';
import { createI18n, htmlLang, LANGUAGE_INFO, loadResources } from '../../src/i18n.js';
import { dayOf } from '../../src/polls.js';
import { hashSecret } from '../../src/web/secrets.js';
import { dayText } from '../../src/web/view-models.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { axeViolations, newContext, VIEWPORTS } from './helpers/browser.js';
import { englishLeaks, keysIn, readableText } from './helpers/leaks.js';
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
        const link = nav.locator(`a[hreflang="${htmlLang(lang)}"]`);
        if ((await link.count()) > 0) {
          expect(await link.isVisible()).toBe(true);
          await Promise.all([page.waitForURL(/[?&]lang=/), link.click()]);
        }
        expect(await page.getAttribute('html', 'lang')).toMatch(new RegExp(`^${lang}`));
        expect(await textOf(page.locator('h1'))).toBe(
          t('poll.page.heading', { shop: SALON_ANSWERS.business.name }),
        );
        expect(await nav.locator('[aria-current="true"]').getAttribute('lang')).toBe(htmlLang(lang));
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

/** The files that build the owner's poll page: the words it can show are their keys'. */
const OWNER_PAGE_KEYS = keysIn([
  'views/poll-owner.ejs',
  'views/partials/head.ejs',
  'views/partials/foot.ejs',
  'views/partials/language-switch.ejs',
  'views/partials/error-summary.ejs',
  'views/partials/owner-key-field.ejs',
  'views/partials/poll-card.ejs',
  'views/partials/kit-sheets.ejs',
  'src/web/routes-poll.ts',
  'src/web/kit-view.ts',
  'src/domain/poll.ts',
]);
/** The report's comparison and poll section: their keys. */
const REPORT_PART_KEYS = keysIn([
  'views/report.ejs',
  'views/partials/poll-summary.ejs',
  'src/web/report-view.ts',
]);
/**
 * Names every language writes as they are, and the language switch's names, each written in its
 * own language ("English"). Then words that are the language's own as much as English's, which
 * its locale strings use where the English strings do too: Indonesian "data", "email", "per",
 * "scan", "tablet" ("Scan: 2 pertanyaan", "satu jawaban per pelanggan"); Malay "data", "tablet"
 * (it writes "e-mel" and "imbas"); Chinese none.
 */
const NAMES = [
  'WhatsApp Business',
  'Telegram',
  'Kanal',
  'QR',
  ...Object.values(LANGUAGE_INFO).map((l) => l.name),
];
const SHARED_WORDS: Readonly<Record<string, readonly string[]>> = {
  id: ['data', 'email', 'per', 'scan', 'tablet'],
  ms: ['data', 'tablet'],
};

/**
 * A translated sentence as a pattern: `known` params filled in, the others (ranges, figures the
 * model works out) matching any text. Whitespace as the page's text has it (one space).
 */
function sentence(
  t: (key: string, params?: Record<string, unknown>) => string,
  key: string,
  known: Record<string, unknown>,
  rest: readonly string[],
): RegExp {
  const marks = Object.fromEntries(rest.map((name, i) => [name, `⟦${i}⟧`]));
  const text = t(key, { ...known, ...marks }).replace(/\s+/g, ' ');
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/⟦\d+⟧/g, '.+?'));
}

/** The owner's steps, in each language with JavaScript on and off. */
const OWNER_RUNS = LANGUAGES.flatMap((lang) =>
  [true, false].map((javaScript) => [lang, javaScript ? 'on' : 'off', javaScript] as const),
);

describe('the owner runs the poll from the report, and the next day applies it', { timeout: 180_000 }, () => {
  let db: Db | undefined;
  afterAll(() => db?.close());

  it.each(OWNER_RUNS)('in %s, JavaScript %s', async (lang, _js, javaScript) => {
    const tr = i18n.translator(lang);
    const t = tr.t;
    const plan = await makePlan();
    const ownerPath = `/r/${plan.id}/poll`;
    const today = dayOf(new Date());
    const since = dayText(tr, today);
    const context = await newContext(chromium.browser, { javaScript });
    const phone = await newContext(chromium.browser, { javaScript, viewport: VIEWPORTS.phone });
    /** Per state of a page: axe's violations, and English words on a page in another language. */
    const axe: Record<string, string[]> = {};
    const english: Record<string, string[]> = {};
    const check = async (page: Page, state: string, keys = OWNER_PAGE_KEYS, within = 'html') => {
      expect(await page.getAttribute('html', 'lang'), state).toBe(htmlLang(lang));
      // axe runs as a script in the page: with JavaScript off, the same page is checked in the run
      // with it on (this walk runs both ways in every language).
      if (javaScript) axe[state] = await axeViolations(page);
      const text = (await readableText(page, within)).replaceAll(SALON_ANSWERS.business.name, ' ');
      english[state] =
        lang === 'en' ? [] : englishLeaks(text, keys, lang, [...NAMES, ...(SHARED_WORDS[lang] ?? [])]);
      // The check can fail: this page's words, read as if it were in Chinese, are English.
      if (lang === 'en') expect(englishLeaks(text, keys, 'zh', NAMES).length, state).toBeGreaterThan(3);
    };
    try {
      const page = await context.newPage();
      const main = async () => textOf(page.locator('main'));
      /** Types the owner key and presses a button of the owner's page; the next page loaded. */
      const act = async (button: string) => {
        await page.getByLabel(t('web.owner_key.label'), { exact: true }).fill(plan.ownerKey);
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('button', { name: button, exact: true }).click(),
        ]);
      };

      // The report, its language chosen with the switch (the link named in the language itself).
      await page.goto(`${server.baseUrl}/r/${plan.id}`);
      await Promise.all([
        page.waitForURL((u) => u.pathname === `/r/${plan.id}` && u.search === ''),
        page
          .locator('nav.language-switch')
          .getByRole('link', { name: LANGUAGE_INFO[lang]?.name ?? lang, exact: true })
          .click(),
      ]);
      expect(await page.getAttribute('html', 'lang')).toBe(htmlLang(lang));

      // From the report to the owner's poll page: no poll yet.
      await Promise.all([
        page.waitForURL((u) => u.pathname === ownerPath),
        page.getByRole('link', { name: t('poll.owner.title'), exact: true }).click(),
      ]);
      expect(await textOf(page.locator('h1'))).toBe(t('poll.owner.title'));
      expect(await main()).toContain(t('poll.owner.none'));
      await check(page, 'no poll');

      // Open it: the link, and the counter card with its QR code.
      await act(t('poll.owner.button.open'));
      expect(new URL(page.url()).pathname).toBe(ownerPath);
      expect(await textOf(page.locator('main [role="status"]').first())).toBe(
        t('poll.owner.open', { since }),
      );
      const link = await page.locator('main a.link[href*="/p/"]').first().getAttribute('href');
      expect(link).toMatch(/\/p\/[A-Za-z0-9_-]{43}$/);
      const pollPath = new URL(link ?? '').pathname;
      const card = page.locator('section.poll-card');
      expect(await card.count()).toBe(1);
      expect(await textOf(card.locator('.kit-poster__cta').first())).toBe(t('poll.card.cta'));
      expect(await card.locator('.qr[role="img"]').first().getAttribute('aria-label')).toBe(
        t('poll.card.qr_label'),
      );
      for (const b of ['apply', 'tablet', 'close', 'reset'])
        expect(
          await page.getByRole('button', { name: t(`poll.owner.button.${b}`), exact: true }).count(),
          b,
        ).toBe(1);
      await check(page, 'open, with the counter card');

      // Counter-tablet mode: the link is shown once; the shop's tablet takes an answer per customer.
      await act(t('poll.owner.button.tablet'));
      expect(await textOf(page.locator('main .inset'))).toContain(t('poll.owner.tablet_link'));
      const tabletUrl = await page.locator('main .inset a').getAttribute('href');
      expect(tabletUrl).toMatch(new RegExp(`${pollPath}/tablet/[A-Za-z0-9_-]{43}$`));
      await check(page, 'the tablet link shown');
      const tablet = await phone.newPage();
      await tablet.goto(tabletUrl ?? '');
      expect(new URL(tablet.url()).pathname).toBe(pollPath);
      await tablet.goto(`${server.baseUrl}${pollPath}?lang=${lang}`);
      for (const age of ['20s', '50s']) {
        await tablet.getByLabel(t(`poll.age.${age}`), { exact: true }).check();
        await tablet.getByLabel(t('poll.form.app.whatsapp'), { exact: true }).check();
        await Promise.all([
          tablet.waitForEvent('load'),
          tablet.getByRole('button', { name: t('poll.form.submit'), exact: true }).click(),
        ]);
        expect(await textOf(tablet.locator('[role="status"]'))).toBe(t('poll.thanks.body'));
        await Promise.all([
          tablet.waitForEvent('load'),
          tablet.getByRole('link', { name: t('poll.thanks.next_customer'), exact: true }).click(),
        ]);
      }
      expect((await ownerApi(plan, 'GET')).body.today).toBe(2);
      await page.goto(server.baseUrl + ownerPath);
      expect(await main()).toContain(t('poll.result.today', { count: 2 }));

      // Start again: the answers go, the link stays.
      await act(t('poll.owner.button.reset'));
      expect((await ownerApi(plan, 'GET')).body.today).toBe(0);
      expect(await main()).not.toContain(t('poll.result.today', { count: 2 }));
      expect(await page.locator('main a.link[href*="/p/"]').first().getAttribute('href')).toBe(link);

      // Close: no card, and the customers' link says the poll has closed.
      await act(t('poll.owner.button.close'));
      expect(await textOf(page.locator('main [role="status"]').first())).toBe(
        t('poll.owner.closed', { since }),
      );
      expect(await page.locator('section.poll-card').count()).toBe(0);
      await check(page, 'closed');
      const closed = await tablet.goto(`${server.baseUrl}${pollPath}?lang=${lang}`);
      expect(closed?.status()).toBe(410);
      expect(await textOf(tablet.locator('h1'))).toBe(t('poll.closed.title'));

      // Open again: the same link. Answers given yesterday (the clock cannot move) are the results.
      await act(t('poll.owner.button.open'));
      expect(await page.locator('main a.link[href*="/p/"]').first().getAttribute('href')).toBe(link);
      db ??= openDatabase(path.join(dir, 'kanal.db'));
      const store = createSqlitePollStore(db);
      const yesterday = dayOf(new Date(Date.now() - 24 * 60 * 60_000));
      for (let i = 0; i < 12; i++) {
        const outcome = await store.recordAnswer({
          planIdHash: hashSecret(plan.id),
          ageGroup: i % 2 === 0 ? '20s' : '30s',
          apps: i < 7 ? ['whatsapp', 'telegram'] : ['whatsapp'],
          day: yesterday,
          browserMac: hashSecret(`${lang} ${javaScript} browser ${i}`),
        });
        expect(outcome).toBe('counted');
      }
      await page.reload();
      // "7 of the 12 customers who answered use Telegram (58%); ... between …% and …%."
      expect(await main()).toMatch(
        sentence(
          t,
          'poll.result.app',
          { users: 7, responses: 12, percent: 58, app: t('poll.app.telegram') },
          ['low', 'high'],
        ),
      );
      expect(await textOf(page.locator('main table caption'))).toBe(
        t('poll.owner.age_caption', { responses: 12 }),
      );
      await check(page, 'results');

      // Apply: back on the report, the new plan, what changed and the poll's reasons.
      await act(t('poll.owner.button.apply'));
      expect(new URL(page.url()).pathname).toBe(`/r/${plan.id}`);
      const report = await main();
      expect(report).toContain(t('web.report.compare_title'));
      // The day as the page writes it (dayText; Chinese: spaced, docs/glossary/zh.md).
      expect(report).toContain(t('poll.compare.applied', { responses: 12, date: since }));
      expect(report).not.toContain(t('web.report.compare_no_answers'));
      expect(report).toMatch(
        sentence(
          t,
          'engine.reason.reach_poll',
          // Numbers the message formats as numbers are given, not marked.
          {
            users: 7,
            responses: 12,
            percent: 58,
            priorAnswers: MODEL.pollPriorAnswers.value,
            app: t('engine.app.telegram'),
          },
          ['low', 'high', 'basis', 'prior', 'reach', 'own'],
        ),
      );
      await check(page, 'the report, the comparison', REPORT_PART_KEYS, 'main .report-compare');
      await check(page, 'the report, the poll section', REPORT_PART_KEYS, 'main .poll-summary');

      expect(axe).toEqual(Object.fromEntries(Object.keys(axe).map((s) => [s, []])));
      expect(english).toEqual(Object.fromEntries(Object.keys(english).map((s) => [s, []])));
    } finally {
      await phone.close();
      await context.close();
    }
  });
});
