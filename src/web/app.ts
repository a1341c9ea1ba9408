/**
 * createApp(deps): the Express app, apart from listen (server.ts). A flat list of app.use and
 * the route table in routes.ts; everything the app needs comes in as deps, so tests build it
 * with a temporary database, a fixed clock and seeded random bytes.
 */
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { AdoptionData } from '../domain/adoption.js';
import type { Answers } from '../domain/answers.js';
import type { Plan } from '../domain/plan-schema.js';
import { type createI18n, DEFAULT_LANGUAGE, type Translator } from '../i18n.js';
import { loadAssets, STATIC_PREFIX } from './assets.js';
import { CLIENT_LIST_PATH, clientListUpload, uploadGate } from './client-list.js';
import { compressResponses } from './compression.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { type LimitConfig, type RateLimitStoreFor, rateLimits } from './limits.js';
import { allowOnly } from './methods.js';
import type { PlanStamp, RenderCache } from './render-cache.js';
import { apiRoutes } from './routes-api.js';
import { pageMethodGuard, pageRoutes } from './routes-pages.js';
import { newSecret, type RandomBytes } from './secrets.js';
import {
  anonymousId,
  cookieNames,
  csrf,
  FORM_BODY_LIMIT,
  formsOnly,
  sameOriginOnly,
  securityHeaders,
} from './security.js';

export const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));
export const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

/** Makes a plan for validated answers, rendering its texts in `language`. */
export type Planner = (answers: Answers, language: string) => Plan;

export interface AppDeps {
  readonly store: Store;
  readonly clock: () => Date;
  readonly randomBytes: RandomBytes;
  readonly logger: Logger;
  readonly i18n: ReturnType<typeof createI18n>;
  readonly planner: Planner;
  /** The adoption data the planner uses, for the method page. */
  readonly adoption: AdoptionData;
  readonly config: Pick<
    Config,
    | 'NODE_ENV'
    | 'HTTPS'
    | 'BASE_URL'
    | 'ALLOWED_HOSTS'
    | 'TRUST_PROXY'
    | 'RETENTION_DAYS'
    | 'DRAFT_RETENTION_DAYS'
  > &
    LimitConfig;
  /** Rate-limit counters shared through the database (several instances); default in memory. */
  readonly rateLimitStore?: RateLimitStoreFor;
  /** CSRF_SECRETS (first signs, all verify); default one fresh secret per process. */
  readonly csrfSecrets?: readonly string[];
  /** The report/kit render cache (one is made if not given; false turns it off). decision 024. */
  readonly renderCache?: RenderCache | false;
  /** A cheap version read of a stored plan for that cache (src/db/plan-stamp.ts). */
  readonly planStamp?: PlanStamp;
  /** Tests only: extra routes mounted after the pages (e.g. one that throws). */
  readonly extraRoutes?: express.Router;
}

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
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  if (config.NODE_ENV === 'production') app.set('view cache', true);
  const limits = rateLimits(config, deps.rateLimitStore);
  const assets = loadAssets(PUBLIC_DIR, { production: config.NODE_ENV === 'production' });
  app.locals.asset = assets.url;

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
  app.use((req, res, next) => {
    const tr = i18n.translator(req.acceptsLanguages(...i18n.languages) || 'en');
    res.locals.tr = tr;
    res.locals.t = tr.t;
    res.locals.lang = tr.language;
    next();
  });
  app.use(STATIC_PREFIX, allowOnly(['GET']), assets.middleware);
  app
    .route('/healthz')
    .get(health(deps))
    .all(allowOnly(['GET']));
  app
    .route('/robots.txt')
    .get(robots)
    .all(allowOnly(['GET']));
  app.use('/api/v1', apiRoutes(deps, limits));
  app.use(pageMethodGuard());
  app.use(formsOnly);
  app.use(express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT, parameterLimit: 200 }));
  app.use(cookieParser());
  app.use(anonymousId(https, randomBytes));
  app.use(sameOriginOnly);
  // The client-list upload: checked (CSRF cookie, rate limit, concurrency) before its body is
  // read, then parsed here, so that the CSRF check can read its token field.
  app.post(
    CLIENT_LIST_PATH,
    uploadGate({ csrfCookie: cookieNames(https).csrf, limit: limits.create }),
    clientListUpload,
  );
  app.use(csrfUtils.doubleCsrfProtection);
  app.use((req, res, next) => {
    res.locals.csrfToken = csrfUtils.generateCsrfToken(req, res);
    next();
  });
  app.use(pageRoutes(deps, limits));
  if (deps.extraRoutes) app.use(deps.extraRoutes);
  app.use(notFoundHandler);
  // Misses (404s of guessed links) are counted here, after the lookup: a real link is never refused.
  app.use(limits.missCounter);
  app.use(errorHandler(() => randomBytes(6).toString('hex'), i18n.translator(DEFAULT_LANGUAGE)));
  return app;
}

/** Capability links are never to be crawled (they also carry X-Robots-Tag: noindex). */
const robots: express.RequestHandler = (_req, res) => {
  res.type('text/plain').send('User-agent: *\nDisallow: /r/\nDisallow: /d/\nDisallow: /api/\n');
};

/** Up when the app answers and the database answers a trivial query. */
function health(deps: AppDeps): express.RequestHandler {
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

function logLine(req: express.Request, res: express.Response, val: { responseTime?: number }) {
  return {
    method: req.method,
    route: req.route?.path === undefined ? '(unmatched)' : `${req.baseUrl}${String(req.route.path)}`,
    status: res.statusCode,
    ms: val.responseTime,
  };
}
