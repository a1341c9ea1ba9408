/**
 * The migration kit in Chromium: the report's kit section and the printable kit page have no
 * axe violations and work with JavaScript off; the printable kit prints one A4 page per poster
 * and per card sheet, with the business name and links; the poster's QR code, read back from the
 * printed PDF, is the exact link.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildKit } from '../../src/domain/kit.js';
import { kitQrCodes } from '../../src/web/qr.js';
import { answers, plan, tr } from '../kit/fixtures.js';
import { jsQR } from '../kit/jsqr.js';
import { newContext, pdfInfo, pdfText, resultPath, VIEWPORTS } from './helpers/browser.js';
import { documentAround, inlineStylesheets, renderView } from './helpers/render.js';
import { checkAtViewport, printA4, useChromium } from './helpers/session.js';

const chromium = useChromium();

const kit = buildKit(
  answers({ business: { name: 'Kedai Kopi & Roti', country: 'MY', sector: 'food' } }),
  plan({ whatsapp_business: 'keep', telegram: 'consider', email: 'add' }, 'MY'),
  tr.render,
);
let summaryHtml: string;
let pageHtml: string;

beforeAll(async () => {
  const qr = await kitQrCodes(kit);
  summaryHtml = documentAround(
    `<h1>Report</h1>${await renderView('partials/kit-summary.ejs', { kit, qr, tr, kitUrl: '/r/x/kit' })}`,
    'Kit summary',
  );
  pageHtml = inlineStylesheets(await renderView('kit.ejs', { kit, qr, tr, lang: 'en', reportUrl: '/r/x' }));
});

describe('the kit section of the report', () => {
  it.each(Object.entries(VIEWPORTS))('has no axe violations at %s width', async (name, viewport) => {
    await checkAtViewport(chromium.browser, summaryHtml, viewport, `kit-summary-${name}.png`);
  });

  it('lets texts be selected and copied without JavaScript', async () => {
    const context = await newContext(chromium.browser, { javaScript: false });
    const page = await context.newPage();
    await page.setContent(summaryHtml);
    const text = page.locator('#kit-whatsapp_status-text');
    await expect(text.getAttribute('readonly')).resolves.toBe('');
    await text.focus();
    await page.keyboard.press('Control+A');
    const value = await text.inputValue();
    expect(value).toContain('https://t.me/ensohair');
    expect(value).toContain('Personal Data Protection Act 2010 (section 43)');
    // The label names the field.
    await expect(page.getByLabel('Subject').inputValue()).resolves.toBe(
      'News from Kedai Kopi & Roti: new ways to reach us',
    );
    await context.close();
  });
});

describe('the printable kit', () => {
  it.each(Object.entries(VIEWPORTS))('has no axe violations at %s width', async (name, viewport) => {
    await checkAtViewport(chromium.browser, pageHtml, viewport, `kit-page-${name}.png`, async (page) => {
      // On screen, one card per sheet (the copies are print-only).
      expect(await page.locator('.kit-card:visible').count()).toBe(3);
    });
  });

  it('prints a poster page and a card page per link, with nothing cut', async () => {
    const file = await printA4(chromium.browser, 'kit.pdf', (page) => page.setContent(pageHtml), {
      preferCSSPageSize: true,
    });

    expect(pdfInfo(file).pages).toBe(6);
    const pages = [1, 2, 3, 4, 5, 6].map((n) =>
      execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), file, '-'], {
        encoding: 'utf8',
      }),
    );
    // Posters: name, call to action, short link, consent line; the trial poster says so.
    expect(pages[0]).toContain('Kedai Kopi & Roti');
    expect(pages[0]).toContain('Chat with us on WhatsApp');
    expect(pages[0]).toContain('wa.me/6591234567');
    expect(pages[0]).toContain('section 43');
    expect(pages[4]).toContain('New: we are trying this out');
    // Card sheets: eight cards each.
    expect(pages[1]?.match(/wa\.me\/6591234567/g)?.length).toBe(8);
    expect(pages[3]?.match(/Get our news by email/g)?.length).toBe(8);
    // No screen-only text on paper.
    expect(pdfText(file)).not.toContain('Back to your report');
  });

  it('prints poster and card QR codes that read back as the exact links', () => {
    const file = resultPath('kit.pdf');
    const prefix = resultPath('kit-page');
    // 150 dpi is a modest office printer. Page 1 is the poster (one code); on page 2 the first
    // card sits in the top-left 100 x 83 mm (600 x 490 px), away from the other seven.
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '2', file, prefix]);
    const poster = PNG.sync.read(readFileSync(`${prefix}-1.png`));
    const sheet = PNG.sync.read(readFileSync(`${prefix}-2.png`));
    const card = new PNG({ width: 600, height: 490 });
    PNG.bitblt(sheet, card, 0, 0, 600, 490, 0, 0);
    for (const png of [poster, card]) {
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
      expect(code?.data).toBe(kit.items[0]?.link?.url);
    }
  });
});
