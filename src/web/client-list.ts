/**
 * The client-list upload (the customers page): one CSV file, read into memory, parsed, counted by
 * age group (src/domain/client-list.ts) and dropped. Nothing of it is stored or logged: the page
 * shows the counts in the age fields, and only what the owner then submits is kept.
 *
 * multipart/form-data is accepted on this one route (formsOnly, security.ts) and parsed before
 * the CSRF check, which then reads the token from the parsed fields. Limits: one file of at most
 * CLIENT_LIST_BYTES, one field (the token), nothing else; a breach is a 413 or 400, never a 500.
 */
import { parse } from 'csv-parse/sync';
import type { RequestHandler } from 'express';
import multer from 'multer';
import { type CalendarDate, type ClientListResult, countClientAges } from '../domain/client-list.js';
import { message } from '../domain/message.js';
import { HttpError } from './errors.js';

export const CLIENT_LIST_PATH = '/d/:token/customers/list';
export const CLIENT_LIST_FIELD = 'clientList';
export const CLIENT_LIST_BYTES = 2 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: CLIENT_LIST_BYTES, files: 1, fields: 2, fieldSize: 1024, parts: 3, headerPairs: 50 },
}).single(CLIENT_LIST_FIELD);

/** Parses the upload's multipart body; limits and malformed bodies become 413 / 400. */
export const clientListUpload: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next();
  upload(req, res, (err: unknown) => {
    if (err === undefined || err === null) return next();
    const code = (err as { code?: unknown }).code;
    if (code === 'LIMIT_FILE_SIZE') return next(new HttpError(413, message('client_list.too_big')));
    if (typeof code === 'string' && code.startsWith('LIMIT_'))
      return next(new HttpError(413, message('web.error.too_large')));
    next(new HttpError(400, message('client_list.unreadable')));
  });
};

/** The cells of a CSV file (comma, semicolon or tab separated; UTF-8, with or without a BOM). */
export function readCsv(bytes: Buffer): string[][] | undefined {
  try {
    return parse(bytes.toString('utf8'), {
      bom: true,
      delimiter: [',', ';', '\t'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as string[][];
  } catch {
    return undefined;
  }
}

/** The counts of an uploaded file, or the message saying what is wrong with it. */
export function countUploadedList(
  file: Express.Multer.File | undefined,
  today: CalendarDate,
): ClientListResult {
  if (file === undefined || file.size === 0) return { ok: false, error: message('client_list.missing_file') };
  const rows = readCsv(file.buffer);
  if (rows === undefined) return { ok: false, error: message('client_list.not_csv') };
  return countClientAges(rows, today);
}
