/**
 * The command line's JSON fault finder: it accepts exactly what JSON.parse accepts (a property
 * over JSON-like texts, broken at random), and names the first fault with its line and column.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonProblem } from '../../src/cli-json.js';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonProblem', () => {
  it.each([
    ['', { kind: 'empty' }],
    [' \n\t', { kind: 'empty' }],
    ['{', { kind: 'ends_early' }],
    ['{"version": 1,', { kind: 'ends_early' }],
    ['"abc', { kind: 'ends_early' }],
    ['[1, tru', { kind: 'ends_early' }],
    ['-', { kind: 'ends_early' }],
    ['1.', { kind: 'ends_early' }],
    ['abc', { kind: 'unexpected', offset: 0, line: 1, column: 1, character: 'a' }],
    ['[1,]', { kind: 'unexpected', offset: 3, line: 1, column: 4, character: ']' }],
    ['{\n  "a": 1,\n  b: 2\n}', { kind: 'unexpected', offset: 14, line: 3, column: 3, character: 'b' }],
    ['{"a" 1}', { kind: 'unexpected', offset: 5, line: 1, column: 6, character: '1' }],
    ['{"a":1}x', { kind: 'unexpected', offset: 7, line: 1, column: 8, character: 'x' }],
    ['01', { kind: 'unexpected', offset: 1, line: 1, column: 2, character: '1' }],
    ['"a\tbX"', { kind: 'unexpected', offset: 2, line: 1, column: 3, character: 'U+0009' }],
    ['"\\x"', { kind: 'unexpected', offset: 2, line: 1, column: 3, character: 'x' }],
    ['"\\u12g4"', { kind: 'unexpected', offset: 5, line: 1, column: 6, character: 'g' }],
    ['\uFEFF{}', { kind: 'unexpected', offset: 0, line: 1, column: 1, character: 'U+FEFF' }],
    // Columns count characters, not UTF-16 units: the emoji is one.
    ['["😀", x]', { kind: 'unexpected', offset: 7, line: 1, column: 7, character: 'x' }],
    ['{"名字": 值}', { kind: 'unexpected', offset: 7, line: 1, column: 8, character: '值' }],
  ] as const)('%j → %j', (text, expected) => {
    expect(parses(text)).toBe(false);
    expect(jsonProblem(text)).toEqual(expected);
  });

  it.each(['{}', '[]', ' 0 ', '-0.5e+10', '"\\u00e9\\n"', '{"a":[1,{"b":null}],"c":true}', 'false'])(
    'finds nothing wrong in %j',
    (text) => {
      expect(jsonProblem(text)).toBeUndefined();
    },
  );

  it('does not overflow the stack on deep nesting', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(199_999)}`;
    expect(jsonProblem(deep)).toEqual({ kind: 'ends_early' });
  });

  it('accepts exactly what JSON.parse accepts', () => {
    // JSON texts, then the same texts cut, with a character changed, inserted or removed.
    const broken = fc
      .tuple(
        fc.jsonValue(),
        fc.constantFrom(0, 2),
        fc.nat(),
        fc.constantFrom('cut', 'change', 'insert', 'remove', 'none'),
        fc.constantFrom(...',:[]{}"\\ \n\t0-.eE+tfnu\u0001x'),
      )
      .map(([value, indent, at, how, c]) => {
        const text = JSON.stringify(value, null, indent) ?? '';
        const i = text.length === 0 ? 0 : at % text.length;
        if (how === 'cut') return text.slice(0, i);
        if (how === 'change') return text.slice(0, i) + c + text.slice(i + 1);
        if (how === 'insert') return text.slice(0, i) + c + text.slice(i);
        if (how === 'remove') return text.slice(0, i) + text.slice(i + 1);
        return text;
      });
    fc.assert(
      fc.property(fc.oneof(broken, fc.string()), (text) => {
        expect(jsonProblem(text) === undefined).toBe(parses(text));
      }),
      { numRuns: 3000 },
    );
  });
});
