/**
 * The migration kit in Chromium: the report's kit section and the printable kit page have no
 * axe violations and work with JavaScript off; the printable kit prints one A4 page per poster
 * and per card sheet, with the business name and links; the poster's QR code, read back from the
 * printed PDF, is the exact link. A bilingual kit (Chinese with English) with the customer poll
 * open prints the same way, a page per poster, the poll's poster and cards last, its QR code the
 * poll's link, the Chinese drawn with a CJK font.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { kitPageView, kitSummaryView } from '../../src/web/kit-view.js';
import { answers, i18n, plan, tr } from '../kit/fixtures.js';
import { jsQR } from '../kit/jsqr.js';
import {
  newContext,
  pdfInfo,
  pdfPages,
  pdfText,
  qrFromPdfPage,
  resultPath,
  squeeze,
  VIEWPORTS,
} from './helpers/browser.js';
import { documentAround, inlineStylesheets, renderView } from './helpers/render.js';
import { checkAtViewport, printA4, useChromium } from './helpers/session.js';

const chromium = useChromium();

const input = {
  i18n,
  tr,
  answers: answers({ business: { name: 'Kedai Kopi & Roti', country: 'MY', sector: 'food' } }),
  plan: plan({ whatsapp_business: 'keep', telegram: 'consider', email: 'add' }, 'MY'),
};
const AGES = { under20: 5, '20s': 45, '30s': 35, '40s': 10, '50s': 5, '60plus': 0 };
const bilingual = {
  ...input,
  answers: answers({
    business: { name: 'Kedai Kopi & Roti 咖啡店', country: 'MY', sector: 'food' },
    customers: { ageMix: AGES, languages: ['zh', 'en'] },
  }),
};
const POLL_URL = 'https://kanal.example.com/p/Qx7rT2mVb9LwZk4NcY8sHd3FgJ6pA1eU5oIyRt0WqXz';
let summaryHtml: string;
let pageHtml: string;
let bilingualHtml: string;
let firstLink: string;

beforeAll(async () => {
  const summary = await kitSummaryView(input, { kitUrl: '/r/x/kit' });
  firstLink = summary.items[0]?.url ?? '';
  summaryHtml = documentAround(
    `<h1>Report</h1>${await renderView('partials/kit-summary.ejs', { kit: summary, t: tr.t })}`,
    'Kit summary',
  );
  pageHtml = inlineStylesheets(
    await renderView('kit.ejs', { kit: await kitPageView(input, { reportUrl: '/r/x' }), t: tr.t }),
  );
  bilingualHtml = inlineStylesheets(
    await renderView('kit.ejs', {
      kit: await kitPageView(bilingual, { reportUrl: '/r/x', pollUrl: POLL_URL }),
      t: tr.t,
    }),
  );
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
      expect(code?.data).toBe(firstLink);
    }
  });
});

describe('the printable kit in two languages, with the poll open', () => {
  it('has no axe violations on a phone', async () => {
    await checkAtViewport(chromium.browser, bilingualHtml, VIEWPORTS.phone, 'kit-bilingual-phone.png');
  });

  it('prints a page per poster and card sheet, the poll last, its QR code the poll link', async () => {
    const file = await printA4(
      chromium.browser,
      'kit-bilingual.pdf',
      (page) => page.setContent(bilingualHtml),
      {
        preferCSSPageSize: true,
      },
    );
    // Three channels and the poll: a poster and a card sheet each, nothing spilling over.
    expect(pdfInfo(file).pages).toBe(8);
    const pages = pdfPages(file);
    expect(pages).toHaveLength(8);
    // Chinese first, English below it, on the WhatsApp poster.
    const whatsapp = squeeze(pages[0] ?? '');
    expect(whatsapp).toContain(squeeze('在 WhatsApp 上和我们聊天'));
    expect(whatsapp.indexOf(squeeze('在 WhatsApp 上和我们聊天'))).toBeLessThan(
      whatsapp.indexOf(squeeze('Chat with us on WhatsApp')),
    );
    // The poll's poster: both languages, the link, the line for staff; its cards: eight links.
    const poll = squeeze(pages[6] ?? '');
    expect(poll).toContain(squeeze(i18n.translator('zh').t('poll.card.cta')));
    expect(poll).toContain(squeeze(tr.t('poll.card.cta')));
    expect(poll).toContain(squeeze(tr.t('poll.card.staff')));
    expect(poll).toContain(squeeze(POLL_URL.replace('https://', '')));
    expect(squeeze(pages[7] ?? '').split(squeeze(POLL_URL.replace('https://', ''))).length - 1).toBe(8);
    expect(qrFromPdfPage(file, 7)).toBe(POLL_URL);
  });

  it('draws the Chinese heading of an English page with a CJK font (its lang attribute)', async () => {
    const context = await newContext(chromium.browser, { javaScript: false });
    const page = await context.newPage();
    await page.setContent(bilingualHtml);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const heading = page.locator('#kit-poster-whatsapp_business');
    expect(await heading.getAttribute('lang')).toBe('zh-Hans');
    // Which font Chromium drew it with (CDP), as print-languages.test.ts asks.
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: '#kit-poster-whatsapp_business',
    });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((f) => f.familyName).join(', ')).toMatch(/CJK SC|WenQuanYi|Droid Sans Fallback/);
    await context.close();
  });
});
