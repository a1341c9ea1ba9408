/**
 * The fast paths behind plan()'s speed give the same answers as the plain ones: the probe of
 * whatWouldChange (which reuses one evidence input per channel and, off the age lever, the
 * channel's estimate, and skips the factor records) agrees with evaluateChannel on the situation
 * with that one answer changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS, type AdvisedChannel } from '../../src/domain/answers.js';
import { evaluate, evaluateChannel, type Situation, situationFrom } from '../../src/domain/evaluate.js';
import { preparedAdoption } from '../../src/domain/plan.js';
import { probeVerdict, shiftUnder30 } from '../../src/domain/what-would-change.js';
import { soakOr } from '../security/soak.js';
import { answersArb } from './arbitraries.js';
import { data } from './fixtures.js';

/**
 * Each percentage lever, in the search's order (AGE, EMAIL_ON_FILE, KNOWN_TELEGRAM, KNOWN_WHATSAPP
 * in what-would-change.ts), the channels it moves and the plain change.
 */
const LEVERS: readonly {
  readonly channels: readonly AdvisedChannel[];
  readonly at: (sit: Situation, v: number) => Situation;
}[] = [
  {
    channels: ['whatsapp_business', 'telegram', 'email'],
    at: (sit, v) => ({ ...sit, mix: shiftUnder30(sit.mix, v / 100) }),
  },
  { channels: ['email'], at: (sit, v) => ({ ...sit, emailOnFile: v / 100 }) },
  { channels: ['telegram'], at: (sit, v) => ({ ...sit, known: { ...sit.known, telegram: v / 100 } }) },
  {
    channels: ['whatsapp_business'],
    at: (sit, v) => ({ ...sit, known: { ...sit.known, whatsapp_business: v / 100 } }),
  },
];

describe('fast paths agree with the plain ones', () => {
  it('the search’s probe gives evaluateChannel’s verdict for every lever at any value, main or not', () => {
    fc.assert(
      fc.property(
        answersArb,
        fc.integer({ min: 0, max: LEVERS.length - 1 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 }),
        (a, lever, values) => {
          const sit = situationFrom(a, preparedAdoption(data));
          const today = evaluate(sit);
          for (const value of values) {
            for (const c of LEVERS[lever]!.channels) {
              const changed = LEVERS[lever]!.at(sit, value);
              expect(probeVerdict(sit, today, lever, value, ADVISED_CHANNELS.indexOf(c))).toBe(
                evaluateChannel(changed, c, c === today.primary).verdict,
              );
            }
          }
        },
      ),
      { numRuns: soakOr(1000, 100) },
    );
  });
});
