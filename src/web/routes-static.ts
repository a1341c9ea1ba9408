/**
 * What is the same for everyone: static files, the health check, robots.txt (before the page
 * middleware), and the information pages (privacy, method, deleted).
 */
import { type RequestHandler, Router } from 'express';
import { preparedAdoption } from '../domain/plan.js';
import { STATIC_PREFIX } from './assets.js';
import type { RouteDeps } from './deps.js';
import { buildMethod } from './method-view.js';
import { allowOnly } from './methods.js';
import { pageTitle, words } from './respond.js';
import { type RouteRow, routerOf } from './route-table.js';

export function staticRoutes(deps: RouteDeps): Router {
  const r = Router();
  r.use(STATIC_PREFIX, allowOnly(['GET']), deps.assets);
  r.route('/healthz')
    .get(health(deps))
    .all(allowOnly(['GET']));
  r.route('/robots.txt')
    .get(robots)
    .all(allowOnly(['GET']));
  return r;
}

/** Capability links are never to be crawled (they also carry X-Robots-Tag: noindex). */
const robots: RequestHandler = (_req, res) => {
  res
    .type('text/plain')
    .send('User-agent: *\nDisallow: /r/\nDisallow: /d/\nDisallow: /p/\nDisallow: /api/\n');
};

/** Up when the app answers and the database answers a trivial query. */
function health(deps: RouteDeps): RequestHandler {
  return async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await deps.store.ping();
      res.json({ status: 'ok' });
    } catch (err) {
      req.log.error({ err }, 'health check failed');
      res.status(503).json({ status: 'unavailable' });
    }
  };
}

type Name = 'privacy' | 'method' | 'deleted';

export const INFO_ROUTES: readonly RouteRow<Name>[] = [
  { method: 'GET', path: '/deleted', handler: 'deleted' },
  { method: 'GET', path: '/privacy', handler: 'privacy' },
  { method: 'GET', path: '/method', handler: 'method' },
];

export function infoRoutes(deps: RouteDeps): Router {
  const adoption = preparedAdoption(deps.adoption);
  const handlers: Record<Name, RequestHandler> = {
    async privacy(_req, res) {
      const t = res.locals.t;
      res.render('privacy', {
        pageTitle: pageTitle(res, t('privacy.title')),
        retentionDays: res.locals.tr.formatNumber(deps.config.RETENTION_DAYS),
        draftRetentionDays: res.locals.tr.formatNumber(deps.config.DRAFT_RETENTION_DAYS),
      });
    },
    async method(_req, res) {
      res.render('method', {
        pageTitle: pageTitle(res, res.locals.t('web.method.title')),
        ...buildMethod(words(deps.i18n, res), adoption),
      });
    },
    async deleted(_req, res) {
      res.render('deleted', { pageTitle: pageTitle(res, res.locals.t('web.deleted.title')) });
    },
  };
  return routerOf(INFO_ROUTES, handlers, deps.limits);
}
