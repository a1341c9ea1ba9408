/**
 * The JSON API (docs/openapi.yaml): no cookies, JSON only (415 otherwise), small bodies (413),
 * the same validation messages as the pages, as { errors: [{ path, message }] }. Plans are made,
 * replaced and deleted by the same plans service as the pages'.
 */
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { type FieldError, validateAnswers } from '../domain/answers.js';
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

const jsonOnly: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) throw new HttpError(415, message('web.api.content_type'));
  next();
};

function sendErrors(res: Response, status: number, errors: readonly FieldError[]) {
  const tr = res.locals.tr;
  res.status(status).json({ errors: errors.map((e) => ({ path: e.path, message: tr.render(e.message) })) });
}

export function apiRoutes(deps: RouteDeps): Router {
  const { plans, limits } = deps;
  const url = (req: Request, id: string) => `${baseUrl(deps.config, req)}${reportPath(id)}`;

  function requireOwnerKey(req: Request, open: Awaited<ReturnType<typeof loadApiPlan>>) {
    const check = plans.checkOwnerKey(open, req.get('x-owner-key'), (k, h) =>
      limits.ownerKeys.matches(req, k, h),
    );
    if (check === 'missing') throw new HttpError(401, message('web.api.owner_key_missing'));
    if (check === 'wrong') throw new HttpError(403, message('web.api.owner_key_wrong'));
  }

  const create: RequestHandler = async (req, res) => {
    const v = validateAnswers(req.body);
    if (!v.ok) return sendErrors(res, 400, v.errors);
    // Acknowledged only now: the plan is stored once create resolves (its transaction committed).
    const made = await plans.create(v.value, chosenLanguage(res));
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
    requireOwnerKey(req, open);
    const v = validateAnswers(req.body);
    if (!v.ok) return sendErrors(res, 400, v.errors);
    const plan = await plans.replace(open, v.value, chosenLanguage(res));
    if (plan === undefined) throw new HttpError(404, message('web.api.not_found'));
    res.json({ id: open.id, url: url(req, open.id), plan, language: res.locals.language });
  };

  const remove: RequestHandler = async (req, res) => {
    const open = await loadApiPlan(plans, req);
    requireOwnerKey(req, open);
    if (!(await plans.delete(open))) throw new HttpError(404, message('web.api.not_found'));
    res.status(204).end();
  };

  const json = express.json({ limit: API_BODY_LIMIT, strict: false });
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
