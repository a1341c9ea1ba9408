/**
 * One error path: handlers throw an HttpError (or anything else), Express 5 forwards it, and
 * errorHandler renders it: a friendly page (or JSON under /api) with an incident id for
 * unexpected errors. The stack goes only to the log.
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Message } from '../domain/message.js';
import { message } from '../domain/message.js';
import type { Translator } from '../i18n.js';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly userMessage: Message,
  ) {
    super(`HTTP ${status}: ${userMessage.key}`);
  }
}

export const notFound = () => new HttpError(404, message('web.not_found.body'));

/** Errors from body-parser and csrf-csrf carry a status and a type/code. */
interface ExpressishError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
  code?: unknown;
  expose?: unknown;
}

export interface ErrorView {
  readonly status: number;
  readonly message: Message;
  readonly incident?: string;
  /** Seconds to send as Retry-After (503 when the database is busy). */
  readonly retryAfter?: number;
}

/** Another connection holds the write lock longer than busy_timeout: retry shortly. */
function isBusy(code: unknown): boolean {
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
}

/** What the failed request was doing: only reading, saving something, or deleting. */
export type RequestKind = 'read' | 'save' | 'delete';

export function requestKind(req: Pick<Request, 'method' | 'path'>): RequestKind {
  if (req.method === 'GET' || req.method === 'HEAD') return 'read';
  return req.method === 'DELETE' || /\/delete$/i.test(req.path) ? 'delete' : 'save';
}

/**
 * Requests to the JSON API, whose errors are JSON. Express routes paths case-insensitively
 * (/API/v1/plans is served), so this test is case-insensitive too: every answer of a route
 * the API serves is JSON, however its path was written.
 */
export const isApiPath = (path: string): boolean => /^\/api\//i.test(path);

/**
 * Maps any thrown value to what the person is told (never internals). An unexpected error says
 * truthfully what became of the request: a read changed nothing; a save or a deletion may or
 * may not have happened (the failure can come after the database committed).
 */
export function classify(err: unknown, kind: RequestKind = 'read'): ErrorView {
  if (err instanceof HttpError) return { status: err.status, message: err.userMessage };
  const e = (typeof err === 'object' && err !== null ? err : {}) as ExpressishError;
  const status =
    typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (isBusy(e.code)) return { status: 503, message: message('security.busy'), retryAfter: 2 };
  if (e.code === 'EBADCSRFTOKEN') return { status: 403, message: message('web.error.csrf') };
  if (status === 413) return { status, message: message('web.error.too_large') };
  if (e.type === 'entity.parse.failed') return { status: 400, message: message('web.api.bad_json') };
  if (status === 415) return { status, message: message('security.content_type') };
  if (status === 405) return { status, message: message('security.method_not_allowed') };
  if (status === 429) return { status, message: message('security.rate_limited') };
  if (status >= 400 && status < 500) return { status, message: message('web.error.bad_request') };
  const unexpected = {
    read: 'web.error.unexpected',
    save: 'web.error.unexpected_save',
    delete: 'web.error.unexpected_delete',
  };
  return { status: 500, message: message(unexpected[kind]) };
}

export const notFoundHandler: RequestHandler = () => {
  throw notFound();
};

/**
 * `fallback` translates when the error came before the i18n middleware ran (helmet, the request
 * logger): the error page must never fail for want of a translator.
 */
export function errorHandler(newIncidentId: () => string, fallback: Translator): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const kind = requestKind(req);
    const view = classify(err, kind);
    const incident = view.status >= 500 && view.retryAfter === undefined ? newIncidentId() : undefined;
    if (incident !== undefined) req.log?.error({ err, incident }, 'unexpected error');
    else if (view.status === 503) req.log?.warn({ err: { code: errorCode(err) } }, 'database busy');
    else if (view.status !== 404)
      req.log?.warn({ status: view.status, reason: view.message.key }, 'request refused');
    if (res.headersSent) {
      // Too late for an error page: cut the connection so the client sees a failure.
      req.socket.destroy();
      return;
    }
    const tr = res.locals.tr ?? fallback;
    res.locals.tr = tr;
    res.locals.t = tr.t;
    res.locals.lang = tr.htmlLang;
    const text = tr.render(view.message);
    res.status(view.status).set('Cache-Control', 'no-store');
    if (view.retryAfter !== undefined) res.set('Retry-After', String(view.retryAfter));
    if (isApiPath(req.path)) {
      res.json({ errors: [{ path: '', message: text }], ...(incident ? { incident } : {}) });
      return;
    }
    if (view.status === 404) {
      res.render('not-found', { pageTitle: tr.t('web.not_found.title') });
      return;
    }
    const heading = tr.t(view.status >= 500 ? 'web.error.title' : 'web.error.title_refused');
    const more: string[] = [];
    // Refused before it was handled (too many requests, a busy database): not saved, certainly.
    if ((view.status === 429 || view.status === 503) && kind !== 'read')
      more.push(tr.t('web.error.not_saved'));
    const retry = view.status === 429 ? retryText(tr, res) : undefined;
    if (retry !== undefined) more.push(retry);
    res.render('error', { pageTitle: heading, heading, text, more, incident });
  };
}

/** "You can try again in about 53 minutes", from the Retry-After seconds the limiter set. */
function retryText(tr: Translator, res: Response): string | undefined {
  const seconds = Number(res.getHeader('Retry-After'));
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes < 90) return tr.t('web.error.retry_minutes', { count: minutes });
  return tr.t('web.error.retry_hours', { count: Math.round(minutes / 60) });
}

function errorCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
