/**
 * The language middleware's fast path (decision 030): for plain paths it skips `new URL`, and
 * must give exactly what URL parsing gives, for any path (a property over plain and odd paths).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asLocalPath, languageLinks, withoutLang } from '../../src/web/language.js';

const BASE = 'http://kanal.invalid';
/** URL parsing every time (what the code did before the fast path), of the path as a local one. */
function referenceWithoutLang(originalUrl: string): string {
  const url = new URL(asLocalPath(originalUrl), BASE);
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}
function referenceLink(path: string, code: string): string {
  const url = new URL(asLocalPath(path), BASE);
  url.searchParams.set('lang', code);
  return url.pathname + url.search;
}

/** The value, or that it threw (both ways must agree on that too). */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch {
    return 'threw';
  }
}

const segment = fc.stringMatching(/^[A-Za-z0-9_~.%-]{0,6}$/);
const odd = fc.constantFrom('', '.', '..', '%2e', 'a b', 'é', '?lang=zh', '?x=1&lang=ms', '#f', '//');
const paths = fc
  .tuple(fc.array(fc.oneof(segment, odd), { maxLength: 5 }), fc.boolean())
  .map(([parts, slash]) => `/${parts.join('/')}${slash ? '/' : ''}`);

describe('language paths without URL parsing', () => {
  it('withoutLang equals URL parsing for every path', () => {
    fc.assert(
      fc.property(paths, (p) => {
        expect(outcome(() => withoutLang(p))).toBe(outcome(() => referenceWithoutLang(p)));
      }),
      { numRuns: 2000 },
    );
  });

  it("the switch's links equal URL parsing for every path", () => {
    fc.assert(
      fc.property(paths, (p) => {
        if (outcome(() => withoutLang(p)) === 'threw') return;
        const path = withoutLang(p);
        const fast = outcome(() => languageLinks(['en', 'id', 'ms', 'zh'], 'en', path).map((l) => l.href));
        const slow = outcome(() => ['en', 'id', 'ms', 'zh'].map((code) => referenceLink(path, code)));
        expect(fast).toEqual(slow);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads a path that starts with // as a path here: never another host, never a throw', () => {
    expect(withoutLang('//')).toBe('/');
    expect(withoutLang('//?lang=id')).toBe('/');
    expect(withoutLang('//evil.example/x?lang=id')).toBe('/evil.example/x');
    expect(withoutLang('/\\evil.example?lang=id&a=1')).toBe('/evil.example?a=1');
    expect(languageLinks(['en', 'id'], 'en', '//evil.example/x').map((l) => l.href)).toEqual([
      '/evil.example/x?lang=en',
      '/evil.example/x?lang=id',
    ]);
  });

  it('keeps the plain paths of the pages as they are', () => {
    expect(withoutLang('/r/AbC_d-9')).toBe('/r/AbC_d-9');
    expect(withoutLang('/r/x/kit?lang=zh')).toBe('/r/x/kit');
    expect(withoutLang('/a/../b')).toBe('/b');
  });

  it('answers at once for a long path that is almost plain (no catastrophic backtracking)', () => {
    const long = `/${'a'.repeat(50_000)}.`;
    expect(withoutLang(long)).toBe(referenceWithoutLang(long));
    expect(withoutLang(`/${'a/'.repeat(20_000)}%`)).toBe(referenceWithoutLang(`/${'a/'.repeat(20_000)}%`));
  });
});
