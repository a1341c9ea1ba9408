/**
 * The fast paths behind plan()'s speed give the same answers as the plain ones: verdictWith (the
 * allocation-free probe of whatWouldChange) agrees with evaluateChannel.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS } from '../../src/domain/answers.js';
import { evaluateChannel, otherPointsWith, situationFrom, verdictWith } from '../../src/domain/evaluate.js';
import { preparedAdoption } from '../../src/domain/plan.js';
import { shiftUnder30 } from '../../src/domain/what-would-change.js';
import { answersArb } from './arbitraries.js';
import { data } from './fixtures.js';

describe('fast paths agree with the plain ones', () => {
  it('verdictWith gives evaluateChannel’s verdict for any mix, poll and email share', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.integer({ min: 0, max: 100 }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        (a, under30, known, onFile) => {
          const base = situationFrom(a, preparedAdoption(data));
          for (const c of ADVISED_CHANNELS) {
            const mix = shiftUnder30(base.mix, under30 / 100);
            const k = known === undefined ? base.known[c] : known / 100;
            const e = onFile === undefined ? base.emailOnFile : onFile / 100;
            const sit = { ...base, mix, known: { ...base.known, [c]: k }, emailOnFile: e };
            const other = otherPointsWith(
              sit,
              c,
              sit.privacy,
              sit.competitor,
              sit.platform,
              sit.team,
              undefined,
            );
            expect(verdictWith(sit, c, mix, k, e, other)).toBe(evaluateChannel(sit, c).verdict);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
