/**
 * createApp(deps): the Express app, apart from listen (server.ts). A flat list of app.use, with
 * the routers by area (routes-*.ts) mounted in order; everything the app needs comes in as
 * deps, so tests build it with a temporary database, a fixed clock and seeded random bytes.
 *
 * Where things hook in: the language is chosen by the middleware that sets res.locals.tr (one
 * place, below); the report and kit pages' cache hits are served right after it, before the
 * form, cookie and CSRF middleware that a cached page needs none of (routes-report.ts).
 */
import cookieParser from 'cookie-parser';
import express from 'express';
import { pinoHttp } from 'pino-http';
import { DEFAULT_LANGUAGE, type Translator } from '../i18n.js';
import { createPlans } from '../plans.js';
import { loadAssets } from './assets.js';
import { CLIENT_LIST_PATH, clientListUpload, uploadGate } from './client-list.js';
import { compressResponses } from './compression.js';
import type { AppDeps, RouteDeps } from './deps.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { LANGUAGE_PATH, languageChoice, languageMiddleware } from './language.js';
import { rateLimits } from './limits.js';
import { methodGuard } from './methods.js';
import { privateAnswers } from './respond.js';
import { apiRoutes } from './routes-api.js';
import { OWNER_ROUTES, ownerRoutes } from './routes-owner.js';
import { pollApiRoutes, pollPageRoutes } from './routes-poll.js';
import { QUESTIONNAIRE_ROUTES, questionnaireRoutes } from './routes-questionnaire.js';
import { REPORT_ROUTES, reportRoutes } from './routes-report.js';
import { INFO_ROUTES, infoRoutes, staticRoutes } from './routes-static.js';
import { newSecret } from './secrets.js';
import {
  anonymousId,
  checkFormText,
  cookieNames,
  csrf,
  FORM_BODY_LIMIT,
  formsOnly,
  lazyCsrfToken,
  sameOriginOnly,
  securityHeaders,
} from './security.js';

export type { AppDeps, Planner } from './deps.js';
export { PUBLIC_DIR, VIEWS_DIR } from './dirs.js';

import { PUBLIC_DIR, VIEWS_DIR } from './dirs.js';

/** Every page route (method, path): the 405 guard is built from them. */
const PAGE_TABLE = [...QUESTIONNAIRE_ROUTES, ...REPORT_ROUTES, ...OWNER_ROUTES, ...INFO_ROUTES].map(
  (row) => [row.method, row.path] as const,
);

declare global {
  namespace Express {
    interface Locals {
      tr: Translator;
      lang: string;
      t: Translator['t'];
      sid?: string;
      csrfToken?: string;
    }
  }
}

export function createApp(deps: AppDeps): express.Express {
  const { config, i18n, randomBytes } = deps;
  const https = config.HTTPS;
  const csrfUtils = csrf(https, deps.csrfSecrets ?? [newSecret(randomBytes)]);
  const app = express();

  app.disable('x-powered-by');
  // Every page and JSON answer rendered per request is Cache-Control: no-store, so no client
  // ever revalidates it: Express's ETag (a SHA-1 of each body, 0.05-0.1 ms for an API plan) would
  // be computed for nothing. Static files and cached pages carry their own (Precompressed).
  app.set('etag', false);
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  if (config.NODE_ENV === 'production') app.set('view cache', true);
  const limits = rateLimits(config, deps.rateLimitStore);
  const plans = createPlans(deps);
  const assets = loadAssets(PUBLIC_DIR, { production: config.NODE_ENV === 'production' });
  app.locals.asset = assets.url;
  const routeDeps: RouteDeps = { ...deps, plans, limits, assets: assets.middleware };

  app.use(
    pinoHttp({
      logger: deps.logger,
      quietReqLogger: true,
      quietResLogger: true,
      // Log the route pattern, never the raw path: paths carry capability secrets.
      customSuccessObject: (req, res, val: { responseTime?: number }) => logLine(req, res, val),
      customErrorObject: (req, res, err, val: { responseTime?: number }) => ({
        ...logLine(req, res, val),
        err,
      }),
    }),
  );
  app.use(securityHeaders(https));
  app.use(compressResponses());
  // The page's language: ?lang= or the switch's choice (cookie), a stored draft or plan's, then
  // Accept-Language, then English (language.ts, decision 022). res.locals.language is the code,
  // res.locals.lang the tag for <html lang>.
  app.use(
    languageMiddleware({
      i18n,
      https,
      publicPaths: ['/', '/method', '/privacy'],
      baseUrl: config.BASE_URL,
      // The poll page keeps ?lang= in its links (a shared counter tablet sets no cookie).
      // Case-insensitive, as Express matches the routes.
      ownQuery: (path) => /^\/p\//i.test(path),
    }),
  );
  const report = reportRoutes(routeDeps);
  app.use(report.hits);
  app.use(staticRoutes(routeDeps));
  // The API's router runs first for every /api/v1 request (no-store, the API limit), then the
  // poll's API routes, which it does not match, fall through to the poll's router.
  app.use('/api/v1', apiRoutes(routeDeps));
  const pollDeps =
    deps.polls === undefined
      ? undefined
      : {
          polls: deps.polls,
          i18n,
          config,
          rateLimitStore: deps.rateLimitStore,
          // Wrong owner keys on the poll's routes count with the report's and the API's.
          ownerKeys: limits.ownerKeys,
          ...deps.pollLimits,
        };
  if (pollDeps !== undefined) app.use('/api/v1', pollApiRoutes(pollDeps));
  app.use(methodGuard(PAGE_TABLE));
  app.use(formsOnly);
  app.use(
    express.urlencoded({
      extended: false,
      limit: FORM_BODY_LIMIT,
      parameterLimit: 200,
      verify: checkFormText,
    }),
  );
  app.use(cookieParser());
  app.use(anonymousId(https, randomBytes));
  app.use(sameOriginOnly);
  // The client-list upload is gated (CSRF cookie, limit, concurrency) before its body is read,
  // then parsed here so that the CSRF check can read its token (decision 018).
  app.post(
    CLIENT_LIST_PATH,
    uploadGate({ csrfCookie: cookieNames(https).csrf, limit: limits.create }),
    clientListUpload,
  );
  app.use(csrfUtils.doubleCsrfProtection);
  app.use(lazyCsrfToken(csrfUtils.generateCsrfToken));
  app.post(LANGUAGE_PATH, languageChoice({ i18n, https }));
  app.use(['/d', '/r'], privateAnswers, limits.misses);
  app.use(questionnaireRoutes(routeDeps));
  app.use(report.pages);
  app.use(ownerRoutes(routeDeps));
  app.use(infoRoutes(routeDeps));
  if (pollDeps !== undefined) app.use(pollPageRoutes(pollDeps));
  if (deps.extraRoutes) app.use(deps.extraRoutes);
  app.use(notFoundHandler);
  // Misses (404s of guessed links) are counted here, after the lookup: a real link is never refused.
  app.use(limits.missCounter);
  app.use(errorHandler(() => randomBytes(6).toString('hex'), i18n.translator(DEFAULT_LANGUAGE)));
  return app;
}

function logLine(req: express.Request, res: express.Response, val: { responseTime?: number }) {
  return {
    method: req.method,
    route: req.route?.path === undefined ? '(unmatched)' : `${req.baseUrl}${String(req.route.path)}`,
    status: res.statusCode,
    ms: val.responseTime,
  };
}
