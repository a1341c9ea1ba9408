/**
 * What the web layer is built from (createApp's deps) and what its routers get: the same, with
 * the plans service made from them. Types only, in a module of their own, so that routers,
 * loaders and app.ts import them without importing each other.
 */
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Store } from '../db/store.js';
import type { AdoptionData } from '../domain/adoption.js';
import type { createI18n } from '../i18n.js';
import type { Planner, Plans } from '../plans.js';
import type { PollsService } from '../polls.js';
import type { Prepare } from '../prepare-plan.js';
import type { LimitConfig, Limiters, RateLimitStoreFor } from './limits.js';
import type { PlanStamp, RenderCache } from './render-cache.js';
import type { PollRouteDeps } from './routes-poll.js';
import type { RandomBytes } from './secrets.js';

export type { Planner } from '../plans.js';

export interface AppDeps {
  readonly store: Store;
  readonly clock: () => Date;
  readonly randomBytes: RandomBytes;
  readonly logger: Logger;
  readonly i18n: ReturnType<typeof createI18n>;
  readonly planner: Planner;
  /** The API create's validation and planning on planning threads (plan-threads.ts); default here. */
  readonly prepare?: Prepare;
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
  /** The customer poll (routes-poll.ts); without it the poll's routes are not mounted. */
  readonly polls?: PollsService;
  /** The poll's own limits (routes-poll.ts has the defaults; tests set low ones). */
  readonly pollLimits?: Pick<PollRouteDeps, 'answersPerHour' | 'missesPerHour'>;
  /** Tests only: extra routes mounted after the pages (e.g. one that throws). */
  readonly extraRoutes?: import('express').Router;
}

/** What every router gets: the app's deps, the plans service and the rate limiters. */
export interface RouteDeps extends AppDeps {
  readonly plans: Plans;
  readonly limits: Limiters;
  /** The static files, fingerprinted (assets.ts). */
  readonly assets: RequestHandler;
}
