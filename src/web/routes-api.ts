/**
 * The JSON API (docs/openapi.yaml): no cookies, JSON only (415 otherwise), small bodies (413),
 * the same validation messages as the pages, as { errors: [{ path, message }] }. Plans are made,
 * replaced and deleted by the same plans service as the pages'.
 */

import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { type FieldError, notUtf8Error, replacementCharPath } from '../domain/answers.js';
import { message } from '../domain/message.js';
import { objectJson } from '../json-text.js';
import type { RouteDeps } from './deps.js';
import { HttpError } from './errors.js';
import { chosenLanguage } from './language.js';
import { loadApiPlan } from './loaders.js';
import { allowOnly } from './methods.js';
import { apiPlanPath, baseUrl, reportPath } from './paths.js';
import { privateAnswers } from './respond.js';

export const API_BODY_LIMIT = '32kb';

/**
 * A request with no body at all (no Content-Length, no Transfer-Encoding: req.is() is null
 * then, whatever Content-Type says) is told its body is missing, not that its type is wrong.
 */
const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;

const jsonOnly: RequestHandler = (req, _res, next) => {
  if (!hasBody(req)) throw new HttpError(400, message('web.api.empty_body'));
  if (!req.is('application/json')) throw new HttpError(415, message('web.api.content_type'));
  next();
};

/**
 * Requests whose body was declared UTF-8 (charset=utf-8, or no charset: JSON's default) but is
 * not: the parser would decode each bad byte to U+FFFD and the text would be stored changed.
 * Other declared charsets (utf-16le...) are decoded as declared and not checked here.
 */
const notUtf8 = new WeakSet<Request>();
/** Requests whose JSON body was empty (Content-Length: 0): the parser would make it `{}`. */
const emptyBody = new WeakSet<Request>();

const checkBody = (req: Request, _res: Response, body: Buffer, encoding: string | null) => {
  if (body.length === 0) emptyBody.add(req);
  const charset = encoding?.toLowerCase();
  if ((charset === undefined || charset === 'utf-8' || charset === 'utf8') && !isUtf8(body)) notUtf8.add(req);
};

/**
 * How deep a body may nest. Answers nest four levels (customers.poll.counts.telegram); a body far
 * deeper is no answers, and handing it to a planning thread would overflow the stack of the
 * structured clone that copies it there (a 500) before any validation could say why.
 */
export const MAX_BODY_DEPTH = 32;

/** The top-level field ('' for the body itself) holding a value nested deeper than MAX_BODY_DEPTH. */
export function tooDeepAt(body: unknown): string | undefined {
  const stack: { value: unknown; depth: number; field: string }[] = [{ value: body, depth: 0, field: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, depth, field } = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return field;
    for (const [k, v] of Object.entries(value))
      stack.push({ value: v, depth: depth + 1, field: depth === 0 && !Array.isArray(value) ? k : field });
  }
  return undefined;
}

/** The 400 for a body that was empty, not UTF-8 (naming the field where the bad bytes are), or nested too deep. */
function bodyErrors(req: Request): FieldError[] | undefined {
  if (emptyBody.has(req)) return [{ path: '', message: message('web.api.empty_body') }];
  const deep = tooDeepAt(req.body);
  if (deep !== undefined)
    return [{ path: deep, message: message('web.api.too_deep', { depth: MAX_BODY_DEPTH }) }];
  if (!notUtf8.has(req)) return undefined;
  const path = replacementCharPath(req.body);
  return [path === undefined ? { path: '', message: message('web.api.not_utf8') } : notUtf8Error(path)];
}

function sendErrors(res: Response, status: number, errors: readonly FieldError[]) {
  const tr = res.locals.tr;
  res.status(status).json({ errors: errors.map((e) => ({ path: e.path, message: tr.render(e.message) })) });
}

export function apiRoutes(deps: RouteDeps): Router {
  const { plans, limits } = deps;
  const url = (req: Request, id: string) => `${baseUrl(deps.config, req)}${reportPath(id)}`;

  async function requireOwnerKey(req: Request, open: Awaited<ReturnType<typeof loadApiPlan>>) {
    const check = await plans.checkOwnerKey(open, req.get('x-owner-key'), (k, h) =>
      limits.ownerKeys.matches(req, k, h),
    );
    if (check === 'missing') throw new HttpError(401, message('web.api.owner_key_missing'));
    if (check === 'wrong') throw new HttpError(403, message('web.api.owner_key_wrong'));
  }

  const create: RequestHandler = async (req, res) => {
    const badText = bodyErrors(req);
    if (badText !== undefined) return sendErrors(res, 400, badText);
    // Validated and planned on a planning thread when there are some (plan-threads.ts).
    // Acknowledged only now: the plan is stored once create resolves (its transaction committed).
    const made = await plans.create(req.body, chosenLanguage(res));
    if (!made.ok) return sendErrors(res, 400, made.errors);
    // The plan's JSON text is the one its row was written with (json-text.ts): made once.
    res
      .status(201)
      .location(apiPlanPath(made.id))
      .type('application/json')
      .send(
        objectJson({
          id: made.id,
          url: url(req, made.id),
          ownerKey: made.ownerKey,
          expiresAt: made.expiresAt.toISOString(),
          plan: made.plan,
          language: res.locals.language,
        }),
      );
  };

  const read: RequestHandler = async (req, res) => {
    const { id, stored } = await loadApiPlan(plans, req);
    res.json({
      id,
      url: url(req, id),
      answers: stored.answers,
      plan: stored.plan,
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
      expiresAt: stored.expiresAt.toISOString(),
      // The language the plan was asked for in; absent when none was named, or made before 027.
      ...(stored.language === undefined ? {} : { language: stored.language }),
    });
  };

  const replace: RequestHandler = async (req, res) => {
    const open = await loadApiPlan(plans, req);
    await requireOwnerKey(req, open);
    const badText = bodyErrors(req);
    if (badText !== undefined) return sendErrors(res, 400, badText);
    // Validated and planned on a planning thread when there are some, as a create is.
    const changed = await plans.change(open, req.body, chosenLanguage(res));
    if (!changed.ok) {
      if ('gone' in changed) throw new HttpError(404, message('web.api.not_found'));
      return sendErrors(res, 400, changed.errors);
    }
    res.type('application/json').send(
      objectJson({
        id: open.id,
        url: url(req, open.id),
        plan: changed.plan,
        language: res.locals.language,
      }),
    );
  };

  const remove: RequestHandler = async (req, res) => {
    const open = await loadApiPlan(plans, req);
    await requireOwnerKey(req, open);
    if (!(await plans.delete(open))) throw new HttpError(404, message('web.api.not_found'));
    res.status(204).end();
  };

  const json = express.json({ limit: API_BODY_LIMIT, strict: false, verify: checkBody });
  const r = Router();
  r.use(privateAnswers, limits.api);
  r.use('/plans/:id', limits.misses);
  r.route('/plans')
    .post(limits.create, jsonOnly, json, create)
    .all(allowOnly(['POST']));
  r.route('/plans/:id')
    .get(read)
    .put(limits.create, jsonOnly, json, replace)
    .delete(remove)
    .all(allowOnly(['GET', 'PUT', 'DELETE']));
  return r;
}
