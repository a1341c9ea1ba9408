/**
 * Where a text stops being JSON, for the command line's message (decision 031). JSON.parse says
 * it in V8's English, in words that change between Node versions ("Unexpected token 'a', "abc"
 * is not valid JSON"); this scanner finds the same first fault by RFC 8259's grammar, so the
 * CLI can say it in the reader's language: the text is empty, it ends too early, or a character
 * is not what JSON allows there (its line and column).
 *
 * Iterative (an explicit stack of open brackets), so a deeply nested text cannot overflow the
 * call stack. It accepts exactly what JSON.parse accepts (test/cli/json-problem.test.ts).
 */

export type JsonProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'ends_early' }
  | {
      readonly kind: 'unexpected';
      readonly offset: number;
      readonly line: number;
      readonly column: number;
      /** The character as shown: itself, or `U+0009` for one that cannot be seen. */
      readonly character: string;
    };

class Fault {
  constructor(readonly offset: number) {}
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The first fault of a text that is not JSON, or undefined when it is JSON. */
export function jsonProblem(text: string): JsonProblem | undefined {
  const n = text.length;
  const skip = (from: number) => {
    let i = from;
    while (isSpace(text[i])) i++;
    return i;
  };
  /** The character at i must be there (the text ends early when i is past its end). */
  const at = (i: number): string => {
    if (i >= n) throw new Fault(n);
    return text[i]!;
  };
  const digits = (from: number): number => {
    if (!isDigit(at(from))) throw new Fault(from);
    let i = from;
    while (isDigit(text[i])) i++;
    return i;
  };
  const number = (from: number): number => {
    let i = from;
    if (text[i] === '-') i++;
    if (at(i) === '0') i++;
    else i = digits(i);
    if (text[i] === '.') i = digits(i + 1);
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      i = digits(i);
    }
    return i;
  };
  const string = (from: number): number => {
    if (at(from) !== '"') throw new Fault(from);
    let i = from + 1;
    for (;;) {
      const c = at(i);
      if (c === '"') return i + 1;
      if (c === '\\') {
        const e = at(i + 1);
        if (ESCAPES.has(e)) i += 2;
        else if (e === 'u') {
          for (let k = i + 2; k < i + 6; k++) if (!/[0-9a-fA-F]/.test(at(k))) throw new Fault(k);
          i += 6;
        } else throw new Fault(i + 1);
      } else if (c < ' ') throw new Fault(i);
      else i++;
    }
  };
  const word = (from: number, literal: string): number => {
    for (let k = 0; k < literal.length; k++) if (at(from + k) !== literal[k]) throw new Fault(from + k);
    return from + literal.length;
  };
  /** An object's key and its colon: the index where its value starts. */
  const key = (from: number): number => {
    const i = skip(string(skip(from)));
    if (at(i) !== ':') throw new Fault(i);
    return i + 1;
  };

  try {
    if (skip(0) >= n) return { kind: 'empty' };
    const open: ('}' | ']')[] = [];
    let i = 0;
    for (;;) {
      // A value is expected at i.
      i = skip(i);
      const c = at(i);
      if (c === '{' || c === '[') {
        const close = c === '{' ? '}' : ']';
        i = skip(i + 1);
        if (at(i) === close) i++;
        else {
          open.push(close);
          if (close === '}') i = key(i);
          continue;
        }
      } else if (c === '"') i = string(i);
      else if (c === '-' || isDigit(c)) i = number(i);
      else if (c === 't') i = word(i, 'true');
      else if (c === 'f') i = word(i, 'false');
      else if (c === 'n') i = word(i, 'null');
      else throw new Fault(i);
      // After a value: close brackets, or a comma and the next value (or key).
      for (;;) {
        i = skip(i);
        const close = open.at(-1);
        if (close === undefined) {
          if (i < n) throw new Fault(i);
          return undefined;
        }
        const next = at(i);
        if (next === close) {
          open.pop();
          i++;
        } else if (next === ',') {
          i = close === '}' ? key(i + 1) : i + 1;
          break;
        } else throw new Fault(i);
      }
    }
  } catch (error) {
    if (!(error instanceof Fault)) throw error;
    if (error.offset >= n) return { kind: 'ends_early' };
    return { kind: 'unexpected', ...lineAndColumn(text, error.offset), character: shown(text, error.offset) };
  }
}

/** Line and column (in characters, from 1) of an offset. */
function lineAndColumn(text: string, offset: number): { offset: number; line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  return { offset, line, column: [...text.slice(start, offset)].length + 1 };
}

/** The character at an offset, or its code point when it would not show (a space, a control). */
function shown(text: string, offset: number): string {
  const c = String.fromCodePoint(text.codePointAt(offset)!);
  if (/^[\p{C}\p{Z}]$/u.test(c)) return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return c;
}
