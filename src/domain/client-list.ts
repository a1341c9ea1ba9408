/**
 * A client list to an age mix. An owner can export their client list (a booking system, a phone's
 * contacts, a spreadsheet) as CSV and let Kanal count how many clients are in each age group,
 * instead of estimating percentages. Only the counts leave this function: the web layer reads the
 * file into memory, calls this, and drops it; the list is never stored or logged.
 *
 * The column is found by its header (English, Malay and Indonesian words for age and birth date),
 * or, in a file of one column, taken as it is. A value is an age in years or a birth date:
 * YYYY-MM-DD, DD/MM/YYYY (also with "-" or "."; read as MM/DD/YYYY only when the second number
 * cannot be a month and the first can), or a birth year.
 * A birth year alone counts the client's age at mid-year. Rows without a usable value are skipped
 * and counted, so the owner sees how much of the list was used.
 */
import { AGE_GROUPS, type AgeGroup } from './answers.js';
import { type Message, message } from './message.js';

/** Today's date, from the caller (the domain has no clock). */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export type ClientListResult =
  | {
      readonly ok: true;
      readonly counts: Readonly<Record<AgeGroup, number>>;
      /** Rows whose age was counted, and rows skipped for want of a usable age or birth date. */
      readonly counted: number;
      readonly skipped: number;
      /** The header of the column used, or '' for a list of one column without a header. */
      readonly column: string;
    }
  | { readonly ok: false; readonly error: Message };

type Kind = 'age' | 'birth' | 'either';

/** Header words, compared after normalise(): lower case, separators as single spaces. */
const HEADERS: readonly (readonly [string, Kind])[] = [
  ['age', 'age'],
  ['ages', 'age'],
  ['age years', 'age'],
  ['umur', 'age'],
  ['usia', 'age'],
  ['birthday', 'birth'],
  ['birth date', 'birth'],
  ['birthdate', 'birth'],
  ['date of birth', 'birth'],
  ['dob', 'birth'],
  ['d o b', 'birth'],
  ['born', 'birth'],
  ['birth year', 'birth'],
  ['year of birth', 'birth'],
  ['yob', 'birth'],
  ['tanggal lahir', 'birth'],
  ['tgl lahir', 'birth'],
  ['tarikh lahir', 'birth'],
  ['tahun lahir', 'birth'],
  ['hari lahir', 'birth'],
  ['lahir', 'birth'],
];

const OLDEST = 120;
/** More rows than a small business's client list (the web layer also caps the file's size). */
export const MAX_ROWS = 100_000;

function normalise(header: string): string {
  return header
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The column to read and how, from the first row; undefined when no header is recognised. */
function findColumn(header: readonly string[]): { index: number; kind: Kind } | undefined {
  for (const [words, kind] of HEADERS) {
    const index = header.findIndex((cell) => normalise(cell) === words);
    if (index >= 0) return { index, kind };
  }
  return undefined;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Age in whole years on `today` of someone born on the given date; undefined if not a past date. */
function ageOn(today: CalendarDate, year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  const before = today.month < month || (today.month === month && today.day < day);
  const age = today.year - year - (before ? 1 : 0);
  return age >= 0 ? age : undefined;
}

function birthAge(value: string, today: CalendarDate): number | undefined {
  let m = /^(\d{4})$/.exec(value);
  if (m) {
    // A year alone: the age at mid-year (half of that year's births have had their birthday by July).
    const year = Number(m[1]);
    const age = today.year - year - (today.month < 7 ? 1 : 0);
    return year <= today.year && age >= 0 ? age : undefined;
  }
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
  if (m) return ageOn(today, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Day first (as written in Singapore, Malaysia and Indonesia) unless only month first can be.
    return a <= 12 && b > 12 ? ageOn(today, Number(m[3]), a, b) : ageOn(today, Number(m[3]), b, a);
  }
  return undefined;
}

function plainAge(value: string): number | undefined {
  const m = /^(\d{1,3})(?:[.,]\d+)?$/.exec(value);
  return m ? Number(m[1]) : undefined;
}

function ageOf(raw: string | undefined, kind: Kind, today: CalendarDate): number | undefined {
  const value = (raw ?? '').trim();
  if (value === '') return undefined;
  const age =
    kind === 'age'
      ? plainAge(value)
      : kind === 'birth'
        ? birthAge(value, today)
        : /^\d{1,3}(?:[.,]\d+)?$/.test(value)
          ? plainAge(value)
          : birthAge(value, today);
  return age !== undefined && age <= OLDEST ? age : undefined;
}

function groupOf(age: number): AgeGroup {
  if (age < 20) return 'under20';
  if (age >= 60) return '60plus';
  return AGE_GROUPS[Math.floor(age / 10) - 1]!;
}

/**
 * Counts a client list row by row, so that a list is never held whole: the web layer feeds each
 * row as it is parsed and stops as soon as `row` returns false (more than MAX_ROWS rows), so the
 * cap bounds the work, not just the answer.
 */
export interface ClientListCounter {
  /** Adds one row's cells; false once the list has more rows than counted (stop feeding). */
  row(cells: readonly string[]): boolean;
  /** The counts, or what is wrong with the list. */
  finish(): ClientListResult;
}

export function clientListCounter(today: CalendarDate): ClientListCounter {
  const counts = Object.fromEntries(AGE_GROUPS.map((g) => [g, 0])) as Record<AgeGroup, number>;
  let rows = 0;
  let data = 0;
  let counted = 0;
  let tooMany = false;
  /** undefined until the first non-empty row has been seen. */
  let column: { index: number; kind: Kind } | undefined;
  let header = '';
  /** A list without a recognised header is read only when every row has one cell. */
  let singleColumn = false;
  let notSingle = false;

  function count(value: string | undefined) {
    data++;
    const age = ageOf(value, column!.kind, today);
    if (age === undefined) return;
    counts[groupOf(age)]++;
    counted++;
  }

  return {
    row(cells) {
      if (tooMany) return false;
      if (!cells.some((cell) => cell.trim() !== '')) return true;
      rows++;
      if (rows > MAX_ROWS + 1) {
        tooMany = true;
        return false;
      }
      if (column === undefined) {
        const found = findColumn(cells);
        if (found !== undefined) {
          column = found;
          header = cells[found.index]!.trim();
        } else {
          column = { index: 0, kind: 'either' };
          singleColumn = true;
          if (cells.length !== 1) notSingle = true;
          // A first row that is not an age or a date is a header this list names differently.
          else if (ageOf(cells[0], 'either', today) !== undefined) count(cells[0]);
        }
        return true;
      }
      if (singleColumn) {
        if (cells.length !== 1) notSingle = true;
        if (notSingle) return true;
      }
      count(cells[column.index]);
      return true;
    },
    finish() {
      if (tooMany) return { ok: false, error: message('client_list.too_many', { max: MAX_ROWS }) };
      if (rows === 0) return { ok: false, error: message('client_list.empty') };
      if (notSingle) return { ok: false, error: message('client_list.no_column') };
      if (counted === 0) return { ok: false, error: message('client_list.no_values') };
      return { ok: true, counts: { ...counts }, counted, skipped: data - counted, column: header };
    },
  };
}

/** Counts a client list's rows (CSV cells) by age group. */
export function countClientAges(rows: readonly (readonly string[])[], today: CalendarDate): ClientListResult {
  const counter = clientListCounter(today);
  for (const cells of rows) if (!counter.row(cells)) break;
  return counter.finish();
}
