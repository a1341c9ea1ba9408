/**
 * Pins the engine's complete output, so speed work can prove it changed nothing:
 * - the full JSON (as `npm run plan` prints it) of every plan in examples/, one file each;
 * - a digest of every plan for 1,000 random valid Answers (fixed seed), one line per plan, so a
 *   change shows which plans moved. A deliberate change of wording or model updates these files
 *   (`npx vitest run -u test/domain/plan.snapshot.test.ts`) in its own commit, reviewed line by line.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/domain/plan.js';
import { answersArbV1 } from './arbitraries.js';
import { answersOf, data, options } from './fixtures.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .sort();

const printed = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('plan output is pinned', { timeout: 120_000 }, () => {
  it.each(examples)('examples/%s', async (file) => {
    const answers = answersOf(JSON.parse(readFileSync(EXAMPLES + file, 'utf8')));
    const out = printed(plan(answers, data, options));
    // Twice in a row: byte-identical (the render memo is warm the second time).
    expect(printed(plan(answers, data, options))).toBe(out);
    await expect(out).toMatchFileSnapshot(`__snapshots__/${file.replace(/\.json$/, '.plan.json')}`);
  });

  it('1,000 random answers (seed 2026): one digest per plan', async () => {
    const sample = fc.sample(answersArbV1, { seed: 2026, numRuns: 1000 });
    const lines = sample.map((a, i) => {
      const json = JSON.stringify(plan(a, data, options));
      return `${i} ${createHash('sha256').update(json).digest('hex').slice(0, 16)}`;
    });
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('__snapshots__/random-plans.digest.txt');
  });
});
