/**
 * Configuration: the environment, parsed once with zod at start-up (server.ts alone calls
 * loadConfig). A bad value stops start-up with one clear line naming the variable, in the
 * operator's language (ConfigError.describe; server.ts uses KANAL_LANG's, as the commands do).
 */
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { type Message, type MessageParams, message, type Translate } from './domain/message.js';
import { inEnglish } from './i18n.js';

/**
 * What a check says, as a message key and parameters (locales/<lang>/config.json). zod carries a
 * problem as a string only, so the message rides in it as JSON (readSays takes it out).
 */
const says = (key: string, params?: MessageParams) => JSON.stringify(message(`config.${key}`, params));

function readSays(text: string): Message {
  try {
    const m: unknown = JSON.parse(text);
    if (typeof m === 'object' && m !== null && typeof (m as Message).key === 'string') return m as Message;
  } catch {
    // not a message of ours (every check here has one): said in general terms
  }
  return message('config.bad_value');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const flag = z
  .enum(['true', 'false', '1', '0'], { error: says('flag') })
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

type Unit = 'days' | 'minutes' | 'milliseconds' | 'requests' | 'connections';

function count(unit: Unit, min: number, max: number) {
  const of = { unit: message(`config.unit.${unit}`) };
  return z.coerce
    .number({ error: says('number_of', of) })
    .int({ error: says('whole_number_of', of) })
    .min(min, { error: says('at_least', { minimum: String(min) }) })
    .max(max, { error: says('at_most', { maximum: String(max) }) });
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
    NODE_ENV: z.enum(['development', 'production', 'test'], { error: says('node_env') }),
    PORT: z.coerce
      .number({ error: says('port_number') })
      .int({ error: says('whole_number') })
      .min(0, { error: says('port_range') })
      .max(65535, { error: says('port_range') }),
    /** 127.0.0.1 by default: an operator exposes it on purpose (behind a reverse proxy with TLS). */
    // Never blank: loadConfig reads a blank variable as unset, which takes the default.
    HOST: z.string(),
    DATABASE_PATH: z.string(),
    /**
     * PostgreSQL instead of the SQLite file: postgres://user:password@host:port/database
     * (docs/decisions/019). Several instances on one database behave as one (020).
     */
    DATABASE_URL: z
      .string()
      .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), {
        error: says('database_url', { example: 'postgres://kanal:secret@127.0.0.1:5432/kanal' }),
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
      .refine((list) => list.length > 0, { error: says('csrf_none') })
      .refine((list) => list.every((s) => s.length >= 32), {
        error: says('csrf_short', { minimum: '32', command: 'openssl rand -base64 32' }),
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
      .url({ protocol: /^https?$/, error: says('base_url', { example: 'https://kanal.example.org' }) })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /** Express "trust proxy": false, a hop count, or a list of addresses/subnets. Never `true`. */
    TRUST_PROXY: z
      .string()
      .refine((v) => v.trim().toLowerCase() !== 'true', {
        error: says('trust_proxy_true', { doc: 'docs/decisions/004' }),
      })
      .refine(isTrustList, { error: says('trust_proxy_list') })
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
    RATE_LIMIT: z.enum(['on', 'off'], { error: says('on_off') }).transform((v) => v === 'on'),
    /** Plans and drafts made per client address per hour (forms and API together). */
    RATE_LIMIT_CREATE_PER_HOUR: count('requests', 1, 1_000_000),
    /** API requests per client address per minute. */
    RATE_LIMIT_API_PER_MINUTE: count('requests', 1, 1_000_000),
    /** Lookups of report, draft or API links that do not exist, per client address per hour. */
    RATE_LIMIT_MISSES_PER_HOUR: count('requests', 1, 1_000_000),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: says('log_level', { levels: LOG_LEVELS.join(', ') }) }),
    /**
     * Threads that validate and plan the API's creates and changes (src/plan-threads.ts); 0: the
     * request thread does it. `auto`: one fewer than the cores Node may use, at most
     * AUTO_PLAN_THREADS.
     */
    PLAN_THREADS: z
      .string()
      .transform((v) => (v === 'auto' ? String(autoPlanThreads()) : v))
      .pipe(
        z.coerce
          .number<string>({ error: says('plan_threads_number') })
          .int({ error: says('plan_threads_whole') })
          .min(0, { error: says('at_least', { minimum: '0' }) })
          .max(64, { error: says('at_most', { maximum: '64' }) }),
      ),
  })
  .refine((c) => c.DATABASE_URL === undefined || c.CSRF_SECRETS !== undefined, {
    path: ['CSRF_SECRETS'],
    error: says('csrf_required', { doc: 'docs/operations.md' }),
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

/** One variable that cannot be used: its name, its value as shown, and what is wrong with it. */
export interface ConfigProblem {
  readonly variable: string;
  /** The value as typed, in JSON quotes; undefined for a secret or an address (never echoed). */
  readonly value: string | undefined;
  readonly says: Message;
}

/** The configuration cannot be used; `message` is in English, `describe` in any language. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super('');
    this.message = this.describe(inEnglish);
  }

  /** One line: every problem, each as VARIABLE="value" and what is wrong. */
  describe(render: Translate): string {
    const lines = this.problems.map(
      (p) => `${p.variable}=${p.value ?? render(message('config.hidden'))} ${render(p.says)}`,
    );
    return render(message('config.invalid', { problems: lines.join(render(message('config.separator'))) }));
  }
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
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '?');
      // A database URL or a secret is never echoed back (it would land in a log).
      const hidden = variable === 'CSRF_SECRETS' || variable === 'DATABASE_URL';
      return {
        variable,
        value: hidden ? undefined : JSON.stringify(raw[variable] ?? ''),
        says: readSays(issue.message),
      };
    }),
  );
}
