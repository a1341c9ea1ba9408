/**
 * Configuration: the environment, parsed once with zod at start-up (server.ts alone calls
 * loadConfig). A bad value stops start-up with one clear line naming the variable.
 */
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

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
      .transform((v): false | number | string => {
        const s = v.trim();
        if (s === '' || s === 'false' || s === '0') return false;
        return /^\d+$/.test(s) ? Number(s) : s;
      }),
    /** Served over HTTPS (directly or through a proxy): Secure/__Host- cookies, HSTS, upgrade-insecure-requests. */
    HTTPS: flag.optional(),
    RETENTION_DAYS: z.coerce
      .number({ error: 'must be a number of days' })
      .int({ error: 'must be a whole number of days' })
      .min(1, { error: 'must be at least 1' })
      .max(3650, { error: 'must be at most 3650' }),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
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
  TRUST_PROXY: 'false',
  RETENTION_DAYS: '180',
  LOG_LEVEL: 'info',
} as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the known variables from `env` (blank counts as unset) and validates them. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const raw: Record<string, string> = { ...CONFIG_DEFAULTS };
  for (const key of [...Object.keys(CONFIG_DEFAULTS), 'BASE_URL', 'HTTPS']) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '?');
    return `${key}=${JSON.stringify(raw[key] ?? '')} ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
}
