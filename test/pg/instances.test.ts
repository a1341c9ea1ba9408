/**
 * Several instances behave as one (issue 13 item 3, decision 020): CSRF tokens signed by one
 * instance are accepted by another with the same CSRF_SECRETS (and through a rotation), and
 * rate limits counted in PostgreSQL (creates, guessed links, wrong owner keys) are counted once
 * across instances.
 */
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { migratePostgres, openPool, type Pool } from '../../src/db/pg.js';
import { PgRateLimitStore, pgRateLimitStores } from '../../src/db/pg-rate-limit.js';
import { rateLimits } from '../../src/web/limits.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { type ScratchDatabase, scratchDatabase } from './database.js';

const OLD = 'o'.repeat(43);
const NEW = 'n'.repeat(43);

describe('CSRF_SECRETS in the configuration', () => {
  it('reads a comma-separated list, first one first', () => {
    expect(loadConfig({ CSRF_SECRETS: ` ${NEW} , ${OLD}` }).CSRF_SECRETS).toEqual([NEW, OLD]);
    expect(loadConfig({}).CSRF_SECRETS).toBeUndefined();
  });

  it.each([
    [{ CSRF_SECRETS: 'short' }, 'CSRF_SECRETS=(hidden) must be secrets of at least 32 characters'],
    [{ CSRF_SECRETS: ' , ' }, 'CSRF_SECRETS=(hidden) must list at least one secret'],
    [
      { DATABASE_URL: 'postgres://k:k@127.0.0.1/k' },
      'CSRF_SECRETS=(hidden) must be set when DATABASE_URL is',
    ],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL=(hidden) must be a postgres:// (or postgresql://) address'],
  ])('refuses %j without echoing secrets', (env, text) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(text);
    expect(() => loadConfig(env)).not.toThrow(/short|k:k/);
  });
});

/** GET / on `from`; POST /start on `to` with that page's cookies and token. */
async function formFromOneToAnother(from: TestApp, to: TestApp) {
  const page = await request(from.app).get('/');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const cookies = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
  return request(to.app)
    .post('/start')
    .set('Cookie', cookies)
    .set('Sec-Fetch-Site', 'same-origin')
    .type('form')
    .send(`_csrf=${encodeURIComponent(token)}`);
}

describe('a form served by one instance, posted to another', () => {
  const apps: TestApp[] = [];
  const make = (secrets?: string[]) => {
    const t = makeTestApp(secrets === undefined ? {} : { csrfSecrets: secrets });
    apps.push(t);
    return t;
  };
  afterAll(() => {
    for (const t of apps) t.close();
  });

  it('is accepted with the same CSRF_SECRETS', async () => {
    const res = await formFromOneToAnother(make([NEW]), make([NEW]));
    expect(res.status).toBe(303);
  });

  it('is refused when each instance makes its own secret (what CSRF_SECRETS fixes)', async () => {
    const res = await formFromOneToAnother(make(), make());
    expect(res.status).toBe(403);
  });

  it('survives a rotation: signed with the old secret, checked by an instance that lists new then old', async () => {
    expect((await formFromOneToAnother(make([OLD]), make([NEW, OLD]))).status).toBe(303);
    expect((await formFromOneToAnother(make([NEW, OLD]), make([NEW]))).status).toBe(303); // first signs
    expect((await formFromOneToAnother(make([OLD]), make([NEW]))).status).toBe(403); // old dropped
  });
});

describe('rate limits shared through PostgreSQL', () => {
  let scratch: ScratchDatabase;
  let pools: Pool[];
  beforeAll(async () => {
    scratch = await scratchDatabase('limits');
    pools = Array.from({ length: 3 }, () => openPool(scratch.url, { max: 4 }));
    await migratePostgres(pools[0]!);
  });
  afterAll(async () => {
    await Promise.all((pools ?? []).map((p) => p.end()));
    await scratch?.drop();
  });

  it('counts 50 increments from three pools at once exactly 1 to 50', async () => {
    const stores = pools.map((p) => {
      const s = new PgRateLimitStore(p, 'count');
      s.init({ windowMs: 60_000 } as never);
      return s;
    });
    const hits = await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % 3]!.increment('1.2.3.4')));
    expect(hits.map((h) => h.totalHits).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    await stores[0]!.decrement('1.2.3.4');
    expect((await stores[1]!.get('1.2.3.4'))?.totalHits).toBe(49);
    await stores[2]!.resetKey('1.2.3.4');
    expect(await stores[0]!.get('1.2.3.4')).toBeUndefined();
    const raw = await pools[0]!.query('SELECT key FROM rate_limits');
    expect(JSON.stringify(raw.rows)).not.toContain('1.2.3.4');
  });

  it('starts a new window once the old one ended', async () => {
    let now = new Date('2026-03-02T09:00:00Z');
    const s = new PgRateLimitStore(pools[0]!, 'window', () => now);
    s.init({ windowMs: 60_000 } as never);
    expect((await s.increment('k')).totalHits).toBe(1);
    expect((await s.increment('k')).totalHits).toBe(2);
    now = new Date(now.getTime() + 60_000);
    const fresh = await s.increment('k');
    expect(fresh.totalHits).toBe(1);
    expect(fresh.resetTime).toEqual(new Date(now.getTime() + 60_000));
  });

  it('a limit of 5 is 5 across three instances, requests going round-robin', async () => {
    await pools[0]!.query('TRUNCATE rate_limits');
    const config = {
      RATE_LIMIT: true,
      RATE_LIMIT_CREATE_PER_HOUR: 5,
      RATE_LIMIT_API_PER_MINUTE: 1000,
      RATE_LIMIT_MISSES_PER_HOUR: 1000,
    };
    const servers = pools.map((p) => {
      const app = express();
      const limits = rateLimits(config, pgRateLimitStores(p));
      app.post('/make', limits.create, (_req, res) => void res.status(201).end());
      app.use(
        (
          err: { status?: number },
          _req: express.Request,
          res: express.Response,
          _next: express.NextFunction,
        ) => {
          res.status(err.status ?? 500).end();
        },
      );
      return app;
    });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await request(servers[i % 3]!).post('/make')).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429, 429, 429, 429, 429]);
  });

  it('the real app on PostgreSQL limits: the sixth create through a second app is 429', async () => {
    await pools[0]!.query('TRUNCATE rate_limits');
    const apps = [0, 1].map((i) =>
      makeTestApp({
        rateLimitStore: pgRateLimitStores(pools[i]!),
        config: { RATE_LIMIT: true, RATE_LIMIT_CREATE_PER_HOUR: 5 },
      }),
    );
    try {
      const body = JSON.stringify(SALON_ANSWERS);
      const post = (i: number) =>
        request(apps[i % 2]!.app)
          .post('/api/v1/plans')
          .set('Content-Type', 'application/json')
          .send(body);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await post(i)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    } finally {
      for (const t of apps) t.close();
    }
  });

  it('wrong owner keys are counted once: the sixth, through either app, is 429', async () => {
    await pools[0]!.query('TRUNCATE rate_limits');
    const first = makeTestApp({
      rateLimitStore: pgRateLimitStores(pools[0]!),
      config: { RATE_LIMIT: true },
    });
    // A second instance on the same plans, counting in the same PostgreSQL database.
    const second = makeTestApp({
      sameDatabaseAs: first,
      rateLimitStore: pgRateLimitStores(pools[1]!),
      config: { RATE_LIMIT: true },
    });
    const apps = [first, second];
    try {
      const made = await request(first.app)
        .post('/api/v1/plans')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(SALON_ANSWERS));
      expect(made.status).toBe(201);
      const { id, ownerKey } = made.body as { id: string; ownerKey: string };
      const del = (i: number, key: string) =>
        request(apps[i % 2]!.app)
          .delete(`/api/v1/plans/${id}`)
          .set('X-Owner-Key', key);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await del(i, `wrong-key-${i}`.padEnd(43, 'x'))).status);
      // Five a plan and address in an hour (OWNER_KEY_LIMITS), however the guesses are spread.
      expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429]);
      const refused = await del(1, ownerKey);
      expect(refused.status).toBe(429); // over the limit, even the right key waits (not compared)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
      const keys = await pools[0]!.query('SELECT key FROM rate_limits');
      expect(JSON.stringify(keys.rows)).not.toContain(id);
    } finally {
      for (const t of apps) t.close();
    }
  });

  it('the poll limits too: the fourth guessed poll link through a second app is 429', async () => {
    await pools[0]!.query('TRUNCATE rate_limits');
    const apps = [0, 1].map((i) =>
      makeTestApp({
        withPolls: true,
        rateLimitStore: pgRateLimitStores(pools[i]!),
        pollLimits: { missesPerHour: 3 },
        config: { RATE_LIMIT: true },
      }),
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const guess = String.fromCharCode(65 + i).repeat(43);
        statuses.push((await request(apps[i % 2]!.app).get(`/p/${guess}`)).status);
      }
      expect(statuses).toEqual([404, 404, 404, 429, 429, 429]);
    } finally {
      for (const t of apps) t.close();
    }
  });
});
