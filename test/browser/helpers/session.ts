/**
 * Setup the browser test files share: one Chromium per file, a page checked at a viewport (axe,
 * no sideways scrolling, a screenshot) and a print to A4 PDF with JavaScript off.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { axeViolations, type LaunchedBrowser, launchBrowser, newContext, resultPath } from './browser.js';

export interface Chromium {
  /** The browser, once the file's beforeAll has run. */
  readonly browser: Browser;
}

/** Launches Chromium before the file's tests and closes it after them. */
export function useChromium(): Chromium {
  let launched: LaunchedBrowser | undefined;
  const chromium: { browser: Browser } = { browser: undefined as unknown as Browser };
  beforeAll(async () => {
    launched = await launchBrowser();
    chromium.browser = launched.browser;
  });
  afterAll(async () => {
    await launched?.close();
  });
  return chromium;
}

/**
 * Opens `html` at a viewport (JavaScript on: axe runs as a script in the page) and checks it has
 * no axe violations and nothing wider than the viewport; then runs `more`, and saves a
 * full-page screenshot as test-results/<screenshot>.
 */
export async function checkAtViewport(
  browser: Browser,
  html: string,
  viewport: { width: number; height: number },
  screenshot: string,
  more: (page: Page) => Promise<void> = async () => {},
): Promise<void> {
  const context = await newContext(browser, { viewport });
  const page = await context.newPage();
  await page.setContent(html);
  expect(await axeViolations(page)).toEqual([]);
  // Nothing wider than the viewport (no sideways scrolling on a phone).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await more(page);
  await page.screenshot({ path: resultPath(screenshot), fullPage: true });
  await context.close();
}

/**
 * Prints what `open` loads into a page (JavaScript off) on A4, to test-results/<name>; returns
 * the file's path.
 */
export async function printA4(
  browser: Browser,
  name: string,
  open: (page: Page) => Promise<unknown>,
  options: { preferCSSPageSize?: boolean } = {},
): Promise<string> {
  const context = await newContext(browser, { javaScript: false });
  const page = await context.newPage();
  await open(page);
  const file = resultPath(name);
  await page.pdf({ path: file, format: 'A4', printBackground: true, ...options });
  await context.close();
  return file;
}
