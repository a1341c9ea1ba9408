/**
 * The client-list upload (the customers page): one CSV file, read into memory, counted by age
 * group row by row (src/domain/client-list.ts) and dropped. Nothing of it is stored or logged: the
 * page shows the counts in the age fields, and only what the owner then submits is kept.
 *
 * The pipeline (docs/decisions/018-upload-pipeline-and-limiters.md):
 * 1. uploadGate, before a byte of the body is read: the same site, the CSRF cookie present, the
 *    "create" rate limit, and at most UPLOAD_CONCURRENCY uploads at once (503 beyond);
 * 2. clientListUpload: multer reads one file of at most CLIENT_LIST_BYTES into memory and at
 *    most UPLOAD_FIELDS short fields (the token and the customers page's inputs), nothing else;
 *    a breach is a 413 or 400, never a 500 (a file too big or a second file is said on the
 *    customers page, after the CSRF check);
 * 3. the CSRF token field is then checked (app.ts), and
 * 4. countUploadedList decodes the file (UTF-8, UTF-16 with or without a BOM, else Latin-1),
 *    scans it with a linear CSV reader (the separator Excel's `sep=` first line names, else
 *    comma, semicolon or tab, found from the first line) that hands each row to the counter and
 *    stops at its row cap, and gives the event loop back every SLICE characters, so a list of
 *    any shape costs milliseconds and never stalls others.
 */
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { type CalendarDate, type ClientListResult, clientListCounter } from '../domain/client-list.js';
import { type Message, message } from '../domain/message.js';
import { pageById, singleValueInputs } from '../domain/questionnaire.js';
import { utf16Encoding } from '../text-encoding.js';
import { HttpError } from './errors.js';

export const CLIENT_LIST_PATH = '/d/:token/customers/list';
export const CLIENT_LIST_FIELD = 'clientList';
export const CLIENT_LIST_BYTES = 2 * 1024 * 1024;
/** Uploads read at once; one more waits for none of them: 503 with Retry-After. */
export const UPLOAD_CONCURRENCY = 3;
/** Characters scanned between two yields to the event loop. */
const SLICE = 8 * 1024;
/**
 * Cells kept per row: as many as an Excel or LibreOffice sheet has columns (16,384, XFD), so the
 * age column of a spreadsheet export is read wherever it is. Memory stays bounded: only one row's
 * cells are held at a time, each at most MAX_CELL characters of a file of at most 2 MB.
 */
export const MAX_CELLS = 16_384;

/**
 * Text fields an upload may carry: the CSRF token and the customers page's inputs, which the
 * page sends with the file (the file input belongs to the page's form), so what the owner typed
 * there is shown again with the counts. The page has no list question, so one field an input.
 */
export const UPLOAD_FIELDS = 1 + singleValueInputs(pageById('customers')).length;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: {
    fileSize: CLIENT_LIST_BYTES,
    files: 1,
    fields: UPLOAD_FIELDS,
    fieldSize: 1024,
    parts: UPLOAD_FIELDS + 1,
    headerPairs: 50,
  },
}).single(CLIENT_LIST_FIELD);

export interface UploadGateOptions {
  /** The CSRF cookie's name: an upload without it cannot pass the token check, so is refused first. */
  readonly csrfCookie: string;
  /** Rate limit to apply before the body is read (the "create" limiter). */
  readonly limit: RequestHandler;
  readonly concurrency?: number;
}

/**
 * Checks an upload before its body is read. The same-site check (sameOriginOnly) runs before it
 * in app.ts. A refused upload is answered at once and its connection closed, so the rest of its
 * body is never read or buffered.
 */
export function uploadGate(options: UploadGateOptions): RequestHandler {
  const max = options.concurrency ?? UPLOAD_CONCURRENCY;
  let running = 0;
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    const refuse = (err: HttpError) => {
      res.set('Connection', 'close');
      next(err);
    };
    const cookie: unknown = req.cookies?.[options.csrfCookie];
    if (typeof cookie !== 'string' || cookie === '')
      return refuse(new HttpError(403, message('web.error.csrf')));
    options.limit(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null) {
        res.set('Connection', 'close');
        return next(err);
      }
      if (running >= max) {
        res.set('Retry-After', '5');
        return refuse(new HttpError(503, message('client_list.busy')));
      }
      running++;
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          running--;
        }
      };
      res.once('finish', release);
      res.once('close', release);
      next();
    });
  };
}

/** An upload refused for what the owner chose (not how it was sent): said on the customers page. */
export interface UploadRefusal {
  readonly status: number;
  readonly error: Message;
}

const refusals = new WeakMap<Request, UploadRefusal>();

/** Why clientListUpload refused this request's file, if it did so for the page to say. */
export function uploadRefusal(req: Request): UploadRefusal | undefined {
  return refusals.get(req);
}

/**
 * Parses the upload's multipart body. Refusals of the file the owner chose (over 2 MB: 413; a
 * second file: 400) go on to the route, through the CSRF check, which shows them next to the
 * field; other breached limits and malformed bodies become a 413 / 400 error page. multer has
 * read the body to its end before it reports a limit, so the fields sent before the file (the
 * CSRF token) are in req.body.
 */
export const clientListUpload: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next();
  upload(req, res, (err: unknown) => {
    if (err === undefined || err === null) return next();
    res.set('Connection', 'close');
    const { code, field } = err as { code?: unknown; field?: unknown };
    if (code === 'LIMIT_FILE_COUNT' || (code === 'LIMIT_UNEXPECTED_FILE' && field === CLIENT_LIST_FIELD)) {
      refusals.set(req, { status: 400, error: message('client_list.one_file') });
      return next();
    }
    if (code === 'LIMIT_FILE_SIZE') {
      refusals.set(req, { status: 413, error: message('client_list.too_big') });
      return next();
    }
    if (typeof code === 'string' && code.startsWith('LIMIT_'))
      return next(new HttpError(413, message('web.error.too_large')));
    next(new HttpError(400, message('client_list.unreadable')));
  });
};

/** The text of an uploaded file, or undefined when it is not text (NUL or control bytes). */
export function decodeText(bytes: Buffer): string | undefined {
  const utf16 = utf16Encoding(bytes);
  let text: string;
  if (utf16 !== undefined) {
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Not UTF-8: an "ANSI" export (Excel on Windows). The age column is ASCII in any case.
      text = bytes.toString('latin1');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary files are recognised by them
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return undefined;
  return text;
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter used by the first line (outside quotes): the most frequent of , ; and tab. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/**
 * Excel's separator line: a first line `sep=;` (or `sep=,`, `sep=<tab>`...) names the list's
 * separator, and is not a row of it; Excel writes and reads it. Also quoted, and with CR LF.
 */
const SEPARATOR_LINE = /^"?sep=([^"\r\n])"?[ \t]*(?:\r\n|\n|\r|$)/i;

/** The delimiter declared by a `sep=` first line, and the text after that line. */
export function declaredDelimiter(text: string): { delimiter: string; rest: string } | undefined {
  const m = SEPARATOR_LINE.exec(text);
  return m === null ? undefined : { delimiter: m[1]!, rest: text.slice(m[0].length) };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const BLANK_ROW: readonly string[] = Object.freeze([]);

/** Characters kept of one cell: an age or a date is short; the rest only costs memory. */
const MAX_CELL = 256;

/**
 * Reads CSV text row by row (RFC 4180 quoting; a quote inside an unquoted cell is kept as text;
 * cells trimmed), calling `onRow` for each (with `cut` true when the row had more than MAX_CELLS
 * cells); stops when it returns false. Linear in the text: cells are cut out of it by index (never
 * built a character at a time), at most MAX_CELLS per row and MAX_CELL characters each are kept,
 * and it yields to the event loop every SLICE characters. Returns false only for a quoted cell
 * that never closes.
 */
export async function scanCsv(
  text: string,
  delimiter: string,
  onRow: (cells: readonly string[], cut: boolean) => boolean,
): Promise<boolean> {
  const d = delimiter.charCodeAt(0);
  const QUOTE = 34;
  const LF = 10;
  const CR = 13;
  let cells: string[] = [];
  let start = 0;
  /** The cell began with a quote: its text is between the quotes, "" standing for ". */
  let quotedCell = false;
  let inQuotes = false;
  let atCellStart = true;
  /** Nothing but delimiters, blanks and quotes on this row so far: no cell needs cutting. */
  let blank = true;
  /** Empty cells ended while the row was blank: put back once it has a cell, to keep positions. */
  let leading = 0;
  /** This row had more cells than MAX_CELLS: the rest were dropped. */
  let cut = false;
  let stop = false;
  const endCell = (end: number) => {
    if (blank) leading++;
    else if (cells.length === 0) for (let k = 0; k < leading && k < MAX_CELLS; k++) cells.push('');
    if (!blank && cells.length >= MAX_CELLS) cut = true;
    else if (!blank) {
      let cell = text.slice(start, Math.min(end, start + MAX_CELL * 2)).trim();
      if (quotedCell) {
        // "abc" or "a""b" (and anything kept after the closing quote, as written).
        const close = cell.lastIndexOf('"');
        cell = (close > 0 ? cell.slice(1, close) + cell.slice(close + 1) : cell.slice(1))
          .replaceAll('""', '"')
          .trim();
      }
      cells.push(cell.length > MAX_CELL ? cell.slice(0, MAX_CELL) : cell);
    }
    quotedCell = false;
    atCellStart = true;
  };
  const endRow = (end: number) => {
    endCell(end);
    if (!onRow(blank ? BLANK_ROW : cells, cut)) stop = true;
    if (!blank) cells = [];
    blank = true;
    leading = 0;
    cut = false;
  };
  const n = text.length;
  for (let from = 0; from < n && !stop; from += SLICE) {
    if (from > 0) await yieldToEventLoop();
    const to = Math.min(n, from + SLICE);
    for (let i = from; i < to && !stop; i++) {
      const c = text.charCodeAt(i);
      if (inQuotes) {
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) i++;
          else inQuotes = false;
        } else if (blank && c !== 32 && c !== 9) blank = false;
        continue;
      }
      if (c === d) {
        endCell(i);
        start = i + 1;
      } else if (c === LF || c === CR) {
        endRow(i);
        if (c === CR && text.charCodeAt(i + 1) === LF) i++;
        start = i + 1;
      } else if (c === QUOTE && atCellStart) {
        inQuotes = true;
        quotedCell = true;
        atCellStart = false;
      } else if (c !== 32 && c !== 9) {
        atCellStart = false;
        blank = false;
      }
    }
  }
  if (stop) return true;
  if (inQuotes) return false;
  if (start < n || cells.length > 0) endRow(n);
  return true;
}

/** The counts of an uploaded file, or the message saying what is wrong with it. */
export async function countUploadedList(
  file: Express.Multer.File | undefined,
  today: CalendarDate,
): Promise<ClientListResult> {
  if (file === undefined || file.size === 0) return { ok: false, error: message('client_list.missing_file') };
  const text = decodeText(file.buffer);
  if (text === undefined) return { ok: false, error: message('client_list.not_csv') };
  const declared = declaredDelimiter(text);
  const rows = declared?.rest ?? text;
  const counter = clientListCounter(today);
  /** The header (the first row with a cell) had more cells than are read. */
  let wideHeader: boolean | undefined;
  const whole = await scanCsv(rows, declared?.delimiter ?? detectDelimiter(rows), (cells, cut) => {
    if (wideHeader === undefined && cells.some((cell) => cell !== '')) wideHeader = cut;
    return counter.row(cells);
  });
  if (!whole) return { ok: false, error: message('client_list.not_csv') };
  const result = counter.finish();
  // No age column among the columns read, and more that were not: say where the limit is.
  if (!result.ok && result.error.key === 'client_list.no_column' && wideHeader === true)
    return { ok: false, error: message('client_list.too_wide', { max: MAX_CELLS }) };
  return result;
}
