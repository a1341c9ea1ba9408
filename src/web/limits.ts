/**
 * Rate limits (docs/decisions/007-rate-limits.md, 018-upload-pipeline-and-limiters.md), per
 * client address, in memory, or in a store shared by every instance when one is given (with
 * DATABASE_URL, PostgreSQL: decision 020), so a limit of N is N across instances:
 * - create: making drafts and plans (POST /start, /d/:token/check, /r/:id/change; API POST and
 *   PUT), and uploading a client list (checked before its body is read, client-list.ts), per hour;
 * - api: every API request, per minute;
 * - misses: lookups of report, draft and API links that answer 404, per hour. Only misses
 *   count, and only a miss is ever refused: the limit is applied after the lookup (missCounter,
 *   mounted after the routes), so an address over it still opens every real link (shops behind
 *   one market Wi-Fi share an address), while its further guesses answer 429;
 * - ownerKeys: wrong owner keys (delete and change forms, the API's PUT and DELETE, the customer
 *   poll's owner routes and its owner page form), counted per plan and address, per address, and
 *   per plan; over any of them, 429 before the key is even compared. The limit is logged once when reached, not once per attempt.
 * Over a limit: 429 with Retry-After (a translated page, or JSON under /api). `RATE_LIMIT=off`
 * turns them all into pass-throughs, for load tests and benchmarks.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import type { Config } from '../config.js';
import { message } from '../domain/message.js';
import { classify, HttpError } from './errors.js';
import { secretMatches } from './secrets.js';

export type LimitConfig = Pick<
  Config,
  'RATE_LIMIT' | 'RATE_LIMIT_CREATE_PER_HOUR' | 'RATE_LIMIT_API_PER_MINUTE' | 'RATE_LIMIT_MISSES_PER_HOUR'
>;

/** Checks owner keys typed into a form or sent to the API, within the wrong-key limits. */
export interface OwnerKeyGuard {
  /**
   * Does `key` open the plan whose owner key hashes to `expectedHash`? A wrong key counts
   * against the limits; over them, rejects with a 429 HttpError without comparing.
   */
  matches(req: Request, key: unknown, expectedHash: string): Promise<boolean>;
}

export interface Limiters {
  readonly create: RequestHandler;
  readonly api: RequestHandler;
  /** Kept for the routes that mount it; the misses limit itself is applied by missCounter. */
  readonly misses: RequestHandler;
  /** Error middleware, after the routes and the 404 handler: counts misses, refuses over the limit. */
  readonly missCounter: ErrorRequestHandler;
  readonly ownerKeys: OwnerKeyGuard;
}

/** Makes the store of one limiter by name (a shared database store); unset: in memory. */
export type RateLimitStoreFor = (name: string) => Store;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Wrong owner keys in an hour: from one address for one plan, from one address, for one plan. */
export const OWNER_KEY_LIMITS = { perPlanAndAddress: 5, perAddress: 10, perPlan: 30 } as const;
const passThrough: RequestHandler = (_req, _res, next) => next();
const passError: ErrorRequestHandler = (err, _req, _res, next) => next(err);

function limiter(
  name: string,
  windowMs: number,
  limit: number,
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
    handler: (req, _res, next) => {
      req.log?.warn({ limit: name }, 'rate limit reached');
      next(new HttpError(429, message('security.rate_limited')));
    },
  });
}

/**
 * Fixed-window counters by key, in memory. The whole table is dropped when its window ends, so
 * memory is bounded by the keys seen in one window (and by MAX_KEYS, past which it starts over).
 */
export class WindowCounter {
  private counts = new Map<string, number>();
  private windowEnds: number;
  static readonly MAX_KEYS = 100_000;
  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowEnds = now() + windowMs;
  }

  private roll() {
    const now = this.now();
    if (now >= this.windowEnds || this.counts.size > WindowCounter.MAX_KEYS) {
      this.counts.clear();
      this.windowEnds = now + this.windowMs;
    }
  }

  get(key: string): number {
    this.roll();
    return this.counts.get(key) ?? 0;
  }

  /** Counts one more for `key`; returns the new count. */
  add(key: string): number {
    this.roll();
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }

  /** Whole seconds until the window ends (for Retry-After). */
  retryAfter(): number {
    return Math.max(1, Math.ceil((this.windowEnds - this.now()) / 1000));
  }
}

const address = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
/**
 * Paths whose 404 is a guessed capability link. Case-insensitive, as Express routes: /R/<id>
 * and /API/v1/plans/<id> are served like /r/<id>, so their misses must count the same, or a
 * guesser would go unlimited by writing the path in capitals.
 */
const LINK_PATHS = /^\/(?:r|d)\/|^\/api\/v1\/plans\/./i;

/** Refuses the rest of this request's log lines at warn: a limit is logged once, when reached. */
function quiet(req: Request) {
  if (req.log !== undefined) req.log = req.log.child({}, { level: 'error' });
}

function tooMany(res: { set(name: string, value: string): unknown }, seconds: number): HttpError {
  res.set('Retry-After', String(seconds));
  return new HttpError(429, message('security.rate_limited'));
}

export function missCounter(
  limit: number,
  now: () => number = Date.now,
  shared?: Store,
): ErrorRequestHandler {
  // One instance: counters in memory. Several (a shared store, PostgreSQL): the count is the
  // database's, so a limit of N is N across all instances (decision 020).
  const misses = new WindowCounter(HOUR, now);
  shared?.init?.({ windowMs: HOUR } as Parameters<NonNullable<Store['init']>>[0]);
  const count = async (ip: string): Promise<{ n: number; retryAfter: number }> => {
    if (shared === undefined) return { n: misses.add(ip), retryAfter: misses.retryAfter() };
    const hit = await shared.increment(ip);
    const reset = hit.resetTime?.getTime() ?? now() + HOUR;
    return { n: hit.totalHits, retryAfter: Math.max(1, Math.ceil((reset - now()) / 1000)) };
  };
  return async (err, req, res, next) => {
    if (classify(err).status !== 404 || !LINK_PATHS.test(req.path)) return next(err);
    let counted: { n: number; retryAfter: number };
    try {
      counted = await count(address(req));
    } catch (storeErr) {
      // A failing shared store never turns a miss into an error page: the 404 stands.
      req.log?.error({ err: storeErr, limit: 'misses' }, 'rate-limit store failed');
      return next(err);
    }
    if (counted.n <= limit) return next(err);
    if (counted.n === limit + 1) req.log?.warn({ limit: 'misses' }, 'rate limit reached');
    quiet(req);
    next(tooMany(res, counted.retryAfter));
  };
}

/** A fixed-window count by key: in this instance's memory, or in a shared store (decision 020). */
interface KeyCount {
  /** The count so far and the seconds until its window ends. */
  get(key: string): Promise<{ readonly n: number; readonly retryAfter: number }>;
  /** Counts one more; the new count. */
  add(key: string): Promise<number>;
}

function memoryCount(windowMs: number, now: () => number): KeyCount {
  const counter = new WindowCounter(windowMs, now);
  return {
    get: async (key) => ({ n: counter.get(key), retryAfter: counter.retryAfter() }),
    add: async (key) => counter.add(key),
  };
}

function sharedCount(store: Store, windowMs: number, now: () => number): KeyCount {
  const { get } = store;
  if (get === undefined) throw new Error('an owner-key limit needs a store that can read a count');
  store.init?.({ windowMs } as Parameters<NonNullable<Store['init']>>[0]);
  return {
    async get(key) {
      const hit = await get.call(store, key);
      const reset = hit?.resetTime?.getTime() ?? now() + windowMs;
      return { n: hit?.totalHits ?? 0, retryAfter: Math.max(1, Math.ceil((reset - now()) / 1000)) };
    },
    add: async (key) => (await store.increment(key)).totalHits,
  };
}

/**
 * Wrong owner keys, counted per plan and address, per address and per plan. With a shared store
 * (`storeFor`, PostgreSQL) the counts are the database's, so a limit of N is N across every
 * instance; without one, each instance counts in memory. A failing shared store is logged and
 * the key is still compared, uncounted (as the misses and API limits fail open): owner keys are
 * 256-bit secrets, and the limit is a second line of defence, not the first.
 */
export function ownerKeyGuard(now: () => number = Date.now, storeFor?: RateLimitStoreFor): OwnerKeyGuard {
  const count = (name: string) =>
    storeFor === undefined ? memoryCount(HOUR, now) : sharedCount(storeFor(name), HOUR, now);
  const pairs = count('owner-key-pair');
  const addresses = count('owner-key-address');
  const plans = count('owner-key-plan');
  const L = OWNER_KEY_LIMITS;
  return {
    async matches(req, key, expectedHash) {
      const ip = address(req);
      const pair = `${expectedHash}\u0000${ip}`;
      let counts: { readonly n: number; readonly retryAfter: number }[];
      try {
        counts = await Promise.all([pairs.get(pair), addresses.get(ip), plans.get(expectedHash)]);
      } catch (err) {
        req.log?.error({ err, limit: 'owner-key' }, 'rate-limit store failed');
        return secretMatches(key, expectedHash);
      }
      const limits = [L.perPlanAndAddress, L.perAddress, L.perPlan];
      const over = counts.filter((c, i) => c.n >= limits[i]!);
      if (over.length > 0) {
        quiet(req);
        throw tooMany(req.res ?? { set: () => undefined }, Math.max(...over.map((c) => c.retryAfter)));
      }
      if (secretMatches(key, expectedHash)) return true;
      let added: number[];
      try {
        added = await Promise.all([pairs.add(pair), addresses.add(ip), plans.add(expectedHash)]);
      } catch (err) {
        req.log?.error({ err, limit: 'owner-key' }, 'rate-limit store failed');
        return false;
      }
      if (added.some((n, i) => n === limits[i])) req.log?.warn({ limit: 'owner-key' }, 'rate limit reached');
      // One line when the limit is reached, not a warning per wrong key.
      quiet(req);
      return false;
    },
  };
}

/** Compares keys only: no limit (RATE_LIMIT=off). */
const unlimitedOwnerKeys: OwnerKeyGuard = {
  matches: async (_req, key, expectedHash) => secretMatches(key, expectedHash),
};

export function rateLimits(config: LimitConfig, storeFor?: RateLimitStoreFor): Limiters {
  if (!config.RATE_LIMIT)
    return {
      create: passThrough,
      api: passThrough,
      misses: passThrough,
      missCounter: passError,
      ownerKeys: unlimitedOwnerKeys,
    };
  return {
    create: limiter('create', HOUR, config.RATE_LIMIT_CREATE_PER_HOUR, storeFor),
    api: limiter('api', MINUTE, config.RATE_LIMIT_API_PER_MINUTE, storeFor),
    misses: passThrough,
    missCounter: missCounter(config.RATE_LIMIT_MISSES_PER_HOUR, Date.now, storeFor?.('misses')),
    ownerKeys: ownerKeyGuard(Date.now, storeFor),
  };
}
