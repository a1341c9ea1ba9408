/**
 * createApp(deps): the Express app, apart from listen (server.ts). A flat list of app.use and
 * the route table in routes.ts; everything the app needs comes in as deps, so tests build it
 * with a temporary database, a fixed clock and seeded random bytes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { Answers } from '../domain/answers.js';
import type { Plan } from '../domain/plan-schema.js';
import type { createI18n, Translator } from '../i18n.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { apiRoutes } from './routes-api.js';
import { pageRoutes } from './routes-pages.js';
import { newSecret, type RandomBytes } from './secrets.js';
import { anonymousId, csrf, sameOriginOnly, securityHeaders } from './security.js';

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
  readonly config: Pick<Config, 'NODE_ENV' | 'HTTPS' | 'BASE_URL' | 'TRUST_PROXY' | 'RETENTION_DAYS'>;
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

/** Optional partials owned by the migration-kit work: included only when present. */
function optionalPartials(): Record<string, boolean> {
  const has = (name: string) => existsSync(path.join(VIEWS_DIR, 'partials', `${name}.ejs`));
  return {
    kitSummary: has('kit-summary'),
    chartAgeMix: has('chart-age-mix'),
    chartReach: has('chart-reach'),
  };
}

/** Extra stylesheets: print.css (the print pieces) and kit.css (charts, kit), when present. */
function stylesheets(): { href: string; media: string }[] {
  const sheets = [
    { file: 'kit.css', media: 'all' },
    { file: 'print.css', media: 'print' },
  ];
  return sheets
    .filter((s) => existsSync(path.join(PUBLIC_DIR, 'css', s.file)))
    .map((s) => ({ href: `/static/css/${s.file}`, media: s.media }));
}

export function createApp(deps: AppDeps): express.Express {
  const { config, i18n, randomBytes } = deps;
  const https = config.HTTPS;
  const csrfUtils = csrf(https, newSecret(randomBytes));
  const app = express();

  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  if (config.NODE_ENV === 'production') app.set('view cache', true);
  app.locals.partials = optionalPartials();
  app.locals.stylesheets = stylesheets();

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
  app.use((req, res, next) => {
    const tr = i18n.translator(req.acceptsLanguages(...i18n.languages) || 'en');
    res.locals.tr = tr;
    res.locals.t = tr.t;
    res.locals.lang = tr.language;
    next();
  });
  app.use(
    '/static',
    express.static(PUBLIC_DIR, { index: false, maxAge: config.NODE_ENV === 'production' ? '1d' : 0 }),
  );
  app.get('/healthz', health(deps));
  app.use('/api/v1', apiRoutes(deps));
  app.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 200 }));
  app.use(cookieParser());
  app.use(anonymousId(https, randomBytes));
  app.use(sameOriginOnly);
  app.use(csrfUtils.doubleCsrfProtection);
  app.use((req, res, next) => {
    res.locals.csrfToken = csrfUtils.generateCsrfToken(req, res);
    next();
  });
  app.use(pageRoutes(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(() => randomBytes(6).toString('hex')));
  return app;
}

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
