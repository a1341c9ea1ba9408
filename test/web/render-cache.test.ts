/**
 * The render cache (src/web/render-cache.ts, decision 024): a cached page is byte for byte the
 * page a fresh render gives, a change to the stored row is seen at once (even within the same
 * millisecond), a deleted plan is never served, and nothing per visitor (cookies, CSRF token,
 * the owner key shown once) is ever stored or shown to another visitor. Plus the LRU's bounds.
 */
import { brotliDecompressSync } from 'node:zlib';
import fc from 'fast-check';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { sqlitePlanStamp } from '../../src/db/plan-stamp.js';
import { validateAnswers } from '../../src/domain/answers.js';
import { RenderCache } from '../../src/web/render-cache.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let opened: TestApp[] = [];
afterEach(() => {
  for (const t of opened) t.close();
  opened = [];
});

/** A reference app that renders every time, and a caching instance on the same database. */
function pair(cache = new RenderCache()) {
  const ref = makeTestApp({ renderCache: false });
  opened.push(ref);
  const cached = makeTestApp({
    sameDatabaseAs: ref,
    seed: 'cached-app',
    renderCache: cache,
    planStamp: sqlitePlanStamp(ref.db),
    config: { ALLOWED_HOSTS: ['one.test', 'two.test'] },
  }).app;
  return { ref, cached, cache };
}

async function makePlan(t: TestApp): Promise<{ id: string; ownerKey: string }> {
  const res = await request(t.app).post('/api/v1/plans').send(SALON_ANSWERS).expect(201);
  return res.body as { id: string; ownerKey: string };
}

const HOST = 'kanal.test';

/** A GET with a fixed Host: supertest's own Host names a new port on every request. */
const get = (app: Parameters<typeof request>[0], path: string, host = HOST) =>
  request(app).get(path).set('Host', host);

describe('the report and kit pages from the render cache', () => {
  it.each(['', '/kit'])(
    'serves /r/:id%s byte-identical to a fresh render, from memory the second time',
    async (suffix) => {
      const { ref, cached, cache } = pair();
      const { id } = await makePlan(ref);
      const fresh = await get(ref.app, `/r/${id}${suffix}`).set('Host', HOST).expect(200);
      const first = await get(cached, `/r/${id}${suffix}`).set('Host', HOST).expect(200);
      expect([cache.hits, cache.misses]).toEqual([0, 1]);
      const second = await get(cached, `/r/${id}${suffix}`).set('Host', HOST).expect(200);
      // Looked up once per request: the early hit's miss is not counted again by the route.
      expect([cache.hits, cache.misses]).toEqual([1, 1]);
      // The hit, served before the form and cookie middleware (decision 035), carries the same
      // headers as the page rendered through the whole chain, cookies apart.
      const headers = (h: Record<string, string>) => {
        const { date: _date, 'set-cookie': _cookies, ...rest } = h;
        return rest;
      };
      expect(headers(second.headers)).toEqual(headers(first.headers));
      // A cached page has its own ETag, so a browser that has it gets a 304.
      expect(second.headers.etag).toMatch(/^"[\w-]+"$/);
      await get(cached, `/r/${id}${suffix}`).set('If-None-Match', String(second.headers.etag)).expect(304);
      expect(first.text).toBe(fresh.text);
      expect(second.text).toBe(fresh.text);
      expect(second.headers['content-type']).toBe(fresh.headers['content-type']);
      // The private-page headers still apply to a page from the cache.
      expect(second.headers['cache-control']).toBe('no-store');
      expect(second.headers['x-robots-tag']).toBe('noindex, nofollow');
    },
  );

  it('sees a change at once, even one made in the same millisecond (the fixed test clock)', async () => {
    const { ref, cached } = pair();
    const { id } = await makePlan(ref);
    const before = await get(cached, `/r/${id}`).expect(200);
    const answers = validateAnswers({
      ...SALON_ANSWERS,
      business: { ...SALON_ANSWERS.business, name: 'Kopi Corner' },
    });
    if (!answers.ok) throw new Error('test answers do not validate');
    const changed = await ref.store.replacePlan(hashSecret(id), {
      answers: answers.value,
      plan: ref.planner(answers.value, 'en'),
      now: ref.now,
    });
    expect(changed).toBe(true);
    const after = await get(cached, `/r/${id}`).expect(200);
    const fresh = await get(ref.app, `/r/${id}`).expect(200);
    expect(before.text).toContain('Enso Hair Studio');
    expect(after.text).toContain('Kopi Corner');
    expect(after.text).toBe(fresh.text);
  });

  it('stamps a row anew when any of its columns changes, and not when none does', async () => {
    const { ref } = pair();
    const { id } = await makePlan(ref);
    const read = sqlitePlanStamp(ref.db);
    const stamp = async (h: string, at: Date) => (await read(h, at))?.stamp;
    const idHash = hashSecret(id);
    const seen = new Set([await stamp(idHash, ref.now)]);
    expect(await stamp(idHash, ref.now)).toBe([...seen][0]);
    for (const column of ['answers', 'plan', 'previous', 'created_at', 'updated_at', 'expires_at']) {
      // A trailing space keeps the JSON and ISO texts readable; only the bytes change.
      ref.db
        .prepare(`UPDATE plans SET ${column} = coalesce(${column}, '') || ' ' WHERE id_hash = ?`)
        .run(idHash);
      const next = await stamp(idHash, ref.now);
      expect(next, column).toBeDefined();
      expect(seen.has(next as string), column).toBe(false);
      seen.add(next as string);
    }
    expect(await stamp(hashSecret(`${id.slice(0, -1)}x`), ref.now)).toBeUndefined();
  });

  it('never serves a deleted or expired plan, and forgets its pages', async () => {
    const { ref, cached, cache } = pair();
    const a = await makePlan(ref);
    const b = await makePlan(ref);
    await get(cached, `/r/${a.id}`).expect(200);
    await get(cached, `/r/${a.id}/kit`).expect(200);
    await get(cached, `/r/${b.id}`).expect(200);
    expect(cache.size).toBe(3);
    expect(await ref.store.deletePlan(hashSecret(a.id))).toBe(true);
    await get(cached, `/r/${a.id}`).expect(404);
    expect(cache.size).toBe(1);
    ref.now = new Date(ref.now.getTime() + 181 * 86_400_000);
    await get(cached, `/r/${b.id}`).expect(404);
    expect(cache.size).toBe(0);
  });

  it('keeps pages apart by the address they print (protocol and Host)', async () => {
    const { ref, cached } = pair();
    const { id } = await makePlan(ref);
    const one = await get(cached, `/r/${id}`).set('Host', 'one.test').expect(200);
    const two = await get(cached, `/r/${id}`).set('Host', 'two.test').expect(200);
    expect(one.text).toContain(`http://one.test/r/${id}`);
    expect(two.text).toContain(`http://two.test/r/${id}`);
    expect(two.text).not.toContain('one.test');
  });

  it('stores nothing per visitor: cookies and CSRF tokens stay in headers, the owner key is never cached', async () => {
    const { ref, cached, cache } = pair();
    const { id, ownerKey } = await makePlan(ref);
    // Visitor A gets cookies (anonymous id, CSRF) with the page.
    const a = await get(cached, `/r/${id}`).expect(200);
    const cookiesA = (a.headers['set-cookie'] as unknown as string[]) ?? [];
    const values = cookiesA.map((c) => c.split(';')[0]?.split('=')[1] ?? '').filter((v) => v.length > 8);
    expect(values.length).toBeGreaterThanOrEqual(2);
    // Visitor B's page, from the cache, shows none of A's values; B gets cookies of its own.
    const b = await get(cached, `/r/${id}`).expect(200);
    expect(cache.hits).toBe(1);
    for (const v of values) {
      expect(b.text).not.toContain(v);
      expect(cache.holdsText(v)).toBe(false);
      expect(String(b.headers['set-cookie'])).not.toContain(v);
    }
    // The owner, back from making the plan with the owner-once cookie, gets a page of their own
    // (fresh, never stored) that leads to the key slip; the key itself is never on the report...
    const slip = `/r/${id}/key`;
    const owner = await get(cached, `/r/${id}`).set('Cookie', `kanal.owner-once=${ownerKey}`).expect(200);
    expect(owner.text).toContain(slip);
    expect(owner.text).not.toContain(ownerKey);
    // ...and nobody after them gets that page, nor does the cache hold it.
    expect(cache.holdsText(ownerKey)).toBe(false);
    expect(cache.holdsText(slip)).toBe(false);
    const later = await get(cached, `/r/${id}`).expect(200);
    expect(later.text).not.toContain(slip);
    expect(later.text).toBe(b.text);
  });

  it('sends the cached page compressed when asked, the same bytes once decompressed', async () => {
    const { ref, cached } = pair();
    const { id } = await makePlan(ref);
    const plain = await get(cached, `/r/${id}`).set('Accept-Encoding', 'identity').expect(200);
    const br = await get(cached, `/r/${id}`)
      .set('Accept-Encoding', 'br')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.headers['content-encoding']).toBeUndefined();
    // superagent may already have decoded it; either way the text is the page's.
    const body = br.body as Buffer;
    const text = body.toString('utf8').includes('<html')
      ? body.toString('utf8')
      : brotliDecompressSync(body).toString('utf8');
    expect(text).toBe(plain.text);
  });
});

describe('RenderCache bounds', () => {
  it('drops the least recently used page beyond maxEntries', () => {
    const cache = new RenderCache({ maxEntries: 2 });
    cache.set('a', 'p1', 'A');
    cache.set('b', 'p2', 'B');
    expect(cache.get('a')?.identity.toString()).toBe('A');
    cache.set('c', 'p3', 'C');
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.identity.toString()).toBe('A');
    expect(cache.get('c')?.identity.toString()).toBe('C');
  });

  it('drops pages once they are older than the TTL', () => {
    let now = 1_000;
    const cache = new RenderCache({ ttlMs: 100, now: () => now });
    cache.set('a', 'p', 'A');
    now += 99;
    expect(cache.get('a')).toBeDefined();
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('never holds more than its bounds, and a hit is always the page last stored under its key', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('get', 'set', 'forget'),
            fc.integer({ min: 0, max: 6 }),
            fc.string({ maxLength: 40 }),
          ),
          { maxLength: 80 },
        ),
        (ops) => {
          const cache = new RenderCache({ maxEntries: 4, maxBytes: 100 });
          const last = new Map<string, string>();
          for (const [op, k, html] of ops) {
            const key = `k${k}`;
            const plan = `p${k % 3}`;
            if (op === 'set') {
              cache.set(key, plan, html);
              last.set(key, html);
            } else if (op === 'forget') {
              cache.forgetPlan(plan);
              for (const other of [...last.keys()])
                if (Number(other.slice(1)) % 3 === k % 3) last.delete(other);
            } else {
              const hit = cache.get(key);
              if (hit !== undefined) expect(hit.identity.toString('utf8')).toBe(last.get(key));
            }
            expect(cache.size).toBeLessThanOrEqual(4);
            expect(cache.bytes).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});
