/**
 * The fast path behind plan()'s speed gives the same answers as the plain one: verdictAt (the
 * probe of whatWouldChange, which skips the factor records) agrees with evaluateChannel.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS } from '../../src/domain/answers.js';
import { evaluateChannel, scoreParts, situationFrom } from '../../src/domain/evaluate.js';
import { preparedAdoption } from '../../src/domain/plan.js';
import { shiftUnder30, verdictAt } from '../../src/domain/what-would-change.js';
import { soakOr } from '../security/soak.js';
import { answersArb } from './arbitraries.js';
import { data } from './fixtures.js';

describe('fast paths agree with the plain ones', () => {
  it('verdictAt gives evaluateChannel’s verdict for any mix, poll and email share, main or not', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.integer({ min: 0, max: 100 }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.boolean(),
        (a, under30, known, onFile, main) => {
          const base = situationFrom(a, preparedAdoption(data));
          ADVISED_CHANNELS.forEach((c, ci) => {
            const mix = shiftUnder30(base.mix, under30 / 100);
            const k = known === undefined ? base.known[c] : known / 100;
            const e = onFile === undefined ? base.emailOnFile : onFile / 100;
            const sit = { ...base, mix, known: { ...base.known, [c]: k }, emailOnFile: e };
            expect(verdictAt(sit, scoreParts(sit, c, main), ci, mix, k, e)).toBe(
              evaluateChannel(sit, c, main).verdict,
            );
          });
        },
      ),
      { numRuns: soakOr(1000, 100) },
    );
  });
});
