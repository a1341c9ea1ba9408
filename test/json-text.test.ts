/** JSON text made once (src/json-text.ts): always exactly what JSON.stringify gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonText, jsonText, objectJson } from '../src/json-text.js';

const member = fc.oneof(
  fc.jsonValue(),
  fc.constant(undefined),
  fc.date({ noInvalidDate: true }),
  fc.array(fc.jsonValue(), { maxLength: 4 }),
);
const fields = fc.dictionary(fc.string({ maxLength: 8 }), member, { maxKeys: 8 });

describe('jsonText and objectJson', () => {
  it('give JSON.stringify’s text, whether members’ texts were kept before or not', () => {
    fc.assert(
      fc.property(fields, fc.boolean(), (f, keepFirst) => {
        if (keepFirst) {
          for (const v of Object.values(f)) if (typeof v === 'object' && v !== null) jsonText(v);
        }
        expect(objectJson(f)).toBe(JSON.stringify(f));
        expect(jsonText(f)).toBe(JSON.stringify(f));
        expect(jsonText(f)).toBe(JSON.stringify(f));
      }),
      { numRuns: 500 },
    );
  });

  it('serialises an object once, however often its text is asked for', () => {
    let calls = 0;
    const plan = {
      toJSON() {
        calls += 1;
        return { verdict: 'keep' };
      },
    };
    expect(jsonText(plan)).toBe('{"verdict":"keep"}');
    expect(objectJson({ id: 'x', plan })).toBe('{"id":"x","plan":{"verdict":"keep"}}');
    expect(calls).toBe(1);
  });

  it('use a JsonText’s own text, as JSON.stringify would write the value it stands for', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fields, (value, f) => {
        const carried = new JsonText(JSON.stringify(value));
        expect(jsonText(carried)).toBe(JSON.stringify(value));
        expect(objectJson({ ...f, plan: carried })).toBe(JSON.stringify({ ...f, plan: value }));
      }),
      { numRuns: 200 },
    );
  });
});
