/**
 * Static files (public/ under /static), fingerprinted (docs/decisions/024-fast-pages.md).
 *
 * Every file is read once at start-up and named by its content: `asset('css/main.css')` gives
 * `/static/css/main.<hash>.css`, served with `Cache-Control: public, max-age=31536000, immutable`
 * (a new version has a new name, so a browser never needs to ask again). The plain name
 * (`/static/css/main.css`) still works, cached for a short while only, and a fingerprint that is
 * no longer current (a page from before a deploy, or from another instance mid-deploy) is
 * redirected to the current one, never cached (docs/decisions/029-static-files.md). Text files
 * go out compressed (brotli or gzip, made once). Only the files found at start-up are served: a
 * request never reaches the file system. Outside production a changed file is read again (its
 * hash changes), so editing CSS needs no restart.
 *
 * Views link every file through `asset()` (views/partials/static-links.ejs).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { Precompressed } from './compression.js';

export const STATIC_PREFIX = '/static';
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Plain (unfingerprinted) names: a browser may keep them five minutes, then asks again. */
export const SHORT_LIVED = 'public, max-age=300';
/** A redirect from a stale fingerprint: where it leads changes with the next deploy. */
export const NOT_STORED = 'no-store';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

interface Asset {
  /** The path under public/, with forward slashes: css/main.css */
  readonly name: string;
  readonly file: string;
  readonly hash: string;
  readonly hashedName: string;
  readonly body: Precompressed;
  readonly mtimeMs: number;
}

export interface StaticAssets {
  /** The fingerprinted address of a file under public/ ("css/main.css"); throws for an unknown file. */
  url(name: string): string;
  /** Serves /static/* (mount at STATIC_PREFIX); unknown names go to next(). */
  readonly middleware: RequestHandler;
}

/** The first 10 hex digits of the SHA-256 of the content: the name changes with any byte. */
export function contentHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 10);
}

/** css/main.css + hash → css/main.<hash>.css */
export function fingerprinted(name: string, hash: string): string {
  const ext = path.posix.extname(name);
  return `${name.slice(0, name.length - ext.length)}.${hash}${ext}`;
}

/** css/main.<10 hex digits>.css → css/main.css; undefined for a name without a fingerprint. */
export function withoutFingerprint(name: string): string | undefined {
  const m = /^(.*)\.[0-9a-f]{10}(\.[^./]+)$/.exec(name);
  return m === null ? undefined : `${m[1]}${m[2]}`;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

function readAsset(dir: string, name: string): Asset {
  const file = path.join(dir, ...name.split('/'));
  const bytes = readFileSync(file);
  const hash = contentHash(bytes);
  const type = TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
  return {
    name,
    file,
    hash,
    hashedName: fingerprinted(name, hash),
    body: new Precompressed(bytes, type, `"${hash}"`),
    mtimeMs: statSync(file).mtimeMs,
  };
}

export function loadAssets(dir: string, options: { readonly production: boolean }): StaticAssets {
  const byName = new Map<string, Asset>();
  const byHashedName = new Map<string, Asset>();
  const put = (a: Asset) => {
    const old = byName.get(a.name);
    if (old !== undefined) byHashedName.delete(old.hashedName);
    byName.set(a.name, a);
    byHashedName.set(a.hashedName, a);
  };
  for (const name of listFiles(dir)) put(readAsset(dir, name));

  /** Outside production: reads a file again when it changed on disk. */
  const current = (a: Asset): Asset => {
    if (options.production) return a;
    try {
      if (statSync(a.file).mtimeMs === a.mtimeMs) return a;
      const fresh = readAsset(dir, a.name);
      put(fresh);
      return fresh;
    } catch {
      return a;
    }
  };

  const url = (name: string): string => {
    const clean = name.replace(/^\/+/, '');
    const a = byName.get(clean);
    if (a === undefined) throw new Error(`No static file public/${clean}.`);
    return `${STATIC_PREFIX}/${current(a).hashedName}`;
  };

  const middleware: RequestHandler = (req, res, next) => {
    let rel: string;
    try {
      rel = decodeURIComponent(req.path).replace(/^\/+/, '');
    } catch {
      return next();
    }
    const plain = byName.get(rel);
    if (plain !== undefined) {
      res.setHeader('Cache-Control', options.production ? SHORT_LIVED : 'no-cache');
      current(plain).body.send(req, res).catch(next);
      return;
    }
    // A fingerprinted name: the file it names, or (stale) the current name of that file.
    const hashed = byHashedName.get(rel);
    const base = withoutFingerprint(rel);
    const stale = hashed !== undefined || base === undefined ? undefined : byName.get(base);
    const now = hashed ?? (stale === undefined ? undefined : current(stale));
    if (now === undefined) return next();
    // (Outside production the stale name may be the one just read again: then it is current.)
    if (now.hashedName === rel) {
      res.setHeader('Cache-Control', IMMUTABLE);
      now.body.send(req, res).catch(next);
      return;
    }
    res.setHeader('Cache-Control', NOT_STORED);
    res.redirect(302, `${STATIC_PREFIX}/${now.hashedName}`);
  };

  return { url, middleware };
}
