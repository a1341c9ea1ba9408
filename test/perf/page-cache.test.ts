/** The bounded page cache (src/web/page-cache.ts): keyed by the stored row, bounded, per-request slots. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPageCache, fill, slot } from '../../src/web/page-cache.js';

const key = (
  idHash: string,
  version: string | Date = '2026-03-02T09:30:00.000Z',
  language = 'en',
  page = 'report',
) => ({
  page,
  idHash,
  version,
  language,
});

describe('page cache', () => {
  it('renders once per plan version and language, and again when the stored version moves', async () => {
    const cache = createPageCache();
    let renders = 0;
    const render = (text: string) => () => {
      renders++;
      return `<p>${text}</p>`;
    };
    expect(await cache.get(key('a'), render('v1'))).toBe('<p>v1</p>');
    expect(await cache.get(key('a'), render('never'))).toBe('<p>v1</p>');
    expect(await cache.get(key('a', '2026-03-02T09:30:00.000Z', 'ms'), render('ms'))).toBe('<p>ms</p>');
    expect(await cache.get(key('a', new Date('2026-03-02T10:00:00Z')), render('v2'))).toBe('<p>v2</p>');
    expect(await cache.get(key('a', '2026-03-02T09:30:00.000Z', 'en', 'kit'), render('kit'))).toBe(
      '<p>kit</p>',
    );
    expect(renders).toBe(4);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 4, entries: 4 });
  });

  it('renders once for concurrent misses, and caches nothing when rendering fails', async () => {
    const cache = createPageCache();
    let renders = 0;
    const slow = async () => {
      renders++;
      await new Promise((r) => setTimeout(r, 10));
      return 'page';
    };
    expect(await Promise.all([cache.get(key('a'), slow), cache.get(key('a'), slow)])).toEqual([
      'page',
      'page',
    ]);
    expect(renders).toBe(1);
    await expect(
      cache.get(key('b'), () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await cache.get(key('b'), () => 'ok')).toBe('ok');
  });

  it('forgets a deleted plan at once, and ages entries out', async () => {
    let t = 0;
    const cache = createPageCache({ ttlMs: 1000, now: () => t });
    await cache.get(key('a'), () => 'a1');
    await cache.get(key('a', 'v2'), () => 'a2');
    await cache.get(key('b'), () => 'b');
    cache.forget('a');
    expect(cache.stats().entries).toBe(1);
    expect(await cache.get(key('a'), () => 'fresh')).toBe('fresh');
    t = 1000;
    expect(await cache.get(key('b'), () => 'b again')).toBe('b again');
  });

  it('stays within its entry and size bounds, evicting the least recently used', () =>
    fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 400 })), {
          maxLength: 200,
        }),
        async (ops) => {
          const cache = createPageCache({ maxEntries: 8, maxChars: 1000 });
          for (const [id, size] of ops) {
            await cache.get(key(String(id)), () => 'x'.repeat(size));
            const s = cache.stats();
            expect(s.entries).toBeLessThanOrEqual(8);
            expect(s.chars).toBeLessThanOrEqual(1000);
          }
        },
      ),
    ));

  it('keeps the most recently used when it must evict', async () => {
    const cache = createPageCache({ maxEntries: 2 });
    await cache.get(key('a'), () => 'a');
    await cache.get(key('b'), () => 'b');
    await cache.get(key('a'), () => 'a again'); // a is now the most recent
    await cache.get(key('c'), () => 'c'); // evicts b
    expect(await cache.get(key('a'), () => 'a rendered')).toBe('a');
    expect(await cache.get(key('b'), () => 'b rendered')).toBe('b rendered');
  });
});

describe('slots', () => {
  it('fills per-request values, leaves unknown slots, and user text cannot make a slot', () => {
    const html = `<form>${slot('csrf')}</form><p>&lt;!--kanal-slot:csrf--&gt;</p>${slot('other')}`;
    expect(fill(html, { csrf: '<input name="_csrf" value="t">' })).toBe(
      '<form><input name="_csrf" value="t"></form><p>&lt;!--kanal-slot:csrf--&gt;</p><!--kanal-slot:other-->',
    );
    expect(() => slot('Bad Name')).toThrow();
  });
});
