/**
 * Configuration: the environment, parsed once with zod at start-up (server.ts alone calls
 * loadConfig). A bad value stops start-up with one clear line naming the variable.
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** Express's "trust proxy" values we accept: false, a hop count, or addresses/subnets/names. */
function isTrustList(v: string): boolean {
  const s = v.trim();
  if (s === '' || s === 'false' || /^\d+$/.test(s)) return true;
  return s.split(',').every((item) => {
    const part = item.trim();
    if (['loopback', 'linklocal', 'uniquelocal'].includes(part)) return true;
    const [address = '', bits, ...rest] = part.split('/');
    if (rest.length > 0 || isIP(address) === 0) return false;
    if (bits === undefined) return true;
    const max = isIP(address) === 4 ? 32 : 128;
    return /^\d+$/.test(bits) && Number(bits) <= max;
  });
}

function count(unit: string, min: number, max: number) {
  return z.coerce
    .number({ error: `must be a number of ${unit}` })
    .int({ error: `must be a whole number of ${unit}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });
}

/**
 * One planning thread keeps up with more creates than the request thread can store and answer
 * (about 0.25 against 0.5 ms a create, decision 043), so `auto` takes at most two: more would
 * only hold memory (about 26 MB each). availableParallelism() counts the cores the process may
 * run on, not a container's CPU quota, so on a large host it can be far more than are usable.
 */
export const AUTO_PLAN_THREADS = 2;

export function autoPlanThreads(cores = availableParallelism()): number {
  return Math.min(AUTO_PLAN_THREADS, Math.max(0, cores - 1));
}

function days(min: number, max: number) {
  return count('days', min, max);
}

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test'], {
      error: 'must be development, production or test',
    }),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be between 0 and 65535' })
      .max(65535, { error: 'must be between 0 and 65535' }),
    /** 127.0.0.1 by default: an operator exposes it on purpose (behind a reverse proxy with TLS). */
    HOST: z.string().min(1, { error: 'must not be empty' }),
    DATABASE_PATH: z.string().min(1, { error: 'must not be empty' }),
    /**
     * PostgreSQL instead of the SQLite file: postgres://user:password@host:port/database
     * (docs/decisions/019). Several instances on one database behave as one (020).
     */
    DATABASE_URL: z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
        error:
          'must be a postgres:// (or postgresql://) address, like postgres://kanal:secret@127.0.0.1:5432/kanal',
      })
      .optional(),
    /** Connections each instance keeps to PostgreSQL at most. */
    DATABASE_POOL_MAX: count('connections', 1, 100),
    /**
     * Secrets that sign and check CSRF tokens, comma-separated: the first signs, all verify, so
     * a rotation is "prepend the new one, drop the old one a day later". Every instance must
     * have the same list (a form served by one is posted to another). Each at least 32
     * characters (e.g. `openssl rand -base64 32`). Unset: a fresh secret per process.
     */
    CSRF_SECRETS: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      )
      .refine((list) => list.length > 0, { error: 'must list at least one secret' })
      .refine((list) => list.every((s) => s.length >= 32), {
        error: 'must be secrets of at least 32 characters each (e.g. openssl rand -base64 32)',
      })
      .optional(),
    /**
     * Host values (host[:port], comma-separated) trusted for absolute links when BASE_URL is
     * unset; any other Host gives relative links (src/web/security.ts, linkBase).
     */
    ALLOWED_HOSTS: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== ''),
      )
      .optional(),
    /** Absolute base for links in API answers, e.g. https://kanal.example.org (no trailing slash). */
    BASE_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) address like https://kanal.example.org' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /** Express "trust proxy": false, a hop count, or a list of addresses/subnets. Never `true`. */
    TRUST_PROXY: z
      .string()
      .refine((v) => v.trim().toLowerCase() !== 'true', {
        error: 'must not be "true" (trust a hop count like 1, or "loopback"); see docs/decisions/004',
      })
      .refine(isTrustList, {
        error:
          'must be false, a hop count, or a comma-separated list of addresses, subnets or loopback/linklocal/uniquelocal',
      })
      .transform((v): false | number | string => {
        const s = v.trim();
        if (s === '' || s === 'false' || s === '0') return false;
        return /^\d+$/.test(s) ? Number(s) : s;
      }),
    /** Served over HTTPS (directly or through a proxy): Secure/__Host- cookies, HSTS, upgrade-insecure-requests. */
    HTTPS: flag.optional(),
    /** Plans expire (and are then purged) this many days after they were made. */
    RETENTION_DAYS: days(1, 3650),
    /** Drafts (questionnaires not finished) untouched for this many days are purged. */
    DRAFT_RETENTION_DAYS: days(1, 3650),
    /** How often the purge of expired plans and stale drafts runs (it also runs at start). */
    PURGE_INTERVAL_MINUTES: count('minutes', 1, 10_080),
    /** How long a request waits for another writer before answering 503 (SQLITE_BUSY). */
    SQLITE_BUSY_TIMEOUT_MS: count('milliseconds', 0, 60_000),
    /** `off` turns every rate limit off (load tests, benchmarks); docs/decisions/007. */
    RATE_LIMIT: z.enum(['on', 'off'], { error: 'must be on or off' }).transform((v) => v === 'on'),
    /** Plans and drafts made per client address per hour (forms and API together). */
    RATE_LIMIT_CREATE_PER_HOUR: count('requests', 1, 1_000_000),
    /** API requests per client address per minute. */
    RATE_LIMIT_API_PER_MINUTE: count('requests', 1, 1_000_000),
    /** Lookups of report, draft or API links that do not exist, per client address per hour. */
    RATE_LIMIT_MISSES_PER_HOUR: count('requests', 1, 1_000_000),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
    /**
     * Threads that validate and plan the API's creates (src/plan-threads.ts); 0: the request
     * thread does it. `auto`: one fewer than the cores Node may use, at most AUTO_PLAN_THREADS.
     */
    PLAN_THREADS: z
      .string()
      .transform((v) => (v === 'auto' ? String(autoPlanThreads()) : v))
      .pipe(
        z.coerce
          .number<string>({ error: 'must be auto or a number of threads' })
          .int({ error: 'must be auto or a whole number of threads' })
          .min(0, { error: 'must be at least 0' })
          .max(64, { error: 'must be at most 64' }),
      ),
  })
  .refine((c) => c.DATABASE_URL === undefined || c.CSRF_SECRETS !== undefined, {
    path: ['CSRF_SECRETS'],
    error:
      'must be set when DATABASE_URL is (every instance on the database must share the CSRF secrets); see docs/operations.md',
  })
  .transform(({ HTTPS, ...c }) => ({
    ...c,
    HTTPS: HTTPS ?? c.BASE_URL?.startsWith('https://') ?? false,
  }));

export type Config = z.output<typeof ConfigSchema>;

export const CONFIG_DEFAULTS = {
  NODE_ENV: 'development',
  PORT: '3000',
  HOST: '127.0.0.1',
  DATABASE_PATH: './data/kanal.db',
  DATABASE_POOL_MAX: '10',
  TRUST_PROXY: 'false',
  RETENTION_DAYS: '180',
  DRAFT_RETENTION_DAYS: '30',
  PURGE_INTERVAL_MINUTES: '60',
  SQLITE_BUSY_TIMEOUT_MS: '5000',
  RATE_LIMIT: 'on',
  RATE_LIMIT_CREATE_PER_HOUR: '30',
  RATE_LIMIT_API_PER_MINUTE: '120',
  RATE_LIMIT_MISSES_PER_HOUR: '60',
  LOG_LEVEL: 'info',
  PLAN_THREADS: 'auto',
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the known variables from `env` (blank counts as unset) and validates them. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const raw: Record<string, string> = { ...CONFIG_DEFAULTS };
  for (const key of [
    ...Object.keys(CONFIG_DEFAULTS),
    'BASE_URL',
    'ALLOWED_HOSTS',
    'HTTPS',
    'DATABASE_URL',
    'CSRF_SECRETS',
  ]) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '?');
    // A database URL or a secret is never echoed back (it would land in a log).
    const shown =
      key === 'CSRF_SECRETS' || key === 'DATABASE_URL' ? '(hidden)' : JSON.stringify(raw[key] ?? '');
    return `${key}=${shown} ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
}
