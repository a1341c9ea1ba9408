/**
 * Fingerprinted static files (src/web/assets.ts, decisions 024 and 029): asset() names a file by
 * its content, that name is cached for a year (immutable), the plain name only briefly; a stale
 * fingerprint of a known file is redirected (never stored) to the current one, unknown names are
 * not found, and nothing outside public/ is ever served.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_DIR } from '../../src/web/app.js';
import {
  contentHash,
  fingerprinted,
  IMMUTABLE,
  loadAssets,
  NOT_STORED,
  SHORT_LIVED,
  withoutFingerprint,
} from '../../src/web/assets.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
let dir: string | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function appOn(folder: string, production: boolean) {
  const assets = loadAssets(folder, { production });
  const app = express();
  app.use('/static', assets.middleware);
  return { app, assets };
}

describe('the fingerprint', () => {
  it('changes with any byte of the content, and only with the content', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, at, flip) => {
          const body = Buffer.from(bytes);
          const changed = Buffer.from(bytes);
          const i = at % changed.length;
          changed[i] = (changed[i] ?? 0) ^ flip;
          expect(contentHash(body)).toMatch(/^[0-9a-f]{10}$/);
          expect(contentHash(Buffer.from(bytes))).toBe(contentHash(body));
          expect(contentHash(changed)).not.toBe(contentHash(body));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('goes before the extension, and comes off again', () => {
    const hash = contentHash(Buffer.from('a { color: red }'));
    for (const name of ['css/main.css', 'favicon.svg', 'js/enhance.js', 'a.b/c.d.woff2']) {
      const named = fingerprinted(name, hash);
      expect(named.endsWith(path.posix.extname(name))).toBe(true);
      expect(named).toContain(`.${hash}.`);
      expect(withoutFingerprint(named)).toBe(name);
    }
    expect(withoutFingerprint('css/main.css')).toBeUndefined();
    expect(withoutFingerprint('css/main.0123.css')).toBeUndefined();
  });
});

describe('static files', () => {
  it('names each file by its content and serves that name for a year', async () => {
    const { app, assets } = appOn(PUBLIC_DIR, true);
    const css = readFileSync(path.join(PUBLIC_DIR, 'css', 'main.css'));
    const url = assets.url('css/main.css');
    expect(url).toBe(`/static/css/main.${contentHash(css)}.css`);
    expect(url).toMatch(/^\/static\/css\/main\.[0-9a-f]{10}\.css$/);
    const res = await request(app).get(url).set('Accept-Encoding', 'identity').expect(200);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.text).toBe(css.toString('utf8'));
  });

  it('serves the plain name too, short-lived', async () => {
    const { app } = appOn(PUBLIC_DIR, true);
    const res = await request(app).get('/static/js/enhance.js').expect(200);
    expect(res.headers['cache-control']).toBe(SHORT_LIVED);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('answers 304 to a browser that has the file already', async () => {
    const { app, assets } = appOn(PUBLIC_DIR, true);
    const first = await request(app).get(assets.url('favicon.svg')).expect(200);
    await request(app)
      .get(assets.url('favicon.svg'))
      .set('If-None-Match', String(first.headers.etag))
      .expect(304);
  });

  it('redirects a stale fingerprint to the current name, and is never stored', async () => {
    const { app, assets } = appOn(PUBLIC_DIR, true);
    const res = await request(app).get('/static/css/main.0000000000.css').expect(302);
    expect(res.headers.location).toBe(assets.url('css/main.css'));
    expect(res.headers['cache-control']).toBe(NOT_STORED);
    // A fingerprint of a file that does not exist is not found.
    await request(app).get('/static/css/nope.0000000000.css').expect(404);
  });

  it('finds nothing outside public/', async () => {
    const { app } = appOn(PUBLIC_DIR, true);
    await request(app).get('/static/../package.json').expect(404);
    await request(app).get('/static/%2e%2e/package.json').expect(404);
    await request(app).get('/static/css/').expect(404);
    expect(() => loadAssets(PUBLIC_DIR, { production: true }).url('css/nope.css')).toThrow(
      /public\/css\/nope\.css/,
    );
  });

  it('gives a changed file a new name (read again outside production)', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kanal-assets-'));
    mkdirSync(path.join(dir, 'css'));
    writeFileSync(path.join(dir, 'css', 'a.css'), 'a { color: red }');
    const { app, assets } = appOn(dir, false);
    const before = assets.url('css/a.css');
    writeFileSync(path.join(dir, 'css', 'a.css'), 'a { color: blue }');
    // A different mtime is what the check looks at; make sure it differs.
    const later = new Date(Date.now() + 5_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(path.join(dir, 'css', 'a.css'), later, later);
    const after = assets.url('css/a.css');
    expect(after).not.toBe(before);
    expect(after).toBe(
      `/static/${fingerprinted('css/a.css', contentHash(Buffer.from('a { color: blue }')))}`,
    );
    const res = await request(app).get(after).expect(200);
    expect(res.text).toBe('a { color: blue }');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    // A page still naming the old version is sent to the new one, not given it under the old name.
    const old = await request(app).get(before).expect(302);
    expect(old.headers.location).toBe(after);
  });

  it('is mounted in the app, which gives views an asset() helper', async () => {
    t = makeTestApp();
    const url = (t.app.locals.asset as (p: string) => string)('css/kit.css');
    const res = await request(t.app).get(url).expect(200);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    // Outside production the plain name is revalidated every time.
    const plain = await request(t.app).get('/static/css/kit.css').expect(200);
    expect(plain.headers['cache-control']).toBe('no-cache');
  });
});
