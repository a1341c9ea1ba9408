/**
 * Numbers as people write them (decision 022). A number field's text is read with the marks of
 * the page's language: Indonesian writes a decimal comma and groups thousands with points
 * (`1.200`, `12,5`); English, Malay (gengo.com Malay style guide: "the decimal separator is a
 * period … the thousands separator is a comma (1,200)") and Chinese (GB/T 15835-2011) write a
 * decimal point and group with commas (`1,200`, `12.5`). Spaces between groups of three are
 * allowed in every language, full-width digits and marks (a Chinese input method's `１２，５`) are
 * read as their plain forms.
 *
 * What could be read two ways is refused, with a message saying both readings: `1.200` on an
 * English page is 1.2 by English rules but 1200 as an Indonesian writes it; `1,200` on an
 * Indonesian page the other way round. A text that follows the other convention unambiguously
 * (`12,5` in English, `1,234.5` in Indonesian) is refused with the way to write it here.
 *
 * Pure: no Intl formatting of the result (the suggestions are built from the digits typed), so
 * the message shows exactly the digits the person wrote.
 */
import { type Message, type MessageParam, message } from './message.js';

export interface NumberMarks {
  readonly decimal: '.' | ',';
  readonly group: ',' | '.';
}

const POINT: NumberMarks = { decimal: '.', group: ',' };
const COMMA: NumberMarks = { decimal: ',', group: '.' };

/** The marks of each served language; any other language reads like English. */
export const NUMBER_MARKS: Readonly<Record<string, NumberMarks>> = {
  en: POINT,
  ms: POINT,
  zh: POINT,
  id: COMMA,
};

export function numberMarks(language: string): NumberMarks {
  return NUMBER_MARKS[language] ?? POINT;
}

export interface ParseNumberOptions {
  /** Only whole numbers (counts). */
  readonly integer?: boolean;
  /** A trailing `%` is allowed (and dropped): "12,5 %" is 12.5. */
  readonly percent?: boolean;
}

export type ParsedNumber =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly message: Message };

/** The longest digit string read (15 significant digits are exact in a double). */
const MAX_DIGITS = 15;

interface Reading {
  readonly whole: string;
  readonly fraction: string;
  /** Whether group marks were used. */
  readonly grouped: boolean;
}

/**
 * Reads unsigned digits with the given marks, or undefined if they don't fit them: groups of
 * three after a first group of one to three digits, at most one decimal mark, after the groups.
 */
function read(text: string, marks: NumberMarks): Reading | undefined {
  const parts = text.split(marks.decimal);
  if (parts.length > 2) return undefined;
  const [head = '', fraction = ''] = parts;
  if (!/^\d*$/.test(fraction)) return undefined;
  if (parts.length === 2 && head === '' && fraction === '') return undefined;
  if (head.includes(marks.group)) {
    const groups = head.split(marks.group);
    // A first group of one to three digits, not starting with 0 ("0,500" is no thousands).
    if (!/^[1-9]\d{0,2}$/.test(groups[0]!) || !groups.slice(1).every((g) => /^\d{3}$/.test(g)))
      return undefined;
    return { whole: groups.join(''), fraction, grouped: true };
  }
  if (!/^\d*$/.test(head) || (head === '' && fraction === '')) return undefined;
  return { whole: head, fraction, grouped: false };
}

/** Digits shown in a language's marks, without grouping (so they can't be misread again). */
function shown(whole: string, fraction: string, marks: NumberMarks): string {
  const w = whole.replace(/^0+(?=\d)/, '') || '0';
  return fraction === '' ? w : `${w}${marks.decimal}${fraction}`;
}

function fail(key: string, field: MessageParam, params: Record<string, MessageParam>): ParsedNumber {
  return { ok: false, message: message(key, { field, ...params }) };
}

/**
 * Reads a number field's text in a language. Returns the value, or a Message (keys
 * `numbers.*`, locales/en/numbers.json) with `{{field}}` (the field's label, a Message or
 * text), `{{text}}` (as typed) and, where it helps, the readings or the way to write it here.
 */
export function parseNumber(
  input: string,
  language: string,
  field: MessageParam,
  options: ParseNumberOptions = {},
): ParsedNumber {
  const marks = numberMarks(language);
  const other = marks === POINT ? COMMA : POINT;
  const typed = input.trim();
  // Full-width forms (１２，５), no-break and thin spaces, the real minus sign: their plain forms.
  let text = typed
    .normalize('NFKC')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/\u2212/g, '-');
  if (text === '') return fail('numbers.empty', field, {});
  if (options.percent) text = text.replace(/\s*%$/, '');
  let sign = 1;
  if (/^[-+]/.test(text)) {
    sign = text[0] === '-' ? -1 : 1;
    text = text.slice(1).trimStart();
  }
  // Spaces only between groups of three digits ("1 200 000"), read as group marks.
  if (text.includes(' ')) {
    if (!/^\d{1,3}( \d{3})+([.,]\d*)?$/.test(text))
      return fail('numbers.not_a_number', field, { text: typed });
    const [head, tail] = text.split(/(?=[.,])/);
    if (tail !== undefined && tail[0] !== marks.decimal) {
      return fail('numbers.other_marks', field, {
        text: typed,
        example: example(marks),
        suggestion: shown(head!.replace(/ /g, ''), tail.slice(1), marks),
      });
    }
    text = head!.replace(/ /g, marks.group) + (tail ?? '');
  }
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text))
    return fail('numbers.not_a_number', field, { text: typed });

  const mine = read(text, marks);
  const theirs = read(text, other);
  if (mine === undefined) {
    // It fits the other convention only: say how this language writes it.
    if (theirs !== undefined) {
      return fail('numbers.other_marks', field, {
        text: typed,
        example: example(marks),
        suggestion: shown(theirs.whole, theirs.fraction, marks),
      });
    }
    return fail('numbers.not_a_number', field, { text: typed });
  }
  // One decimal mark then exactly three digits, no grouping: the other convention's thousands.
  if (
    theirs !== undefined &&
    !mine.grouped &&
    theirs.grouped &&
    theirs.fraction === '' &&
    mine.fraction.length === 3
  ) {
    return fail('numbers.ambiguous', field, {
      text: typed,
      decimal: shown(mine.whole, mine.fraction.replace(/0+$/, ''), marks),
      thousands: shown(theirs.whole, '', marks),
    });
  }
  const reading = mine;
  const significant = (reading.whole + reading.fraction).replace(/^0+/, '');
  if (significant.length > MAX_DIGITS)
    return fail('numbers.too_long', field, { text: typed, digits: MAX_DIGITS });
  const fraction = reading.fraction.replace(/0+$/, '');
  if (options.integer && fraction !== '') return fail('numbers.not_whole', field, { text: typed });
  const value = sign * Number(`${reading.whole || '0'}.${fraction || '0'}`);
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

/** How this language writes one thousand two hundred and a half: "1,200.5" / "1.200,5". */
function example(marks: NumberMarks): string {
  return `1${marks.group}200${marks.decimal}5`;
}

/**
 * A number in a language's marks without grouping, as a form shows a stored value (12.5 →
 * `12,5` in Indonesian, 1200 → `1200` everywhere), so it reads back as the same number: three
 * decimals get a fourth, zero (`1.1250`), since `1.125` would read as the other convention's
 * thousands too and be refused as ambiguous (parseNumber).
 */
export function plainNumberIn(n: number, language: string): string {
  let text = String(n);
  if (text.includes('e')) text = n.toFixed(20).replace(/\.?0+$/, '');
  if (/\.\d{3}$/.test(text)) text += '0';
  return text.replace('.', numberMarks(language).decimal);
}
