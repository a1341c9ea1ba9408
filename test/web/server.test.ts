/**
 * The server's configuration (loadConfig). The real server process, spawned as `npm start` runs
 * it (configuration errors, health, SIGTERM), is test/web/server-process.test.ts (test:soak).
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { autoPlanThreads, ConfigError, loadConfig } from '../../src/config.js';
import { createI18n } from '../../src/i18n.js';

describe('configuration', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: './data/kanal.db',
      RETENTION_DAYS: 180,
      HTTPS: false,
    });
    // A blank variable is unset: it takes the default, never an empty host or path.
    expect(loadConfig({ HOST: '  ', DATABASE_PATH: '' })).toMatchObject({
      HOST: '127.0.0.1',
      DATABASE_PATH: './data/kanal.db',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc" must be a port number'],
    [{ PORT: '70000' }, 'PORT="70000" must be between 0 and 65535'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY="true" must not be "true"'],
    [{ RETENTION_DAYS: '0' }, 'RETENTION_DAYS="0" must be at least 1'],
    [{ BASE_URL: 'kanal.example' }, 'BASE_URL="kanal.example" must be an http(s) address'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" must be one of'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV="staging" must be development, production or test'],
    [{ TRUST_PROXY: 'TRUE' }, 'TRUST_PROXY="TRUE" must not be "true"'],
    [
      { TRUST_PROXY: 'everyone' },
      'TRUST_PROXY="everyone" must be false, a hop count, or a comma-separated list',
    ],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY="10.0.0.0/33" must be false, a hop count'],
    [{ RATE_LIMIT: 'maybe' }, 'RATE_LIMIT="maybe" must be on or off'],
    [{ RATE_LIMIT_CREATE_PER_HOUR: '0' }, 'RATE_LIMIT_CREATE_PER_HOUR="0" must be at least 1'],
    [{ RATE_LIMIT_API_PER_MINUTE: 'lots' }, 'RATE_LIMIT_API_PER_MINUTE="lots" must be a number of requests'],
    [{ RATE_LIMIT_MISSES_PER_HOUR: '1.5' }, 'RATE_LIMIT_MISSES_PER_HOUR="1.5" must be a whole number'],
    [{ DRAFT_RETENTION_DAYS: '0' }, 'DRAFT_RETENTION_DAYS="0" must be at least 1'],
    [{ PURGE_INTERVAL_MINUTES: '0' }, 'PURGE_INTERVAL_MINUTES="0" must be at least 1'],
    [{ SQLITE_BUSY_TIMEOUT_MS: '-1' }, 'SQLITE_BUSY_TIMEOUT_MS="-1" must be at least 0'],
    [{ PLAN_THREADS: 'many' }, 'PLAN_THREADS="many" must be auto or a number of threads'],
    [{ PLAN_THREADS: '1.5' }, 'PLAN_THREADS="1.5" must be auto or a whole number of threads'],
    [{ PLAN_THREADS: '-1' }, 'PLAN_THREADS="-1" must be at least 0'],
    [{ PLAN_THREADS: '65' }, 'PLAN_THREADS="65" must be at most 64'],
    [{ PLAN_THREADS: 'AUTO' }, 'PLAN_THREADS="AUTO" must be auto or a number of threads'],
  ] as const)('refuses %j', (env, text) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(text);
  });

  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err;
    }
    throw new Error(`not refused: ${JSON.stringify(env)}`);
  };
  const i18n = createI18n({ strict: true });

  it.each([
    ['id', { PORT: 'eighty' }, 'Konfigurasi tidak valid: PORT="eighty" harus berupa nomor port'],
    [
      'ms',
      { RETENTION_DAYS: 'x' },
      'Konfigurasi tidak sah: RETENTION_DAYS="x" mestilah nombor (bilangan hari)',
    ],
    ['zh', { PLAN_THREADS: '65' }, '配置无效：PLAN_THREADS="65" 必须是 64 或以下'],
    [
      'zh',
      { DATABASE_URL: 'mysql://x', CSRF_SECRETS: 's'.repeat(32) },
      '配置无效：DATABASE_URL=（已隐藏） 必须是 postgres://（或 postgresql://）地址，例如 postgres://kanal:secret@127.0.0.1:5432/kanal',
    ],
  ])('says what is wrong in the operator’s language (%s, %j)', (language, env, text) => {
    expect(refusal(env).describe(i18n.translator(language).render)).toBe(text);
  });

  it('joins several problems as the language punctuates', () => {
    const err = refusal({ PORT: 'x', RATE_LIMIT: 'maybe' });
    expect(err.message).toBe(
      'Invalid configuration: PORT="x" must be a port number; RATE_LIMIT="maybe" must be on or off',
    );
    expect(err.describe(i18n.translator('zh').render)).toBe(
      '配置无效：PORT="x" 必须是端口号；RATE_LIMIT="maybe" 必须是 on 或 off',
    );
  });

  it('has every refusal in every language Kanal speaks, none left in English', () => {
    const envs: Record<string, string>[] = [
      { PORT: 'abc' },
      { PORT: '70000' },
      { PORT: '1.5' },
      { NODE_ENV: 'staging' },
      { HTTPS: 'yes' },
      { TRUST_PROXY: 'true' },
      { TRUST_PROXY: 'everyone' },
      { BASE_URL: 'kanal.example' },
      { RATE_LIMIT: 'maybe' },
      { LOG_LEVEL: 'loud' },
      { DATABASE_POOL_MAX: 'lots' },
      { DATABASE_POOL_MAX: '1.5' },
      { DATABASE_POOL_MAX: '0' },
      { DATABASE_POOL_MAX: '101' },
      { RETENTION_DAYS: 'x' },
      { PURGE_INTERVAL_MINUTES: 'x' },
      { SQLITE_BUSY_TIMEOUT_MS: 'x' },
      { RATE_LIMIT_API_PER_MINUTE: 'x' },
      { PLAN_THREADS: 'many' },
      { PLAN_THREADS: '1.5' },
      { CSRF_SECRETS: ',' },
      { CSRF_SECRETS: 'short' },
      { DATABASE_URL: 'postgres://kanal@127.0.0.1/kanal' },
    ];
    for (const env of envs) {
      const err = refusal(env);
      const english = err.describe(i18n.translator('en').render);
      expect(english).toBe(err.message);
      expect(english).not.toMatch(/config\.|\{\{|is not a value Kanal can use/);
      for (const language of i18n.languages.filter((l) => l !== 'en')) {
        const text = err.describe(i18n.translator(language).render);
        expect(text, `${language} ${JSON.stringify(env)}`).not.toMatch(/\bmust\b|config\.|\{\{|Invalid/);
      }
    }
  });

  it('plans on one thread fewer than the cores, at most two, unless told (0: on the request thread)', () => {
    expect([0, 1, 2, 3, 96].map((cores) => autoPlanThreads(cores))).toEqual([0, 0, 1, 2, 2]);
    expect(loadConfig({}).PLAN_THREADS).toBe(autoPlanThreads(availableParallelism()));
    expect(loadConfig({ PLAN_THREADS: 'auto' }).PLAN_THREADS).toBe(autoPlanThreads(availableParallelism()));
    expect(loadConfig({ PLAN_THREADS: '64' }).PLAN_THREADS).toBe(64);
    expect(loadConfig({ PLAN_THREADS: '0' }).PLAN_THREADS).toBe(0);
    expect(loadConfig({ PLAN_THREADS: ' 3 ' }).PLAN_THREADS).toBe(3);
  });

  it('reads HTTPS from BASE_URL unless told', () => {
    expect(loadConfig({ BASE_URL: 'https://k.example.org/' })).toMatchObject({
      HTTPS: true,
      BASE_URL: 'https://k.example.org',
    });
    expect(loadConfig({ BASE_URL: 'https://k.example.org', HTTPS: 'false' }).HTTPS).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  });

  it('has safe defaults for limits, retention and the database, and reads their overrides', () => {
    expect(loadConfig({})).toMatchObject({
      TRUST_PROXY: false,
      RATE_LIMIT: true,
      RATE_LIMIT_CREATE_PER_HOUR: 30,
      RATE_LIMIT_API_PER_MINUTE: 120,
      RATE_LIMIT_MISSES_PER_HOUR: 60,
      DRAFT_RETENTION_DAYS: 30,
      PURGE_INTERVAL_MINUTES: 60,
      SQLITE_BUSY_TIMEOUT_MS: 5000,
    });
    expect(loadConfig({ RATE_LIMIT: 'off' }).RATE_LIMIT).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8, fd00::/8',
    );
    expect(loadConfig({ TRUST_PROXY: '192.0.2.1' }).TRUST_PROXY).toBe('192.0.2.1');
  });
});
