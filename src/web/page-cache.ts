/**
 * A bounded cache of rendered pages (issue 13 item 1): the report and kit of a plan are rendered
 * once per stored version and language and then served from memory.
 *
 * The key comes from the stored row: the plan's id hash, its `updatedAt` (every change on any
 * instance moves it) and the language, so a change made through another instance is seen at once,
 * without any invalidation message. The route must still load the row first (loadPlan): a deleted
 * or expired plan is a 404 before the cache is consulted, so a cached copy is never served once
 * the plan is gone. `forget(idHash)` drops the copies at once on the instance that deleted it;
 * elsewhere they age out (`ttlMs`) or are evicted (least recently used first, bounded by entries
 * and bytes).
 *
 * Per-request parts (a CSRF token, the owner key shown once, a nonce) must not be cached: render
 * them as slots, `slot('csrf')` in the template, and fill them per request with `fill(html, {...})`.
 * A slot is an HTML comment, which escaped user text can never produce.
 *
 * Wiring in the report route (webarch):
 *
 *   const pages = createPageCache();                      // once, in createApp
 *   const stored = await store.loadPlan(idHash, now);      // 404 when undefined, as today
 *   const html = await pages.get(
 *     { page: 'report', idHash, version: stored.updatedAt, language: res.locals.lang },
 *     () => renderToString('report', viewModel),          // app.render wrapped in a promise
 *   );
 *   res.type('html').send(fill(html, { csrf: res.locals.csrfToken ?? '' }));
 *
 * and `pages.forget(idHash)` after a delete (and after a change, to free memory at once).
 */

export interface PageKey {
  /** Which page of the plan: 'report', 'kit', … */
  readonly page: string;
  readonly idHash: string;
  /** The stored row's version: its updatedAt. */
  readonly version: Date | string;
  readonly language: string;
}

export interface PageCacheOptions {
  readonly maxEntries?: number;
  /** Upper bound on the cached HTML, in UTF-16 code units (about bytes for Latin text). */
  readonly maxChars?: number;
  readonly ttlMs?: number;
  readonly now?: () => number;
}

export interface PageCacheStats {
  readonly entries: number;
  readonly chars: number;
  readonly hits: number;
  readonly misses: number;
}

export interface PageCache {
  /** The page for `key`, rendered by `render` on a miss (concurrent misses render once). */
  get(key: PageKey, render: () => string | Promise<string>): Promise<string>;
  /** Drops every cached page of this plan (after a delete or change). */
  forget(idHash: string): void;
  clear(): void;
  stats(): PageCacheStats;
}

const SLOT = (name: string) => `<!--kanal-slot:${name}-->`;

/** The marker a template writes where a per-request value goes (names: letters, digits, -). */
export function slot(name: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`bad slot name ${name}`);
  return SLOT(name);
}

/** Puts per-request values (already escaped for HTML) into a cached page's slots. */
export function fill(html: string, values: Readonly<Record<string, string>>): string {
  return html.replace(/<!--kanal-slot:([a-z][a-z0-9-]*)-->/g, (marker, name: string) =>
    Object.hasOwn(values, name) ? (values[name] ?? '') : marker,
  );
}

interface Entry {
  readonly idHash: string;
  readonly html: string;
  readonly at: number;
}

function keyOf(k: PageKey): string {
  const version = typeof k.version === 'string' ? k.version : k.version.toISOString();
  return `${k.page}\u0000${k.idHash}\u0000${version}\u0000${k.language}`;
}

export function createPageCache(options: PageCacheOptions = {}): PageCache {
  const maxEntries = options.maxEntries ?? 1000;
  const maxChars = options.maxChars ?? 64 * 1024 * 1024;
  const ttl = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: re-inserting on a hit makes it an LRU list.
  const entries = new Map<string, Entry>();
  const rendering = new Map<string, Promise<string>>();
  let chars = 0;
  let hits = 0;
  let misses = 0;

  const remove = (key: string) => {
    const e = entries.get(key);
    if (e === undefined) return;
    entries.delete(key);
    chars -= e.html.length;
  };

  const put = (key: string, idHash: string, html: string) => {
    if (html.length > maxChars) return;
    remove(key);
    entries.set(key, { idHash, html, at: now() });
    chars += html.length;
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && chars <= maxChars) break;
      remove(oldest);
    }
  };

  return {
    async get(k, render) {
      const key = keyOf(k);
      const found = entries.get(key);
      if (found !== undefined && now() - found.at < ttl) {
        hits++;
        entries.delete(key);
        entries.set(key, found);
        return found.html;
      }
      if (found !== undefined) remove(key);
      misses++;
      const pending = rendering.get(key);
      if (pending !== undefined) return pending;
      const job = Promise.resolve()
        .then(render)
        .then((html) => {
          put(key, k.idHash, html);
          return html;
        })
        .finally(() => rendering.delete(key));
      rendering.set(key, job);
      return job;
    },
    forget(idHash) {
      for (const [key, e] of entries) if (e.idHash === idHash) remove(key);
    },
    clear() {
      entries.clear();
      chars = 0;
    },
    stats() {
      return { entries: entries.size, chars, hits, misses };
    },
  };
}
