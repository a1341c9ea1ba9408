/**
 * QR codes as a browser draws them: the SVG from qrSvg, in the summary and card sizes of
 * kit.css, screenshotted and decoded with jsQR must give back the exact link: the kit's links,
 * a wa.me link whose greeting is in the customers' language (Chinese: the densest code), and
 * the customer poll's link that the kit prints while the poll is open.
 */

import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKit } from '../../src/domain/kit.js';
import { qrSvg } from '../../src/web/qr.js';
import { answers, i18n, plan, tr } from '../kit/fixtures.js';
import { jsQR } from '../kit/jsqr.js';
import { type LaunchedBrowser, launchBrowser, newContext } from './helpers/browser.js';
import { documentAround } from './helpers/render.js';

let launched: LaunchedBrowser;
let browser: Browser;

beforeAll(async () => {
  launched = await launchBrowser();
  browser = launched.browser;
});
afterAll(async () => {
  await launched?.close();
});

const kit = buildKit(
  answers({ business: { name: 'Kopi & Roti #1 — 咖啡 ☕ Mak Cik', country: 'MY', sector: 'food' } }),
  plan({ whatsapp_business: 'keep', telegram: 'add', email: 'add' }),
  tr.render,
);
// The kit for Chinese-speaking customers: the greeting inside the wa.me link is in Chinese.
const zhKit = buildKit(answers(), plan(), i18n.translator('zh').render);
const POLL_URL = 'https://kanal.example.com/p/Qx7rT2mVb9LwZk4NcY8sHd3FgJ6pA1eU5oIyRt0WqXz';
const links = [
  ...kit.items.map((i) => i.link?.url ?? ''),
  'https://shop.example.com/join?from=poster',
  zhKit.items[0]?.link?.url ?? '',
  POLL_URL,
];

async function decodeRendered(svg: string, size: 'summary' | 'card'): Promise<string | undefined> {
  // A phone-like screen (2 device pixels per CSS pixel): jsQR, far less tolerant than a phone
  // camera, misreads codes whose modules are under about 3 pixels wide.
  const context = await newContext(browser, { javaScript: false, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.setContent(
    documentAround(`<div class="qr qr--${size}" role="img" aria-label="QR code">${svg}</div>`),
  );
  const png = PNG.sync.read(await page.locator('.qr').screenshot());
  await context.close();
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

describe('QR codes in Chromium', () => {
  it('has the wa.me, t.me and mailto links of the kit', () => {
    expect(links[0]).toMatch(/^https:\/\/wa\.me\/6591234567\?text=Hi%20Kopi%20%26%20Roti%20%231/);
    expect(links.some((l) => l === 'https://t.me/ensohair')).toBe(true);
    expect(links.some((l) => l.startsWith('mailto:hello@enso.example.com?subject='))).toBe(true);
    expect(links).toContain(
      `https://wa.me/6591234567?text=${encodeURIComponent(i18n.translator('zh').t('kit.link.whatsapp_greeting', { business: 'Enso Hair Studio' }))}`,
    );
  });

  it('decodes the poll link and the Chinese greeting link at card size', async () => {
    for (const link of [POLL_URL, zhKit.items[0]?.link?.url ?? '']) {
      expect(await decodeRendered(await qrSvg(link), 'card')).toBe(link);
    }
  });

  it.each(links)('decodes %s from the screen at summary size', async (link) => {
    expect(await decodeRendered(await qrSvg(link), 'summary')).toBe(link);
  });

  it('decodes the longest link at card size too', async () => {
    const longest = links.reduce((a, b) => (b.length > a.length ? b : a));
    expect(await decodeRendered(await qrSvg(longest), 'card')).toBe(longest);
  });
});
