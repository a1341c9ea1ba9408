/**
 * The fast paths behind plan()'s speed give the same answers as the plain ones: verdictWith (the
 * allocation-free probe of whatWouldChange) agrees with evaluateChannel, and the render memo tells
 * apart messages that a translator could render differently.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS } from '../../src/domain/answers.js';
import { evaluateChannel, otherPointsWith, situationFrom, verdictWith } from '../../src/domain/evaluate.js';
import { type Message, message } from '../../src/domain/message.js';
import { memoised, plan, preparedAdoption, renderMemoSize } from '../../src/domain/plan.js';
import { shiftUnder30 } from '../../src/domain/what-would-change.js';
import { answersArb } from './arbitraries.js';
import { answersOf, baseInput, data } from './fixtures.js';

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

describe('render memo', () => {
  /** A translator that shows the structure, so any two different messages render differently. */
  const shown = (msg: Message): string =>
    msg.params === undefined
      ? msg.key
      : `${msg.key}(${Object.entries(msg.params)
          .map(
            ([k, v]) =>
              `${k}=${typeof v === 'object' ? shown(v) : `${typeof v}:${Object.is(v, -0) ? '-0' : v}`}`,
          )
          .join(',')})`;

  it('is exact: 5 and "5", -0 and 0, nested messages, param names and order all count', () => {
    const input = baseInput();
    const answers = answersOf(input);
    let calls = 0;
    const translate = (m: Message) => {
      calls++;
      return shown(m);
    };
    const first = plan(answers, data, { translate });
    const again = plan(answers, data, { translate });
    expect(again).toEqual(first);
    expect(renderMemoSize(translate)).toBeGreaterThan(0);
    // Rendering goes through the memo only inside plan(); check that each text is its own message.
    for (const r of first.channels.telegram.reasons) expect(r.text).toBe(shown(r.message as Message));
    expect(calls).toBeGreaterThan(0);
    const distinct: Message[] = [
      message('k', { a: 5 }),
      message('k', { a: '5' }),
      message('k', { a: 0 }),
      message('k', { a: -0 }),
      message('k', { b: 5 }),
      message('k', { a: 5, b: 1 }),
      message('k', { b: 1, a: 5 }),
      message('k', { a: message('x') }),
      message('k', { a: 'x' }),
      message('k', {}),
      message('k'),
    ];
    expect(new Set(distinct.map(shown)).size).toBe(distinct.length);
    const memo = memoised(translate);
    for (let round = 0; round < 2; round++) {
      for (const m of distinct) expect(memo(m)).toBe(shown(m));
      for (const m of [...distinct].reverse()) expect(memo(m)).toBe(shown(m));
    }
  });
});
