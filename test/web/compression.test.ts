/**
 * Compression (src/web/compression.ts, decision 024): HTML, CSS and JSON go out compressed when
 * the request accepts it, with `Vary: Accept-Encoding`, decoding to exactly the plain body;
 * nothing is compressed for a client that does not ask, below 1 kB, for types already compressed
 * (images), or twice.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  chooseEncoding,
  compressResponses,
  HOT_REQUESTS,
  INLINE_COMPRESSION_LIMIT,
  isCompressibleType,
  Precompressed,
} from '../../src/web/compression.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
afterEach(() => t?.close());

interface Raw {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The answer's bytes as sent (superagent would decode gzip), over loopback. */
async function raw(
  app: express.Express,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Raw> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<Raw>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path, method: body === undefined ? 'GET' : 'POST', headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    server.close();
  }
}

const HOST = 'kanal.test';

describe('compression of what the app sends', () => {
  it.each([
    ['an HTML page', '/method', /^text\/html/],
    ['a stylesheet', '/static/css/main.css', /^text\/css/],
  ])('gzips %s when asked, with Vary: Accept-Encoding', async (_what, path, type) => {
    t = makeTestApp();
    const plain = await raw(t.app, path, { Host: HOST, 'Accept-Encoding': 'identity' });
    const gz = await raw(t.app, path, { Host: HOST, 'Accept-Encoding': 'gzip' });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-type']).toMatch(type);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(String(gz.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const body = gz.body;
    expect(gunzipSync(body).equals(plain.body)).toBe(true);
    expect(body.length).toBeLessThan(plain.body.length / 2);
  });

  it('compresses the JSON of a created plan, which decodes to the same answer', async () => {
    t = makeTestApp();
    const res = await raw(
      t.app,
      '/api/v1/plans',
      { 'Accept-Encoding': 'gzip', 'Content-Type': 'application/json' },
      JSON.stringify(SALON_ANSWERS),
    );
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
    const body = JSON.parse(gunzipSync(res.body).toString('utf8')) as { id: string; plan: unknown };
    expect(typeof body.id).toBe('string');
    expect(body.plan).toBeTypeOf('object');
  });

  it('sends small answers as they are', async () => {
    t = makeTestApp();
    const res = await request(t.app).get('/healthz').set('Accept-Encoding', 'gzip, br').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
  });

  it('never compresses an image or a body that already has a Content-Encoding', async () => {
    const app = express();
    app.use(compressResponses());
    const big = Buffer.alloc(20_000, 7);
    app.get('/png', (_req, res) => res.type('image/png').send(big));
    app.get('/zipped', (_req, res) => {
      res.set('Content-Encoding', 'gzip').type('text/html').send(big);
    });
    app.get('/html', (_req, res) => res.type('text/html').send('<p>x</p>'.repeat(500)));
    const png = await raw(app, '/png', { 'Accept-Encoding': 'gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.equals(big)).toBe(true);
    const zipped = await raw(app, '/zipped', { 'Accept-Encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.equals(big)).toBe(true);
    const html = await raw(app, '/html', { 'Accept-Encoding': 'gzip' });
    expect(html.headers['content-encoding']).toBe('gzip');
  });

  it('sends Brotli or gzip as asked, whole bodies small and large, each decoding to the body', async () => {
    const app = express();
    app.use(compressResponses());
    const page = (n: number) =>
      Array.from({ length: n }, (_, i) => `<p>Pelanggan ${i}: ${String((i * 7919) % 10007)}</p>`).join('');
    const small = page(200);
    // Over the inline limit: compressed in zlib's thread pool, and still whole.
    const large = page(Math.ceil((INLINE_COMPRESSION_LIMIT * 3) / 40));
    expect(Buffer.byteLength(large)).toBeGreaterThan(INLINE_COMPRESSION_LIMIT);
    app.get('/small', (_req, res) => res.type('text/html').send(small));
    app.get('/large', (_req, res) => res.type('text/html').send(large));
    app.get('/json', (_req, res) => res.json({ rows: page(100) }));
    for (const [path, text] of [
      ['/small', small],
      ['/large', large],
      ['/json', JSON.stringify({ rows: page(100) })],
    ] as const) {
      const br = await raw(app, path, { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(Number(br.headers['content-length']), path).toBe(br.body.length);
      expect(brotliDecompressSync(br.body).toString('utf8'), path).toBe(text);
      const gz = await raw(app, path, { 'Accept-Encoding': 'gzip, br;q=0' });
      expect(gz.headers['content-encoding'], path).toBe('gzip');
      expect(gunzipSync(gz.body).toString('utf8'), path).toBe(text);
      expect(gz.body.length, path).toBeLessThan(Buffer.byteLength(text) / 2);
    }
  });

  it('leaves alone a body written in pieces, a no-transform answer and a HEAD', async () => {
    const app = express();
    app.use(compressResponses());
    const text = '<p>Kanal</p>'.repeat(400);
    app.get('/pieces', (_req, res) => {
      res.type('text/html');
      res.write(text.slice(0, 100));
      res.end(text.slice(100));
    });
    app.get('/no-transform', (_req, res) =>
      res.set('Cache-Control', 'no-transform').type('text/html').send(text),
    );
    app.get('/page', (_req, res) => res.type('text/html').send(text));
    const pieces = await raw(app, '/pieces', { 'Accept-Encoding': 'br' });
    expect(pieces.headers['content-encoding']).toBeUndefined();
    expect(pieces.body.toString('utf8')).toBe(text);
    const kept = await raw(app, '/no-transform', { 'Accept-Encoding': 'br' });
    expect(kept.headers['content-encoding']).toBeUndefined();
    expect(kept.body.toString('utf8')).toBe(text);
    const head = await request(app).head('/page').set('Accept-Encoding', 'br').expect(200);
    expect(head.headers['content-encoding']).toBeUndefined();
  });

  it('prefers Brotli among equally accepted encodings, and honours q-values', () => {
    const pick = (header: string | undefined) =>
      chooseEncoding({ headers: header === undefined ? {} : { 'accept-encoding': header } } as never);
    expect(pick('gzip, deflate, br, zstd')).toBe('br');
    expect(pick('gzip, deflate, br')).toBe('br');
    expect(pick('br;q=0.5, gzip')).toBe('gzip');
    expect(pick('gzip;q=0.8, br;q=0.9')).toBe('br');
    expect(pick('br;q=0, *')).toBe('gzip');
    expect(pick('*')).toBe('br');
    expect(pick('deflate')).toBe('identity');
    expect(pick('identity')).toBe('identity');
    expect(pick(undefined)).toBe('identity');
  });

  it('knows which types are text', () => {
    for (const yes of [
      'text/html; charset=utf-8',
      'text/css',
      'application/json',
      'image/svg+xml',
      'text/javascript',
    ])
      expect(isCompressibleType(yes), yes).toBe(true);
    for (const no of [
      'image/png',
      'image/jpeg',
      'font/woff2',
      'application/zip',
      'application/gzip',
      undefined,
    ])
      expect(isCompressibleType(no), String(no)).toBe(false);
  });
});

describe('a body served many times (Precompressed)', () => {
  /** Varied, compressible HTML of about 50 kB, like a report (words drawn by a fixed LCG). */
  const html = (() => {
    const words =
      'the a channel customers whatsapp telegram email reach percent of your shop owner plan keep add consider skip because poll age under thirty forty fifty share broadcast list address'.split(
        ' ',
      );
    let x = 1;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    let text = '';
    while (text.length < 50_000) {
      text += `<p class="r${Math.floor(next() * 50)}">`;
      for (let i = 0; i < 12; i++)
        text += `${words[Math.floor(next() * words.length)]} ${next() < 0.2 ? `${Math.floor(next() * 1000)}% ` : ''}`;
      text += '</p>\n';
    }
    return Buffer.from(text);
  })();

  it('is recompressed at the best quality once much asked for in Brotli, still decoding to the body', {
    timeout: 30_000,
  }, async () => {
    const grown: number[] = [];
    const page = new Precompressed(html, 'text/html; charset=utf-8', '"e"', (n) => grown.push(n));
    const app = express();
    app.get('/', (req, res) => page.send(req, res));
    const get = (encoding: string) => raw(app, '/', { 'accept-encoding': encoding });

    const first = await get('br');
    expect(brotliDecompressSync(first.body).equals(html)).toBe(true);
    expect(grown).toEqual([first.body.length]);
    // Gzip requests do not count; Brotli ones up to one short of the mark change nothing.
    for (let i = 0; i < 3; i++) await get('gzip');
    for (let i = 2; i < HOT_REQUESTS; i++) expect((await get('br')).body.equals(first.body)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(grown).toHaveLength(2); // the first Brotli form and the gzip form
    expect((await get('br')).body.equals(first.body)).toBe(true); // the one that starts it

    await vi.waitFor(() => expect(grown).toHaveLength(3), { timeout: 15_000 });
    const best = await get('br');
    expect(best.body.length).toBeLessThan(first.body.length);
    expect(brotliDecompressSync(best.body).equals(html)).toBe(true);
    expect(grown[2]).toBe(best.body.length - first.body.length);
    expect(page.bytes).toBe(html.length + best.body.length + grown[1]!);
    expect(best.headers['content-length']).toBe(String(best.body.length));
  });
});
