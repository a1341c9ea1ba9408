/**
 * Rate limits (T8): creating, the API, and guessing links, each 429 with Retry-After once over
 * its limit; a forged X-Forwarded-For does not reset a bucket when trust proxy is off; real
 * links do not count as misses; RATE_LIMIT off turns them all off.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { OWNER_KEY_LIMITS } from '../../src/web/limits.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { capturedLogger, planThroughApi, planThroughForms } from './support.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const on = (limits: Record<string, number>) => ({ config: { RATE_LIMIT: true, ...limits } });
const json = (body: unknown) => JSON.stringify(body);

describe('rate limits', () => {
  it('limits creating drafts through the forms: a friendly, translated 429 page with Retry-After', async () => {
    t = makeTestApp(on({ RATE_LIMIT_CREATE_PER_HOUR: 3 }));
    const u = new FormUser(t.app);
    for (let i = 0; i < 3; i++) await u.start();
    const drafts = t.db.prepare('SELECT count(*) AS n FROM drafts').get();
    const res = await u.post('/start', {}, '/');
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(3000);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain(t.i18n.translator('en').t('security.rate_limited'));
    expect(t.db.prepare('SELECT count(*) AS n FROM drafts').get()).toEqual(drafts);
  });

  it('limits creating plans through the API, counting POST and PUT together; 429 as JSON', async () => {
    t = makeTestApp(on({ RATE_LIMIT_CREATE_PER_HOUR: 2 }));
    const made = await planThroughApi(t.app);
    const put = await request(t.app)
      .put(`/api/v1/plans/${made.id}`)
      .set('X-Owner-Key', made.ownerKey)
      .set('Content-Type', 'application/json')
      .send(json(SALON_ANSWERS));
    expect(put.status).toBe(200);
    const res = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(json(SALON_ANSWERS));
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.errors[0].message).toBe(t.i18n.translator('en').t('security.rate_limited'));
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 1 });
    // Reading is not creating.
    expect((await request(t.app).get(`/api/v1/plans/${made.id}`)).status).toBe(200);
  });

  it('limits API requests per minute', async () => {
    t = makeTestApp(on({ RATE_LIMIT_API_PER_MINUTE: 5 }));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await request(t.app).get('/api/v1/plans')).status);
    expect(statuses).toEqual([405, 405, 405, 405, 405, 429, 429, 429]);
  });

  it('throttles guessing report, draft and API links, but never counts links that exist', async () => {
    t = makeTestApp(on({ RATE_LIMIT_MISSES_PER_HOUR: 4 }));
    const made = await planThroughApi(t.app);
    const u = new FormUser(t.app);
    // An owner opening the real link many times is never throttled.
    for (let i = 0; i < 10; i++) {
      expect((await u.get(`/r/${made.id}`)).status).toBe(200);
      expect((await request(t.app).get(`/api/v1/plans/${made.id}`)).status).toBe(200);
    }
    const guess = (i: number) => `${String(i).padStart(2, '0')}${'x'.repeat(41)}`;
    const statuses = [
      (await u.get(`/r/${guess(1)}`)).status,
      (await u.get(`/d/${guess(2)}/business`)).status,
      (await request(t.app).get(`/api/v1/plans/${guess(3)}`)).status,
      (await u.get(`/r/${guess(4)}/kit`)).status,
      (await u.get(`/r/${guess(5)}`)).status,
      (await request(t.app).get(`/api/v1/plans/${guess(6)}`)).status,
    ];
    expect(statuses).toEqual([404, 404, 404, 404, 429, 429]);
    const limited = await u.get(`/r/${guess(7)}`);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('ignores a forged X-Forwarded-For when trust proxy is off: the bucket is the real address', async () => {
    t = makeTestApp(on({ RATE_LIMIT_API_PER_MINUTE: 3 }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await request(t.app)
            .get('/api/v1/plans')
            .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        ).status,
      );
    }
    expect(statuses).toEqual([405, 405, 405, 429, 429, 429]);
  });

  it('with TRUST_PROXY=1 counts the address the proxy saw, one bucket per client', async () => {
    t = makeTestApp({ config: { RATE_LIMIT: true, RATE_LIMIT_API_PER_MINUTE: 2, TRUST_PROXY: 1 } });
    const from = (ip: string) => request(t!.app).get('/api/v1/plans').set('X-Forwarded-For', ip);
    expect([(await from('203.0.113.1')).status, (await from('203.0.113.1')).status]).toEqual([405, 405]);
    expect((await from('203.0.113.1')).status).toBe(429);
    // A client cannot escape by prepending its own entry: the proxy appends the real one last.
    expect((await from('198.51.100.9, 203.0.113.1')).status).toBe(429);
    expect((await from('203.0.113.2')).status).toBe(405);
  });

  it('RATE_LIMIT=off turns every limit off', async () => {
    t = makeTestApp({
      config: {
        RATE_LIMIT: false,
        RATE_LIMIT_API_PER_MINUTE: 1,
        RATE_LIMIT_CREATE_PER_HOUR: 1,
        RATE_LIMIT_MISSES_PER_HOUR: 1,
      },
    });
    for (let i = 0; i < 5; i++) {
      expect((await request(t.app).get(`/api/v1/plans/${'A'.repeat(43)}`)).status).toBe(404);
      await planThroughApi(t.app);
    }
    const u = new FormUser(t.app);
    for (let i = 0; i < 3; i++) await u.start();
  });
});

describe('the misses limit never blocks a real link', () => {
  it('an address over it (60+ guessed links) still opens its real report, kit, change, delete and draft', async () => {
    t = makeTestApp(on({ RATE_LIMIT_MISSES_PER_HOUR: 60 }));
    const u = new FormUser(t.app);
    const made = await planThroughForms(u);
    const draft = await u.start();
    const guess = (i: number) => `${String(i).padStart(3, '0')}${'x'.repeat(40)}`;
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await u.get(`/r/${guess(i)}`)).status);
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(404));
    expect(statuses.slice(60)).toEqual(Array(10).fill(429));
    for (const path of [
      made.reportPath,
      `${made.reportPath}/kit`,
      `${made.reportPath}/change`,
      `${made.reportPath}/delete`,
      `${draft}/business`,
    ]) {
      expect((await u.get(path)).status, path).toBe(200);
    }
    const id = made.reportPath.slice(3);
    expect((await request(t.app).get(`/api/v1/plans/${id}`)).status).toBe(200);
    // ...while its guesses, of any kind, are still refused.
    expect((await u.get(`/d/${guess(99)}/business`)).status).toBe(429);
    expect((await request(t.app).get(`/api/v1/plans/${guess(98)}`)).status).toBe(429);
    // A real link's form still works: the owner can delete.
    const del = await u.post(`${made.reportPath}/delete`, { ownerKey: made.ownerKey });
    expect(del.status).toBe(303);
  });
});

describe('owner-key guesses are limited through every form and the API', () => {
  const WRONG = 'W'.repeat(43);

  it.each(['delete', 'change'])(
    'the %s form: 403 for a few wrong keys, then 429; logged once',
    async (form) => {
      const log = capturedLogger('info');
      t = makeTestApp({ ...on({}), logger: log.logger });
      const u = new FormUser(t.app);
      const made = await planThroughForms(u);
      const path = `${made.reportPath}/${form}`;
      const statuses: number[] = [];
      for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress + 3; i++)
        statuses.push((await u.post(path, { ownerKey: WRONG })).status);
      expect(statuses).toEqual([
        ...Array(OWNER_KEY_LIMITS.perPlanAndAddress).fill(403),
        ...Array(3).fill(429),
      ]);
      // Over the limit even the right key waits (it is not compared), and the plan is untouched.
      const right = await u.post(path, { ownerKey: made.ownerKey });
      expect(right.status).toBe(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      expect((await u.get(made.reportPath)).status).toBe(200);
      const warnings = log.lines.filter((l) => /"level":40/.test(l));
      expect(warnings.filter((l) => l.includes('"owner-key"'))).toHaveLength(1);
      expect(warnings).toHaveLength(1);
    },
  );

  it('the API (PUT and DELETE with X-Owner-Key): 403, then 429', async () => {
    t = makeTestApp(on({}));
    const made = await planThroughApi(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress + 2; i++) {
      const req =
        i % 2 === 0
          ? request(t.app).delete(`/api/v1/plans/${made.id}`)
          : request(t.app)
              .put(`/api/v1/plans/${made.id}`)
              .set('Content-Type', 'application/json')
              .send(json(SALON_ANSWERS));
      statuses.push((await req.set('X-Owner-Key', WRONG)).status);
    }
    expect(statuses).toEqual([...Array(OWNER_KEY_LIMITS.perPlanAndAddress).fill(403), 429, 429]);
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 1 });
  });

  it('per address across plans: wrong keys for many plans add up', async () => {
    t = makeTestApp(on({}));
    const plans = await Promise.all(Array.from({ length: 4 }, () => planThroughApi(t!.app)));
    const statuses: number[] = [];
    for (let i = 0; i < OWNER_KEY_LIMITS.perAddress + 1; i++) {
      const p = plans[i % plans.length]!;
      statuses.push((await request(t.app).delete(`/api/v1/plans/${p.id}`).set('X-Owner-Key', WRONG)).status);
    }
    expect(statuses.slice(0, OWNER_KEY_LIMITS.perAddress)).toEqual(
      Array(OWNER_KEY_LIMITS.perAddress).fill(403),
    );
    expect(statuses.at(-1)).toBe(429);
  });

  it('a right key before the limit works, and does not count', async () => {
    t = makeTestApp(on({}));
    const made = await planThroughApi(t.app);
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress - 1; i++)
      await request(t.app).delete(`/api/v1/plans/${made.id}`).set('X-Owner-Key', WRONG);
    const put = await request(t.app)
      .put(`/api/v1/plans/${made.id}`)
      .set('X-Owner-Key', made.ownerKey)
      .set('Content-Type', 'application/json')
      .send(json(SALON_ANSWERS));
    expect(put.status).toBe(200);
    expect(
      (await request(t.app).delete(`/api/v1/plans/${made.id}`).set('X-Owner-Key', made.ownerKey)).status,
    ).toBe(204);
  });
});

describe('paths in capitals (Express routes them case-insensitively)', () => {
  it('count as guesses like the same paths in lower case', async () => {
    t = makeTestApp(on({ RATE_LIMIT_MISSES_PER_HOUR: 3 }));
    const u = new FormUser(t.app);
    const guess = (i: number) => `${String(i).padStart(2, '0')}${'x'.repeat(41)}`;
    const statuses = [
      (await u.get(`/R/${guess(1)}`)).status,
      (await u.get(`/D/${guess(2)}/business`)).status,
      (await request(t.app).get(`/API/V1/Plans/${guess(3)}`)).status,
      (await u.get(`/R/${guess(4)}`)).status,
      (await request(t.app).get(`/Api/v1/plans/${guess(5)}`)).status,
    ];
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });
});
