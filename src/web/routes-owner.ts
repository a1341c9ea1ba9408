/**
 * What only the owner may do, with the owner key: change the answers, delete the plan; and the
 * key slip, the printable page that shows the key just after the plan is made.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { OpenPlan } from '../plans.js';
import type { RouteDeps } from './deps.js';
import { notFound } from './errors.js';
import { chosenLanguage, useStoredLanguage } from './language.js';
import { loadPlan } from './loaders.js';
import { baseUrl, draftPath, reportPath } from './paths.js';
import { pageTitle, privateHeaders } from './respond.js';
import { type RouteRow, routerOf } from './route-table.js';
import { secretMatches } from './secrets.js';
import { cookieNames } from './security.js';

type Name = 'keySlip' | 'changeForm' | 'change' | 'deleteForm' | 'deletePlan';

export const OWNER_ROUTES: readonly RouteRow<Name>[] = [
  { method: 'GET', path: '/r/:id/key', handler: 'keySlip' },
  { method: 'GET', path: '/r/:id/change', handler: 'changeForm' },
  { method: 'POST', path: '/r/:id/change', handler: 'change', creates: true },
  { method: 'GET', path: '/r/:id/delete', handler: 'deleteForm' },
  { method: 'POST', path: '/r/:id/delete', handler: 'deletePlan' },
];

export function ownerRoutes(deps: RouteDeps) {
  const { plans } = deps;
  const names = cookieNames(deps.config.HTTPS);

  /** The plan, its pages in its stored language unless the reader chose one (decision 027). */
  async function openPlan(req: Request, res: Response): Promise<OpenPlan> {
    const open = await loadPlan(plans, req);
    useStoredLanguage(deps.i18n, res, open.stored.language);
    return open;
  }

  function ownerKeyPage(res: Response, view: 'change' | 'delete', id: string, error?: string, status = 200) {
    const t = res.locals.t;
    const title = t(`web.${view}.title`);
    res.status(status).render(view, {
      pageTitle: pageTitle(res, title, error !== undefined),
      heading: title,
      action: `${reportPath(id)}/${view}`,
      backHref: reportPath(id),
      error,
      errors: error === undefined ? [] : [{ href: '#f-ownerKey', text: error }],
    });
  }

  /** The owner key typed into the form, checked; the form again with a message (403) if wrong. */
  async function keyRefused(
    req: Request,
    res: Response,
    open: OpenPlan,
    view: 'change' | 'delete',
  ): Promise<boolean> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const check = await plans.checkOwnerKey(open, body.ownerKey, (k, h) =>
      deps.limits.ownerKeys.matches(req, k, h),
    );
    if (check === 'ok') return false;
    ownerKeyPage(res, view, open.id, res.locals.t(`web.owner_key.${check}`), 403);
    return true;
  }

  const handlers: Record<Name, RequestHandler> = {
    async keySlip(req, res) {
      const open = await openPlan(req, res);
      const once: unknown = req.cookies?.[names.ownerOnce];
      const ownerKey = secretMatches(once, open.stored.ownerKeyHash) ? String(once) : undefined;
      privateHeaders(res);
      const t = res.locals.t;
      res.render('key-slip', {
        pageTitle: pageTitle(res, t('web.key_slip.title')),
        ownerKey,
        reportHref: reportPath(open.id),
        reportUrl: `${baseUrl(deps.config, req)}${reportPath(open.id)}`,
        retentionDays: res.locals.tr.formatNumber(deps.config.RETENTION_DAYS),
      });
    },

    async changeForm(req, res) {
      ownerKeyPage(res, 'change', (await openPlan(req, res)).id);
    },

    async change(req, res) {
      const open = await openPlan(req, res);
      if (await keyRefused(req, res, open, 'change')) return;
      const { token } = await plans.openChange(open, chosenLanguage(res));
      res.redirect(303, `${draftPath(token)}/check`);
    },

    async deleteForm(req, res) {
      ownerKeyPage(res, 'delete', (await openPlan(req, res)).id);
    },

    async deletePlan(req, res) {
      const open = await openPlan(req, res);
      if (await keyRefused(req, res, open, 'delete')) return;
      if (!(await plans.delete(open))) throw notFound();
      res.redirect(303, '/deleted');
    },
  };

  return routerOf(OWNER_ROUTES, handlers, deps.limits);
}
