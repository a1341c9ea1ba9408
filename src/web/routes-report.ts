/**
 * The report and its printable kit (GET /r/:id, /r/:id/kit); the comparison with the earlier
 * plan is part of the report's view model (report-view.ts). Two routers: `hits`, the cached
 * pages served early (before the form middleware), and `pages`, the routes themselves.
 */
import { type Request, type RequestHandler, type Response, Router } from 'express';
import { ageMixChart, reachChart } from './charts.js';
import type { RouteDeps } from './deps.js';
import { kitPageView, kitSummaryView } from './kit-view.js';
import { useStoredLanguage } from './language.js';
import { loadPlan } from './loaders.js';
import { baseUrl, changePath, deletePath, keySlipPath, kitPath, reportPath } from './paths.js';
import { type PageVariant, planPageCache } from './render-cache.js';
import { buildReport } from './report-view.js';
import { requestMemo } from './request-memo.js';
import { pageTitle, privateHeaders, words } from './respond.js';
import { type RouteRow, routerOf } from './route-table.js';
import { pollPath, pollReportVariant, reportPollSection } from './routes-poll.js';
import { hashSecret, secretMatches } from './secrets.js';
import { cookieNames } from './security.js';

type Name = 'report' | 'kit';

export const REPORT_ROUTES: readonly RouteRow<Name>[] = [
  { method: 'GET', path: '/r/:id', handler: 'report' },
  { method: 'GET', path: '/r/:id/kit', handler: 'kit' },
];

export function reportRoutes(deps: RouteDeps) {
  const { plans } = deps;
  const names = cookieNames(deps.config.HTTPS);

  /**
   * The open poll's link secret (the kit prints its poster and cards), if this server runs
   * polls; read once a request (by the kit's cache key, or by the page), so a kit rendered on a
   * miss always matches its key.
   */
  const pollToken = requestMemo<string | undefined>();
  const openPollToken = (req: Request, res: Response, idHash: string) =>
    pollToken.get(res, async () => deps.polls?.openToken(String(req.params.id), idHash));
  // Opening or closing the poll changes the kit, so its state is part of the kit's cache key.
  // A plan without a poll (the stamp's read says so) needs no other query.
  const kitVariant: PageVariant = async (req, res, idHash, version) => {
    if (!version.hasPoll) pollToken.set(res, undefined);
    const token = await openPollToken(req, res, idHash);
    return token === undefined ? 'poll:none' : `poll:${hashSecret(token)}`;
  };

  const handlers: Record<Name, RequestHandler> = {
    async report(req, res) {
      const open = await loadPlan(plans, req);
      useStoredLanguage(deps.i18n, res, open.stored.language);
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
        pollSummary: deps.polls === undefined ? undefined : await reportPollSection(deps.polls, open, res),
        deleteHref: deletePath(id),
        charts: {
          ageMix: ageMixChart(stored.answers.customers.ageMix, w.tr),
          reach: reachChart(stored.plan, w.tr),
        },
        kitLocals: {
          kit: await kitSummaryView(
            { i18n: deps.i18n, tr: w.tr, answers: stored.answers, plan: stored.plan },
            { kitUrl: kitPath(id), headingLevel: 2 },
          ),
        },
      });
    },

    async kit(req, res) {
      const open = await loadPlan(plans, req);
      useStoredLanguage(deps.i18n, res, open.stored.language);
      const w = words(deps.i18n, res);
      const token = await openPollToken(req, res, open.hash);
      // A QR code needs the full address: without a known host (BASE_URL, ALLOWED_HOSTS) none.
      const base = baseUrl(deps.config, req);
      const kit = await kitPageView(
        { i18n: deps.i18n, tr: w.tr, answers: open.stored.answers, plan: open.stored.plan },
        {
          reportUrl: reportPath(open.id),
          contactHref: changePath(open.id),
          ...(token === undefined || base === '' ? {} : { pollUrl: `${base}${pollPath(token)}` }),
        },
      );
      res.render('kit', { kit });
    },
  };

  // Both pages are the same for every reader of one version of the plan in one language:
  // rendered once and served from the render cache (render-cache.ts, decisions 024 and 035).
  const cache = planPageCache({ ...deps, ownerOnceCookie: names.ownerOnce });
  const variants: Record<Name, PageVariant | undefined> = {
    // The report shows the customer poll's results: they are part of its cache key.
    report: deps.polls && pollReportVariant(deps.polls),
    kit: kitVariant,
  };
  const served: Record<Name, RequestHandler> = {
    report: cache.page(handlers.report),
    kit: cache.page(handlers.kit),
  };
  // A hit needs none of the form, cookie and CSRF middleware: the app mounts these first, on
  // the same paths as the pages (all GET).
  const hits = Router();
  for (const row of REPORT_ROUTES)
    hits.get(row.path, cache.hit(row.handler, privateHeaders, variants[row.handler]));
  return { hits, pages: routerOf(REPORT_ROUTES, served, deps.limits) };
}
