/**
 * The report and its printable kit (GET /r/:id, /r/:id/kit); the comparison with the earlier
 * plan is part of the report's view model (report-view.ts).
 */
import type { RequestHandler } from 'express';
import { buildKit } from '../domain/kit.js';
import type { OpenPlan } from '../plans.js';
import { ageMixChart, reachChart } from './charts.js';
import type { RouteDeps } from './deps.js';
import { loadPlan } from './loaders.js';
import { baseUrl, changePath, deletePath, keySlipPath, kitPath, reportPath } from './paths.js';
import { kitQrCodes } from './qr.js';
import { planPageCache } from './render-cache.js';
import { buildReport } from './report-view.js';
import { pageTitle, words } from './respond.js';
import { type RouteRow, routerOf } from './route-table.js';
import { pollReportVariant, reportPollSection } from './routes-poll.js';
import { secretMatches } from './secrets.js';
import { cookieNames } from './security.js';
import type { Words } from './view-models.js';

type Name = 'report' | 'kit';

export const REPORT_ROUTES: readonly RouteRow<Name>[] = [
  { method: 'GET', path: '/r/:id', handler: 'report' },
  { method: 'GET', path: '/r/:id/kit', handler: 'kit' },
];

/** Locals of the kit's partials (views/partials/kit-summary.ejs, views/kit.ejs). */
async function kitLocals(w: Words, open: OpenPlan, extra: Record<string, unknown>) {
  const kit = buildKit(open.stored.answers, open.stored.plan, w.tr.render);
  return { kit, qr: await kitQrCodes(kit), tr: w.tr, ...extra };
}

export function reportRoutes(deps: RouteDeps) {
  const { plans } = deps;
  const names = cookieNames(deps.config.HTTPS);

  const handlers: Record<Name, RequestHandler> = {
    async report(req, res) {
      const open = await loadPlan(plans, req);
      const { id, stored } = open;
      // Just made: the owner key is on its own page (the key slip), never on the report.
      const keyJustMade = secretMatches(req.cookies?.[names.ownerOnce], stored.ownerKeyHash);
      const w = words(deps.i18n, res);
      const vm = buildReport(w, stored, { reportUrl: `${baseUrl(deps.config, req)}${reportPath(id)}` });
      res.render('report', {
        ...vm,
        pageTitle: pageTitle(res, res.locals.t('web.report.title')),
        keySlipHref: keyJustMade ? keySlipPath(id) : undefined,
        kitUrl: `${baseUrl(deps.config, req)}${kitPath(id)}`,
        changeHref: changePath(id),
        // The customer poll's owner page, where this server runs polls (routes-poll.ts).
        pollHref: deps.polls === undefined ? undefined : `${reportPath(id)}/poll`,
        pollSummary: deps.polls === undefined ? undefined : await reportPollSection(deps.polls, id, res),
        deleteHref: deletePath(id),
        charts: {
          ageMix: ageMixChart(stored.answers.customers.ageMix, w.tr),
          reach: reachChart(stored.plan, w.tr),
        },
        kitLocals: await kitLocals(w, open, { kitUrl: kitPath(id), headingLevel: 2 }),
      });
    },

    async kit(req, res) {
      const open = await loadPlan(plans, req);
      const w = words(deps.i18n, res);
      res.render('kit', {
        ...(await kitLocals(w, open, {})),
        lang: res.locals.lang,
        reportUrl: reportPath(open.id),
        contactHref: changePath(open.id),
      });
    },
  };

  // Both pages are the same for every reader of one version of the plan in one language:
  // rendered once and served from the render cache (render-cache.ts, decision 024).
  const cached = planPageCache({
    ...deps,
    ownerOnceCookie: names.ownerOnce,
    // The report shows the customer poll's results: they are part of its cache key.
    variant: deps.polls === undefined ? undefined : pollReportVariant(deps.polls),
  });
  const served: Record<Name, RequestHandler> = {
    report: cached('report', handlers.report),
    kit: cached('kit', handlers.kit),
  };
  return routerOf(REPORT_ROUTES, served, deps.limits);
}
