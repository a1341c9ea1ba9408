import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { buildKit } from '../../src/domain/kit.js';
import { kitQrCodes, qrShape, qrSvg, qrSvgSync } from '../../src/web/qr.js';

const QR_PARTIAL = fileURLToPath(new URL('../../views/partials/qr-svg.ejs', import.meta.url));

import { answers, plan, tr } from './fixtures.js';
import { jsQR } from './jsqr.js';

/** Encodes like qrSvg (same library and options), as a PNG, and reads it back with jsQR. */
async function decode(text: string): Promise<string | undefined> {
  const png = PNG.sync.read(await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, scale: 4 }));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

const links = [
  `https://wa.me/6591234567?text=${encodeURIComponent("Hi Kopi & Roti #1 ☕! I'd like to chat with you on WhatsApp.")}`,
  `https://wa.me/60123456789?text=${encodeURIComponent('Hi 美发沙龙 Kedai Mak Cik! 💇‍♀️')}`,
  'https://t.me/ensohair',
  `mailto:hello@enso.example.com?subject=${encodeURIComponent('Please add me to the Enso Hair Studio email list')}`,
  'https://enso.example.com/join?from=poster',
];

describe('QR codes', () => {
  it.each(links)('decodes back to the exact link %s', async (link) => {
    expect(await decode(link)).toBe(link);
  });

  it('decodes every link of a kit', async () => {
    const kit = buildKit(
      answers({ business: { name: 'Kedai Kopi & Roti #1 — 咖啡 ☕', country: 'MY', sector: 'food' } }),
      plan({ whatsapp_business: 'keep', telegram: 'add', email: 'add' }),
      tr.render,
    );
    for (const item of kit.items) expect(await decode(item.link?.url ?? '')).toBe(item.link?.url);
  });

  it('is library SVG only: no style, no script, no text, no link text', async () => {
    const link = `https://wa.me/6591234567?text=${encodeURIComponent('<script>alert(1)</script> "x" & y')}`;
    const svg = await qrSvg(link);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="qr__svg" aria-hidden="true" focusable="false" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges">/,
    );
    expect(svg).toMatch(/<\/svg>$/);
    expect(svg).not.toMatch(/style|script|<text|<title|href|wa\.me|alert|&/i);
    const elements = [...svg.matchAll(/<(\w+)/g)].map((m) => m[1]);
    expect(new Set(elements)).toEqual(new Set(['svg', 'path']));
  });

  it('keeps a quiet zone of four modules', async () => {
    const svg = await qrSvg('https://t.me/ensohair');
    const size = Number(/viewBox="0 0 (\d+)/.exec(svg)?.[1]);
    const modules = QRCode.create('https://t.me/ensohair', { errorCorrectionLevel: 'M' }).modules.size;
    expect(size).toBe(modules + 8);
    expect(svg).toContain('d="M4 4.5h7');
  });

  it('makes one code per linked kit item', async () => {
    const kit = buildKit(answers({ contact: { telegram: 'ensohair' } }), plan(), tr.render);
    const codes = await kitQrCodes(kit);
    expect(Object.keys(codes)).toEqual(['telegram']);
  });

  it('draws the same SVG from its shape, with escaped output only (partials/qr-svg.ejs)', async () => {
    const link = 'https://wa.me/6591234567?text=Hi%20Enso%20%26%20Co';
    const drawn = await ejs.renderFile(QR_PARTIAL, { qr: await qrShape(link) });
    const normalise = (svg: string) => svg.replace(/\s+/g, ' ').replace(/> </g, '><').trim();
    expect(normalise(drawn.replace(/^<%#.*%>\n?/, ''))).toBe(normalise(await qrSvg(link)));
  });

  it("renders the same checked SVG synchronously (the report's own link)", async () => {
    const link = 'http://127.0.0.1:3000/r/pCVBvvJxCIU_dGJo9XiR_i8cSuq3XYDd9JmwPySjwEA';
    expect(qrSvgSync(link)).toBe(await qrSvg(link));
    expect(qrSvgSync(`${link}<script>`)).not.toMatch(/script/);
  });
});
