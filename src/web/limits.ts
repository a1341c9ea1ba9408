/**
 * Rate limits (docs/decisions/007-rate-limits.md), per client address, in memory:
 * - create: making drafts and plans (POST /start, /d/:token/check, /r/:id/change; API POST and
 *   PUT), and counting an uploaded client list (POST /d/:token/customers/list), per hour;
 * - api: every API request, per minute;
 * - misses: lookups of report, draft and API links that answer 404, per hour. Only misses count
 *   (a request is counted, then given back when it found something), so guessing links is
 *   throttled while an owner opening a real link is not.
 * Over a limit: 429 with Retry-After (a translated page, or JSON under /api). `RATE_LIMIT=off`
 * turns all three into pass-throughs, for load tests and benchmarks.
 */
import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Config } from '../config.js';
import { message } from '../domain/message.js';
import { HttpError } from './errors.js';

export type LimitConfig = Pick<
  Config,
  'RATE_LIMIT' | 'RATE_LIMIT_CREATE_PER_HOUR' | 'RATE_LIMIT_API_PER_MINUTE' | 'RATE_LIMIT_MISSES_PER_HOUR'
>;

export interface Limiters {
  readonly create: RequestHandler;
  readonly api: RequestHandler;
  readonly misses: RequestHandler;
}

/** Makes the store of one limiter by name (a shared database store); unset: in memory. */
export type RateLimitStoreFor = (name: string) => Store;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const passThrough: RequestHandler = (_req, _res, next) => next();

function limiter(
  name: string,
  windowMs: number,
  limit: number,
  onlyMisses = false,
  storeFor?: RateLimitStoreFor,
): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    // A shared store (PostgreSQL, docs/decisions/020): if it fails, creating fails closed (an
    // error page), the API and misses limits fail open (logged by express-rate-limit).
    ...(storeFor === undefined ? {} : { store: storeFor(name), passOnStoreError: name !== 'create' }),
    // Sets Retry-After on a 429 (and the draft-7 RateLimit header on every answer).
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // The client address is req.ip, which honours TRUST_PROXY (never `true`). With trust proxy
    // off, a forged X-Forwarded-For is simply ignored: no need to warn about it in the log.
    validate: { xForwardedForHeader: false },
    ...(onlyMisses
      ? { skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== 404 }
      : {}),
    handler: (req, _res, next) => {
      req.log?.warn({ limit: name }, 'rate limit reached');
      next(new HttpError(429, message('security.rate_limited')));
    },
  });
}

export function rateLimits(config: LimitConfig, storeFor?: RateLimitStoreFor): Limiters {
  if (!config.RATE_LIMIT) return { create: passThrough, api: passThrough, misses: passThrough };
  return {
    create: limiter('create', HOUR, config.RATE_LIMIT_CREATE_PER_HOUR, false, storeFor),
    api: limiter('api', MINUTE, config.RATE_LIMIT_API_PER_MINUTE, false, storeFor),
    misses: limiter('misses', HOUR, config.RATE_LIMIT_MISSES_PER_HOUR, true, storeFor),
  };
}
