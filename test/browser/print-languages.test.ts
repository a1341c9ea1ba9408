/**
 * Printing in every language Kanal speaks: it chooses each language with the switch's own
 * `?lang=` link, as a person would.
 *
 * Every served language (whatever locale folders exist), printed by Chromium to A4 PDF:
 * - the language is chosen with `?lang=xx` (303, then the page in it, `<html lang>` its tag);
 * - the switch is there, named in each language's own words, reachable with the Tab key, and
 *   the report passes axe in that language;
 * - the report prints on at most three pages in every language (Malay runs longer, Chinese
 *   taller; the kit prints from its own page); the printable kit is two pages per link;
 * - the PDF's text round-trips the language's own headings (pdftotext);
 * - Chinese is drawn with a CJK font, not boxes: Chromium says which font it used for the
 *   heading (CSS.getPlatformFontsForNode: Noto Sans CJK SC, WenQuanYi or Droid Sans Fallback),
 *   and pdffonts lists an embedded font beyond DejaVu. pdftotext alone cannot tell: it extracts
 *   the right characters even when they print as boxes (round-2-anchors §1.2.7).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlLang, LANGUAGE_INFO, loadResources } from '../../src/i18n.js';
import {
  axeViolations,
  type LaunchedBrowser,
  launchBrowser,
  newContext,
  outsideRequests,
  pdfPages,
  resultPath,
  squeeze,
} from './helpers/browser.js';
import { ROOT, type RunningServer, startServer } from './helpers/server.js';

const resources = loadResources();
const LANGUAGES = Object.keys(resources);
const CJK_FONT = /CJK SC|WenQuanYi|Droid Sans Fallback/;

let launched: LaunchedBrowser;
let browser: Browser;
let server: RunningServer;
let context: BrowserContext;
/** With JavaScript, for axe (printing is checked without, as most tests here). */
let scripted: BrowserContext;
let outside: string[];
let outsideScripted: string[];
const measured: Record<string, { reportPages?: number; printableKitPages?: number; fonts?: string[] }> = {};

beforeAll(async () => {
  [server, launched] = await Promise.all([startServer({ env: { RATE_LIMIT: 'off' } }), launchBrowser()]);
  browser = launched.browser;
  context = await newContext(browser, { javaScript: false });
  scripted = await newContext(browser);
  outside = outsideRequests(context);
  outsideScripted = outsideRequests(scripted);
});
afterAll(async () => {
  console.log(JSON.stringify(measured));
  await context?.close();
  await scripted?.close();
  await launched?.close();
  await server?.stop();
});

/** A plan of the Singapore salon example, with contacts so the kit has links. */
async function createPlan() {
  const answers = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'sg-hair-salon.json'), 'utf8'));
  answers.contact = {
    whatsappNumber: '+65 9123 4567',
    telegram: 'enso_hair',
    email: 'hello@enso.example.com',
  };
  const res = await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(answers),
  });
  expect(res.status, server.output()).toBe(201);
  return (await res.json()) as { url: string; ownerKey: string };
}

async function printPdf(page: Page, file: string) {
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
}

interface DomNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  children?: DomNode[];
}

/**
 * The fonts Chromium drew Chinese text with (CDP CSS.getPlatformFontsForNode), e.g.
 * ["Noto Sans CJK SC"]: for the element `selector`, or else for the first `limit` elements of the
 * body whose own text has Han characters (those not drawn, such as screen-only parts in print,
 * report none). No page script is needed (the context may have JavaScript off).
 */
async function fontsOfChinese(page: Page, selector?: string, limit = 20): Promise<string[]> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1 })) as { root: DomNode };
  const ids: number[] = [];
  if (selector !== undefined) {
    ids.push((await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })).nodeId);
  } else {
    const walk = (node: DomNode, inBody: boolean) => {
      const body = inBody || node.nodeName === 'BODY';
      for (const child of node.children ?? []) {
        if (ids.length >= limit) return;
        if (body && child.nodeType === 3 && /\p{Script=Han}/u.test(child.nodeValue)) {
          if (!ids.includes(node.nodeId)) ids.push(node.nodeId);
        } else walk(child, body);
      }
    };
    walk(root, false);
  }
  if (ids.length === 0 || ids.includes(0)) throw new Error(`No element with Chinese text on ${page.url()}`);
  const families = new Set<string>();
  for (const nodeId of ids) {
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    for (const f of fonts) families.add(f.familyName);
  }
  await cdp.detach();
  return [...families];
}

/** pdffonts (poppler-utils): the names of the fonts embedded in a PDF. */
function pdfFonts(file: string): string[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(/\s+/)[0]!);
}

describe.each(LANGUAGES)('printed in %s', (language) => {
  const tree = resources[language]!;
  let plan: Awaited<ReturnType<typeof createPlan>>;
  let page: Page;

  beforeAll(async () => {
    plan = await createPlan();
    page = await context.newPage();
  });
  afterAll(() => page?.close());

  it('is chosen with ?lang=, and the switch names every language and is keyboard-reachable', async () => {
    const page = await scripted.newPage();
    const chosen = await page.goto(`${plan.url}?lang=${language}`);
    expect(chosen?.url(), 'redirected to the plan without the parameter').toBe(plan.url);
    expect(await page.getAttribute('html', 'lang')).toBe(htmlLang(language));
    expect(await page.locator('h1').first().textContent()).toContain(tree['web.report.title']);
    const names = await page.locator('.language-switch a').allTextContents();
    expect(names.map((n) => n.trim())).toEqual(LANGUAGES.map((l) => LANGUAGE_INFO[l]?.name ?? l));
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.closest('.language-switch') !== null);
    }
    expect(reached, 'Tab reaches the language switch').toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('prints the report on at most three A4 pages (the kit prints from its own page); headings round-trip', async () => {
    await page.goto(`${plan.url}?lang=${language}`);
    expect(await page.getAttribute('html', 'lang')).toBe(htmlLang(language));
    const file = resultPath(`print-${language}.pdf`);
    await printPdf(page, file);
    const pages = pdfPages(file);
    measured[language] = { ...measured[language], reportPages: pages.length };
    expect(pages.length).toBeLessThanOrEqual(3);
    expect(squeeze(pages.join(''))).toContain(squeeze(tree['web.report.title']!));
    expect(squeeze(pages.join(''))).not.toContain(plan.ownerKey);

    const fonts = pdfFonts(file);
    measured[language] = { ...measured[language], fonts };
    if (language === 'zh') {
      await page.emulateMedia({ media: 'print' });
      const used = await fontsOfChinese(page, 'h1');
      expect(used.join(', '), 'the Chinese heading is drawn with a CJK font').toMatch(CJK_FONT);
      // Chromium embeds CJK glyphs as extra (often Type 3) fonts: more than the DejaVu ones.
      expect(fonts.filter((f) => !/DejaVu/.test(f)).length, fonts.join(', ')).toBeGreaterThan(0);
    }
  });

  it('prints the kit: a poster and a card sheet per link', async () => {
    await page.goto(`${plan.url}?lang=${language}`);
    const links = await page.locator('.kit-item__link a').count();
    expect(links).toBeGreaterThan(0);
    await page.goto(`${plan.url}/kit`);
    expect(await page.getAttribute('html', 'lang')).toBe(htmlLang(language));
    const file = resultPath(`print-${language}-kit.pdf`);
    await printPdf(page, file);
    const pages = pdfPages(file);
    measured[language] = { ...measured[language], printableKitPages: pages.length };
    expect(pages.length).toBe(links * 2);
    expect(squeeze(pages[0] ?? '')).toContain(squeeze(tree['kit.cta.whatsapp_business']!));
    if (language === 'zh') {
      await page.emulateMedia({ media: 'print' });
      const used = await fontsOfChinese(page);
      // Every font that drew Chinese text is a CJK one, or Latin for the Latin in it (names).
      expect(used.join(', ')).toMatch(CJK_FONT);
      expect(used.filter((f) => !CJK_FONT.test(f) && !/DejaVu/.test(f))).toEqual([]);
    }
  });
});

describe('requests', () => {
  it('never left this machine', () => {
    expect([...outside, ...outsideScripted]).toEqual([]);
  });
});
