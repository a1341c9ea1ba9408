/**
 * Real Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core,
 * with the launch flags from research/stack-check.md §6. playwright's launch() gives every
 * browser a fresh temporary profile of its own (it refuses --user-data-dir), so no state
 * survives between runs. Contexts come from browser.newContext(), which
 * AxeBuilder needs; JavaScript can be switched off per context.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { jsQR } from '../../kit/jsqr.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = fileURLToPath(new URL('../../../test-results', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

export interface LaunchedBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Launches Chromium (a fresh temporary profile, removed by playwright on close). */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return { browser, close: () => browser.close() };
}

export interface ContextOptions {
  readonly javaScript?: boolean;
  readonly viewport?: { width: number; height: number };
  /** Device pixels per CSS pixel: 2 is a typical phone screen. */
  readonly deviceScaleFactor?: number;
}

export function newContext(browser: Browser, options: ContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: options.viewport ?? VIEWPORTS.desktop,
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
  });
}

/** Runs axe (WCAG 2.x A and AA rules) and returns the violations, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Where screenshots and PDFs go (gitignored). */
export function resultPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, name);
}

/** pdftotext (poppler-utils): the PDF's text, layout kept. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** pdfinfo (poppler-utils): page count and page size in points. */
export function pdfInfo(file: string): { pages: number; width: number; height: number } {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(out);
  return { pages, width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** The text of each page of a PDF (pdftotext separates pages with a form feed). */
export function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** Text with every run of whitespace removed: words and links broken across lines match again. */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Renders one PDF page at `dpi` (150 is a modest office printer) and reads the QR code in it,
 * or in the region { x, y, width, height } (pixels at that dpi) when a page holds several or
 * much text (jsQR is quicker on a smaller picture).
 */
export function qrFromPdfPage(
  file: string,
  pageNumber: number,
  region?: { x: number; y: number; width: number; height: number },
  dpi = 150,
): string | undefined {
  const prefix = resultPath(`qr-${path.basename(file, '.pdf')}-${pageNumber}`);
  const crop = region
    ? [
        '-x',
        String(region.x),
        '-y',
        String(region.y),
        '-W',
        String(region.width),
        '-H',
        String(region.height),
      ]
    : [];
  const page = String(pageNumber);
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    String(dpi),
    '-f',
    page,
    '-l',
    page,
    ...crop,
    '-singlefile',
    file,
    prefix,
  ]);
  const png = PNG.sync.read(readFileSync(`${prefix}.png`));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/**
 * Records every request of the context that is not to this machine (the app makes no
 * third-party requests at all: no fonts, scripts, images or beacons from elsewhere).
 */
export function outsideRequests(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) seen.push(request.url());
  });
  return seen;
}
