/**
 * Touch targets on a 390 px phone (issue 10; issue 12 asks the poll for large ones too): every
 * radio and checkbox label and every button of each questionnaire page, and of the customer's
 * poll page, is at least 44 px tall (main.css: 2.75rem), measured as Chromium lays the page out,
 * in every language Kanal serves (chosen with the switch's `?lang=` link, then kept by its
 * cookie). The questionnaire's pages are opened straight from a fresh draft; each page that
 * applies to it is measured, and the test fails unless radios, checkboxes and buttons were all
 * among the targets measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_IDS } from '../../src/domain/questionnaire.js';
import { loadResources } from '../../src/i18n.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { newContext, VIEWPORTS } from './helpers/browser.js';
import { type RunningServer, startServer } from './helpers/server.js';
import { useChromium } from './helpers/session.js';
import { type Target, tooSmall, touchTargets } from './helpers/targets.js';

const LANGUAGES = Object.keys(loadResources());

const chromium = useChromium();
let server: RunningServer;
let dir: string;
let pollPath = '';
/** The smallest target per language and page, printed for people to read. */
const measured: Record<string, number> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-targets-'));
  server = await startServer({ env: { RATE_LIMIT: 'off', DATABASE_PATH: path.join(dir, 'kanal.db') } });
  const made = await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SALON_ANSWERS),
  });
  const plan = (await made.json()) as { id: string; ownerKey: string };
  const opened = await fetch(`${server.baseUrl}/api/v1/plans/${plan.id}/poll`, {
    method: 'POST',
    headers: { 'x-owner-key': plan.ownerKey },
  });
  pollPath = new URL(String(((await opened.json()) as { pollUrl: string }).pollUrl)).pathname;
});
afterAll(async () => {
  console.log(JSON.stringify(measured));
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function record(key: string, targets: readonly Target[]) {
  measured[key] = Math.min(...targets.map((t) => Math.round(t.height * 10) / 10));
}

describe.each(LANGUAGES)('touch targets at 390 px, in %s', { timeout: 120_000 }, (lang) => {
  it('every choice label and button of each question page is at least 44 px tall', async () => {
    const context = await newContext(chromium.browser, { viewport: VIEWPORTS.phone, deviceScaleFactor: 2 });
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/?lang=${lang}`);
      await Promise.all([
        page.waitForURL(/\/d\/[^/]+\/business$/),
        page.locator('main form[action="/start"] button[type="submit"]').click(),
      ]);
      const base = page.url().replace(/\/business$/, '');
      const kinds = new Set<string>();
      const small: Record<string, string[]> = {};
      for (const id of PAGE_IDS) {
        const response = await page.goto(`${base}/${id}`);
        // A page that does not apply to this draft (the WhatsApp features page) is not there.
        if (response?.status() === 404) continue;
        expect(response?.status(), id).toBe(200);
        const targets = await touchTargets(page);
        for (const t of targets) kinds.add(t.kind);
        record(`${lang} ${id}`, targets);
        small[id] = tooSmall(targets);
      }
      expect(small).toEqual(Object.fromEntries(Object.keys(small).map((id) => [id, []])));
      // The measurement saw what it is for: radio rows, checkbox rows and buttons.
      expect([...kinds].sort()).toEqual(expect.arrayContaining(['button', 'checkbox', 'radio']));
      expect(Object.keys(small).length).toBeGreaterThanOrEqual(6);
    } finally {
      await context.close();
    }
  });

  it('every choice label, button and language link of the poll page is at least 44 px tall', async () => {
    const context = await newContext(chromium.browser, { viewport: VIEWPORTS.phone, deviceScaleFactor: 2 });
    try {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}${pollPath}?lang=${lang}`);
      const targets = await touchTargets(page, '.poll-languages a, .poll-languages [aria-current]');
      record(`${lang} poll`, targets);
      expect(tooSmall(targets)).toEqual([]);
      const count = (kind: string) => targets.filter((t) => t.kind === kind).length;
      // Six age groups, four app rows, the send button, the other languages' links.
      expect([count('radio'), count('checkbox'), count('button')]).toEqual([6, 4, 1]);
      expect(count('other')).toBe(LANGUAGES.length);
    } finally {
      await context.close();
    }
  });
});
