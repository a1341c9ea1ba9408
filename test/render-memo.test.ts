/**
 * The render memo of the translation layer (src/render-memo.ts) changes speed only: it tells apart
 * every two messages a translator could render differently, remembers constant messages by
 * identity, and gives the same texts after it has emptied itself.
 */
import { describe, expect, it } from 'vitest';
import { constantMessage, type Message, message } from '../src/domain/message.js';
import { plan } from '../src/domain/plan.js';
import { memoisedRender } from '../src/render-memo.js';
import { answersOf, baseInput, data } from './domain/fixtures.js';

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
  message('k', { a: message('x', { y: 1 }) }),
  message('k', { a: message('x', { y: '1' }) }),
  message('k', { a: message('x'), b: 1 }),
  message('k', {}),
  message('k'),
  constantMessage('k'),
  constantMessage('k', { a: constantMessage('x') }),
];

describe('render memo', () => {
  it('is exact: 5 and "5", -0 and 0, nested messages, parameter names and order all count', () => {
    expect(new Set(distinct.map(shown)).size).toBe(distinct.length - 2); // the constants equal two others
    let calls = 0;
    const memo = memoisedRender((m) => {
      calls++;
      return shown(m);
    });
    for (let round = 0; round < 2; round++) {
      for (const m of distinct) expect(memo(m)).toBe(shown(m));
      for (const m of [...distinct].reverse()) expect(memo(m)).toBe(shown(m));
    }
    // Each structure was rendered once; the constants equal messages seen before.
    expect(calls).toBe(distinct.length - 2);
  });

  it('a constant message is frozen, its nested messages must be constants, and a sentence naming one is rendered once', () => {
    const name = constantMessage('engine.channel.telegram');
    expect(Object.isFrozen(name)).toBe(true);
    expect(() => constantMessage('k', { a: message('x') })).toThrow(/constants/);
    let calls = 0;
    const memo = memoisedRender((m) => {
      calls++;
      return shown(m);
    });
    const sentence = () => message('s', { channel: name, n: 3 });
    expect(memo(sentence())).toBe(memo(sentence()));
    expect(calls).toBe(1);
  });

  it('gives the same texts after emptying itself when full', () => {
    const memo = memoisedRender(shown, 5);
    const many = Array.from({ length: 50 }, (_, i) =>
      message('k', { i, name: constantMessage(`n.${i % 3}`) }),
    );
    for (let round = 0; round < 3; round++) for (const m of many) expect(memo(m)).toBe(shown(m));
    expect(memo.size()).toBeLessThanOrEqual(5 + 8);
  });

  it('a plan rendered through the memo has the same texts as one rendered afresh', () => {
    const answers = answersOf(baseInput());
    const fresh = memoisedRender(shown);
    const a = plan(answers, data, { translate: fresh });
    const b = plan(answers, data, { translate: fresh });
    const c = plan(answers, data, { translate: shown });
    expect(b).toEqual(a);
    expect(a).toEqual(c);
  });
});
