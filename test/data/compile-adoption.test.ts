/**
 * The committed adoption data is exactly what scripts/compile-adoption.ts produces: editing
 * data/adoption.json, the data.note.* keys of locales/en/data.json or the generated part of
 * data/SOURCES.md by hand, or the generator without regenerating (`npm run data:compile`), fails.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ADOPTION_PATHS,
  compileAdoption,
  pyFixed,
  pyFloatRepr,
  pyJsonString,
  pyRound,
} from '../../scripts/compile-adoption.js';

const committed = {
  adoption: readFileSync(ADOPTION_PATHS.adoption, 'utf8'),
  locale: readFileSync(ADOPTION_PATHS.locale, 'utf8'),
  sources: readFileSync(ADOPTION_PATHS.sources, 'utf8'),
};

describe('compileAdoption', () => {
  const out = compileAdoption({ localeText: committed.locale, sourcesText: committed.sources });

  it('gives data/adoption.json byte for byte', () => {
    expect(out.adoptionJson).toBe(committed.adoption);
  });

  it('gives locales/en/data.json byte for byte', () => {
    expect(out.localeJson).toBe(committed.locale);
  });

  it('gives data/SOURCES.md byte for byte', () => {
    expect(out.sourcesMd).toBe(committed.sources);
  });

  it('rewrites a hand-edited note and the generated section, keeping every other text', () => {
    const note = '"data.note.SG.whatsapp": "';
    const locale = committed.locale.replace(note, `${note}edited `);
    const sources = committed.sources.replace('| SG | whatsapp |', '| SG | edited |');
    expect(locale).not.toBe(committed.locale);
    expect(sources).not.toBe(committed.sources);
    const again = compileAdoption({ localeText: locale, sourcesText: sources });
    expect(again.localeJson).toBe(committed.locale);
    expect(again.sourcesMd).toBe(committed.sources);
  });

  it('leaves SOURCES.md as it is without the arithmetic markers', () => {
    const text = 'no markers\r\nhere\n';
    expect(compileAdoption({ localeText: committed.locale, sourcesText: text }).sourcesMd).toBe(text);
  });
});

describe("Python's number and string formatting", () => {
  // Expected texts are what Python 3.11 prints for f'{x:.2f}', round(x, 2), repr(x), json.dumps.
  it.each([
    [0.125, '0.12'],
    [0.375, '0.38'],
    [2.675, '2.67'],
    [1.005, '1.00'],
    [0.5, '0.50'],
    [-0.125, '-0.12'],
    [0.8333333333333334, '0.83'],
  ])('f"{%s:.2f}" is %s', (x, text) => {
    expect(pyFixed(x, 2)).toBe(text);
  });

  it.each([
    [0.0625, '0.062'],
    [0.9124, '0.912'],
  ])('f"{%s:.3f}" is %s', (x, text) => {
    expect(pyFixed(x, 3)).toBe(text);
  });

  it.each([
    [0.125, 0.12],
    [0.375, 0.38],
    [0.285, 0.28],
    [0.995 + 1e-9, 1],
  ])('round(%s, 2) is %s', (x, r) => {
    expect(pyRound(x, 2)).toBe(r);
  });

  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [0.29, '0.29'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1234567890123456.0, '1234567890123456.0'],
    [1.5e-7, '1.5e-07'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('repr(%s) is %s', (x, text) => {
    expect(pyFloatRepr(x)).toBe(text);
  });

  it('escapes strings as json.dumps does, with and without ensure_ascii', () => {
    const s = 'a"b\\c\n\u0001é😀\u007f';
    expect(pyJsonString(s, true)).toBe('"a\\"b\\\\c\\n\\u0001\\u00e9\\ud83d\\ude00\\u007f"');
    expect(pyJsonString(s, false)).toBe('"a\\"b\\\\c\\n\\u0001é😀\u007f"');
  });
});
