/**
 * The JSON API (docs/openapi.yaml): no cookies, JSON only (415 otherwise), small bodies (413),
 * the same validation messages as the pages, as { errors: [{ path, message }] }.
 */
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { type FieldError, validateAnswers } from '../domain/answers.js';
import { message } from '../domain/message.js';
import type { AppDeps } from './app.js';
import { HttpError } from './errors.js';
import type { Limiters } from './limits.js';
import { allowOnly } from './methods.js';
import { daysFrom } from './retention.js';
import { baseUrl, reportPath } from './routes-pages.js';
import { hashSecret, isSecretShaped, newPlanSecrets } from './secrets.js';

export const API_BODY_LIMIT = '32kb';

export function apiRoutes(deps: AppDeps, limits: Limiters): Router {
  const h = handlers(deps, limits);
  const json = express.json({ limit: API_BODY_LIMIT, strict: false });
  const r = Router();
  r.use(noStore, limits.api);
  r.use('/plans/:id', limits.misses);
  r.route('/plans')
    .post(limits.create, jsonOnly, json, h.create)
    .all(allowOnly(['POST']));
  r.route('/plans/:id')
    .get(h.read)
    .put(limits.create, jsonOnly, json, h.replace)
    .delete(h.remove)
    .all(allowOnly(['GET', 'PUT', 'DELETE']));
  return r;
}

const noStore: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
  next();
};

const jsonOnly: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) throw new HttpError(415, message('web.api.content_type'));
  next();
};

function sendErrors(res: Response, status: number, errors: readonly FieldError[]) {
  const tr = res.locals.tr;
  res.status(status).json({ errors: errors.map((e) => ({ path: e.path, message: tr.render(e.message) })) });
}

function handlers(deps: AppDeps, limits: Limiters) {
  const { store, clock, randomBytes } = deps;

  async function load(req: Request) {
    const id: unknown = req.params.id;
    if (!isSecretShaped(id)) throw new HttpError(404, message('web.api.not_found'));
    const hash = hashSecret(id);
    const stored = await store.loadPlan(hash, clock());
    if (stored === undefined) throw new HttpError(404, message('web.api.not_found'));
    return { id, hash, stored };
  }

  function requireOwnerKey(req: Request, expectedHash: string) {
    const key = req.get('x-owner-key');
    if (key === undefined || key.trim() === '')
      throw new HttpError(401, message('web.api.owner_key_missing'));
    if (!limits.ownerKeys.matches(req, key.trim(), expectedHash))
      throw new HttpError(403, message('web.api.owner_key_wrong'));
  }

  return {
    create: (async (req, res) => {
      const v = validateAnswers(req.body);
      if (!v.ok) return sendErrors(res, 400, v.errors);
      const plan = deps.planner(v.value, res.locals.lang);
      const { id, ownerKey, idHash, ownerKeyHash } = newPlanSecrets(randomBytes);
      const now = clock();
      const expiresAt = daysFrom(now, deps.config.RETENTION_DAYS);
      await store.createPlan({
        idHash,
        ownerKeyHash,
        answers: v.value,
        plan,
        now,
        expiresAt,
      });
      // Acknowledged only now: createPlan resolved after its transaction committed.
      res
        .status(201)
        .location(`/api/v1/plans/${id}`)
        .json({
          id,
          url: `${baseUrl(deps, req)}${reportPath(id)}`,
          ownerKey,
          expiresAt: expiresAt.toISOString(),
          plan,
        });
    }) as RequestHandler,

    read: (async (req, res) => {
      const { id, stored } = await load(req);
      res.json({
        id,
        url: `${baseUrl(deps, req)}${reportPath(id)}`,
        answers: stored.answers,
        plan: stored.plan,
        createdAt: stored.createdAt.toISOString(),
        updatedAt: stored.updatedAt.toISOString(),
        expiresAt: stored.expiresAt.toISOString(),
      });
    }) as RequestHandler,

    replace: (async (req, res) => {
      const { id, hash, stored } = await load(req);
      requireOwnerKey(req, stored.ownerKeyHash);
      const v = validateAnswers(req.body);
      if (!v.ok) return sendErrors(res, 400, v.errors);
      const plan = deps.planner(v.value, res.locals.lang);
      if (!(await store.replacePlan(hash, { answers: v.value, plan, now: clock() }))) {
        throw new HttpError(404, message('web.api.not_found'));
      }
      res.json({ id, url: `${baseUrl(deps, req)}${reportPath(id)}`, plan });
    }) as RequestHandler,

    remove: (async (req, res) => {
      const { hash, stored } = await load(req);
      requireOwnerKey(req, stored.ownerKeyHash);
      if (!(await store.deletePlan(hash))) throw new HttpError(404, message('web.api.not_found'));
      res.status(204).end();
    }) as RequestHandler,
  };
}
