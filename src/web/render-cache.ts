/**
 * The render cache of the report and kit pages (docs/decisions/024-fast-pages.md).
 *
 * A plan's pages are the same for every visitor who reads the same version of the plan in the
 * same language through the same address, so they are rendered once and kept, with their
 * compressed forms, in a bounded LRU (entries and bytes) whose entries also expire (TTL), so the
 * HTML of a deleted plan does not stay in memory for long on any instance.
 *
 * The key is (page, plan id hash, the stored row's stamp, language, origin, variant):
 * - the stamp is a digest of the stored row (PlanStamp), read on every request, so a change made
 *   through any instance is seen at once, and a plan deleted or expired is never served; the
 *   same read says whether the plan has a poll (PlanVersion.hasPoll);
 * - the origin (protocol and Host) is in the key because the report prints its own full address
 *   (and its QR code) when BASE_URL is not set;
 * - the variant is what a page shows from outside the plan's row, read on every request of a
 *   plan with a poll (for one without, it is a constant): the kit's is whether the plan's poll
 *   is open (the kit then prints the poll's poster and cards), the report's a digest of its
 *   customer-poll section (routes-poll.ts pollReportVariant), whose results change at most
 *   daily; so opening, closing or a new day's results change the key.
 * What is per visitor stays out: the owner key shown once (a visitor with the owner-once cookie
 * gets a fresh render, never stored), and the cookies (anonymous id, CSRF) are response headers
 * set by the middleware before the page, never part of the cached body. Neither page has a form.
 *
 * Two ends (decision 035): the early hit (cachedPlanPageHit), mounted before the form
 * middleware, looks the page up and sends a hit; on a miss the page's own route runs unchanged
 * (cachedPlanPage), its `res.render` captured so that the HTML it renders is stored and sent,
 * byte for byte what it would have sent.
 */
import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Store } from '../db/store.js';
import { Precompressed } from './compression.js';
import { cookieValue } from './cookies.js';
import { hashSecret, isSecretShaped } from './secrets.js';

/** What one read of a stored plan's version finds (PlanStamp). */
export interface PlanVersion {
  /** An opaque digest of the plan's row that changes whenever anything in it changes. */
  readonly stamp: string;
  /**
   * Whether the plan has a customer poll, open or closed, read with the stamp (one query): a
   * page's variant reads the poll only when there is one. True when it is not known. So the
   * stamp must read the database the poll service writes to, as openStore pairs them.
   */
  readonly hasPoll: boolean;
}

/** A stored plan's version; undefined when loadPlan would find nothing (no such plan, or expired). */
export type PlanStamp = (idHash: string, now: Date) => Promise<PlanVersion | undefined>;

/** A stamp for any store: loads and digests the plan (what a dedicated stamp query avoids). */
export function stampFromStore(store: Pick<Store, 'loadPlan'>): PlanStamp {
  return async (idHash, now) => {
    const stored = await store.loadPlan(idHash, now);
    if (stored === undefined) return undefined;
    // Whether it has a poll is not known here: the variants read the poll.
    return { stamp: createHash('sha256').update(JSON.stringify(stored)).digest('base64url'), hasPoll: true };
  };
}

export interface RenderCacheOptions {
  /** At most this many pages (default 2,000). */
  readonly maxEntries?: number;
  /** At most this many bytes of HTML, compressed forms included (default 32 MiB). */
  readonly maxBytes?: number;
  /** A page is dropped this long after it was rendered (default 10 minutes). */
  readonly ttlMs?: number;
  /** Milliseconds now (tests pass their own). */
  readonly now?: () => number;
}

interface Entry {
  readonly page: Precompressed;
  readonly planHash: string;
  readonly expiresAt: number;
  bytes: number;
}

const HTML = 'text/html; charset=utf-8';

export class RenderCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly ttlMs: number;
  private readonly now: () => number;
  /** In LRU order: the first is the least recently used. */
  private readonly entries = new Map<string, Entry>();
  private readonly byPlan = new Map<string, Set<string>>();
  private held = 0;
  private lastSweep = 0;
  hits = 0;
  misses = 0;

  constructor(options: RenderCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2_000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held (HTML and compressed forms). */
  get bytes(): number {
    return this.held;
  }

  get(key: string): Precompressed | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.misses += 1;
      return undefined;
    }
    if (entry.expiresAt <= this.now()) {
      this.remove(key);
      this.misses += 1;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits += 1;
    return entry.page;
  }

  /** Stores a rendered page (replacing any under the same key) and returns it ready to send. */
  set(key: string, planHash: string, html: string): Precompressed {
    this.remove(key);
    this.sweep();
    const body = Buffer.from(html, 'utf8');
    const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
    const entry: Entry = {
      planHash,
      expiresAt: this.now() + this.ttlMs,
      bytes: body.length,
      page: new Precompressed(body, HTML, etag, (grown) => {
        // A compressed form finished: count it, unless the entry has gone meanwhile.
        if (this.entries.get(key) !== entry) return;
        entry.bytes += grown;
        this.held += grown;
        this.evict();
      }),
    };
    if (body.length > this.maxBytes) return entry.page;
    this.entries.set(key, entry);
    this.held += entry.bytes;
    let keys = this.byPlan.get(planHash);
    if (keys === undefined) {
      keys = new Set();
      this.byPlan.set(planHash, keys);
    }
    keys.add(key);
    this.evict();
    return entry.page;
  }

  /** Drops every page of a plan (it was deleted or has expired). */
  forgetPlan(planHash: string): void {
    const keys = this.byPlan.get(planHash);
    if (keys === undefined) return;
    for (const key of [...keys]) this.remove(key);
  }

  clear(): void {
    this.entries.clear();
    this.byPlan.clear();
    this.held = 0;
  }

  /** Whether any page held contains `text` (tests: nothing per visitor is ever cached). */
  holdsText(text: string): boolean {
    for (const e of this.entries.values()) if (e.page.identity.includes(text)) return true;
    return false;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.held -= entry.bytes;
    const keys = this.byPlan.get(entry.planHash);
    keys?.delete(key);
    if (keys?.size === 0) this.byPlan.delete(entry.planHash);
  }

  private evict(): void {
    while (this.entries.size > this.maxEntries || this.held > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.remove(oldest.value);
    }
  }

  /** Drops expired pages, at most once a minute (a walk over at most maxEntries). */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, e] of this.entries) if (e.expiresAt <= now) this.remove(key);
  }
}

export type PlanPage = 'report' | 'kit';

export interface PlanPageCaching {
  readonly cache: RenderCache;
  readonly stamp: PlanStamp;
  readonly clock: () => Date;
  /** Requests that must get a fresh page, never stored (the owner key shown once). */
  readonly bypass: (req: Request) => boolean;
}

/**
 * What else a page shows that is not in the plan's row (the kit: whether the plan's poll is
 * open; the report: its poll section), read on every request like the stamp; part of the key.
 * It is given the version the stamp read found, so a plan without a poll costs no other query.
 */
export type PageVariant = (
  req: Request,
  res: Response,
  idHash: string,
  version: PlanVersion,
) => Promise<string>;

/** The cache key; every part is in it, separated by a character none of them holds. */
export function pageKey(parts: {
  page: PlanPage;
  idHash: string;
  stamp: string;
  language: string;
  origin: string;
  variant?: string;
}): string {
  return [parts.page, parts.idHash, parts.stamp, parts.language, parts.origin, parts.variant ?? ''].join(
    '\n',
  );
}

/** A page's place in the cache: its key and its plan's id hash. */
interface Found {
  readonly key: string;
  readonly idHash: string;
}

/**
 * This request's page key, or undefined when the page is not cached: not a link's shape, a
 * visitor who must get a fresh page (bypass), or no such plan (its pages are then forgotten).
 */
async function findPage(
  page: PlanPage,
  c: PlanPageCaching,
  req: Request,
  res: Response,
  variant: PageVariant | undefined,
): Promise<Found | undefined> {
  const id: unknown = req.params.id;
  if (!isSecretShaped(id) || c.bypass(req)) return undefined;
  const idHash = hashSecret(id);
  const version = await c.stamp(idHash, c.clock());
  if (version === undefined) {
    c.cache.forgetPlan(idHash);
    return undefined;
  }
  const key = pageKey({
    page,
    idHash,
    stamp: version.stamp,
    // The page's language is known only once the plan is loaded: a reader's own choice
    // (cookie) gives that language, otherwise the plan's stored one (in the stamp) or the
    // negotiated one. So a chosen and a negotiated language are different keys (decision 027).
    language: `${res.locals.languageSource === 'cookie' ? '' : '~'}${String(res.locals.language)}`,
    origin: `${req.protocol}://${req.get('host') ?? ''}`,
    variant: variant === undefined ? '' : await variant(req, res, idHash, version),
  });
  return { key, idHash };
}

/** The page the early hit looked up and missed, for the route to render and keep. */
const missed = new WeakMap<Response, Found>();

/**
 * The early hit (decision 035): mounted before the form, cookie and CSRF middleware, which a
 * cached page needs none of (it has no form, sets no cookie and answers GET only), it sends a
 * hit from memory with `headers` (the private pages' headers) and passes anything else on to
 * the page's route (cachedPlanPage), which then renders the page and keeps it.
 */
export function cachedPlanPageHit(
  page: PlanPage,
  c: PlanPageCaching,
  headers: (res: Response) => void,
  variant?: PageVariant,
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const found = await findPage(page, c, req, res, variant);
    const hit = found === undefined ? undefined : c.cache.get(found.key);
    if (hit !== undefined) {
      headers(res);
      return hit.send(req, res);
    }
    if (found !== undefined) missed.set(res, found);
    return next();
  };
}

/**
 * Wraps a plan page's handler (GET /r/:id, GET /r/:id/kit): when the early hit missed a page it
 * could keep, the handler runs as it is and the page it renders (status 200) is kept and sent.
 * Anything else (no early hit on this request, a page that is not kept) renders as it is.
 */
export function cachedPlanPage(c: PlanPageCaching, handler: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const found = missed.get(res);
    if (found !== undefined) {
      captureRender(res, next, (html) => {
        const fresh = c.cache.set(found.key, found.idHash, html);
        return fresh.send(req, res);
      });
    }
    return handler(req, res, next);
  };
}

/** Replaces this response's render with one that hands a 200 page's HTML to `keep`. */
function captureRender(res: Response, next: NextFunction, keep: (html: string) => Promise<void>): void {
  const render = res.render.bind(res);
  res.render = ((view: string, options?: object | RenderCallback, callback?: RenderCallback) => {
    if (typeof options === 'function' || callback !== undefined || res.statusCode !== 200) {
      return render(view, options as object, callback);
    }
    render(view, options ?? {}, (err, html) => {
      if (err) return next(err);
      keep(html).catch(next);
    });
  }) as Response['render'];
}

type RenderCallback = (err: Error, html: string) => void;

/** What the app needs to cache its plan pages (AppDeps: renderCache, planStamp, store, clock). */
export interface PlanPageDeps {
  readonly renderCache?: RenderCache | false;
  readonly planStamp?: PlanStamp;
  readonly store: Pick<Store, 'loadPlan'>;
  readonly clock: () => Date;
  /** The name of the cookie that carries the owner key shown once (security.ts cookieNames). */
  readonly ownerOnceCookie: string;
}

/** The cache's two ends for the report and kit pages (planPageCache). */
export interface PlanPageCache {
  /** Wraps a page's handler: the page the early hit missed is rendered and kept. */
  readonly page: (handler: RequestHandler) => RequestHandler;
  /** The early hit of a page, for a route mounted before the form middleware. */
  readonly hit: (page: PlanPage, headers: (res: Response) => void, variant?: PageVariant) => RequestHandler;
}

/**
 * The report and kit handlers wrapped with the cache (`renderCache: false` turns it off; without
 * a `planStamp` the stamp comes from loadPlan, which still saves the render).
 */
export function planPageCache(deps: PlanPageDeps): PlanPageCache {
  if (deps.renderCache === false) {
    return { page: (handler) => handler, hit: () => (_req, _res, next) => next() };
  }
  const caching: PlanPageCaching = {
    cache: deps.renderCache ?? new RenderCache(),
    stamp: deps.planStamp ?? stampFromStore(deps.store),
    clock: deps.clock,
    // Read from the header: the early hit runs before cookie-parser.
    bypass: (req) => cookieValue(req.headers.cookie, deps.ownerOnceCookie) !== undefined,
  };
  return {
    page: (handler) => cachedPlanPage(caching, handler),
    hit: (page, headers, variant) => cachedPlanPageHit(page, caching, headers, variant),
  };
}
