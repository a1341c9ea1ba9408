/**
 * Wrong owner keys on the customer poll's routes (the API's X-Owner-Key and the owner's poll
 * page form) count against the same wrong-key limits as the report's forms and the plans API
 * (limits.ts, docs/openapi.yaml): 403 for a few, then 429 with Retry-After, before the key is
 * even compared; JSON under /api, a translated page otherwise.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { OWNER_KEY_LIMITS } from '../../src/web/limits.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { planThroughApi } from './support.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const WRONG = 'W'.repeat(43);
const limited = () => makeTestApp({ withPolls: true, config: { RATE_LIMIT: true } });

/** Every owner-key route of the poll's API, as a request with a wrong key. */
const ROUTES: readonly [method: 'get' | 'post' | 'delete', suffix: string][] = [
  ['get', '/poll'],
  ['post', '/poll'],
  ['delete', '/poll'],
  ['post', '/poll/reset'],
  ['post', '/poll/counter'],
  ['post', '/poll/apply'],
];

describe('owner-key guesses on the poll are limited', () => {
  it.each(ROUTES)(
    '%s /api/v1/plans/:id%s: 403 for a few wrong keys, then 429 as JSON',
    async (method, suffix) => {
      t = limited();
      const made = await planThroughApi(t.app);
      const path = `/api/v1/plans/${made.id}${suffix}`;
      const statuses: number[] = [];
      for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress + 2; i++)
        statuses.push((await request(t.app)[method](path).set('X-Owner-Key', WRONG)).status);
      expect(statuses).toEqual([...Array(OWNER_KEY_LIMITS.perPlanAndAddress).fill(403), 429, 429]);
      // Over the limit even the right key waits: it is not compared.
      const right = await request(t.app)[method](path).set('X-Owner-Key', made.ownerKey);
      expect(right.status).toBe(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      expect(right.body).toEqual({ errors: [{ path: '', message: expect.any(String) }] });
    },
  );

  it('counts together with the plans API: wrong poll keys make DELETE /plans/:id wait', async () => {
    t = limited();
    const made = await planThroughApi(t.app);
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress; i++)
      await request(t.app).get(`/api/v1/plans/${made.id}/poll`).set('X-Owner-Key', WRONG);
    const del = await request(t.app).delete(`/api/v1/plans/${made.id}`).set('X-Owner-Key', made.ownerKey);
    expect(del.status).toBe(429);
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 1 });
  });

  it('per address across plans: wrong poll keys for many plans add up', async () => {
    t = limited();
    const plans = await Promise.all(Array.from({ length: 4 }, () => planThroughApi(t!.app)));
    const statuses: number[] = [];
    for (let i = 0; i < OWNER_KEY_LIMITS.perAddress + 1; i++) {
      const p = plans[i % plans.length]!;
      statuses.push(
        (await request(t.app).get(`/api/v1/plans/${p.id}/poll`).set('X-Owner-Key', WRONG)).status,
      );
    }
    expect(statuses.slice(0, OWNER_KEY_LIMITS.perAddress)).toEqual(
      Array(OWNER_KEY_LIMITS.perAddress).fill(403),
    );
    expect(statuses.at(-1)).toBe(429);
  });

  it("the owner's poll page form: 403 for a few wrong keys, then a translated 429 page", async () => {
    t = limited();
    const made = await planThroughApi(t.app);
    const u = new FormUser(t.app);
    const path = `/r/${made.id}/poll`;
    const statuses: number[] = [];
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress + 2; i++)
      statuses.push((await u.post(path, { ownerKey: WRONG, action: 'open' })).status);
    expect(statuses).toEqual([...Array(OWNER_KEY_LIMITS.perPlanAndAddress).fill(403), 429, 429]);
    const right = await u.post(path, { ownerKey: made.ownerKey, action: 'open' });
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.type).toBe('text/html');
    expect(right.text).toContain(t.i18n.translator('en').t('security.rate_limited'));
    // Not opened: the right key was never compared.
    const status = await request(t.app)
      .get(`/api/v1/plans/${made.id}/poll`)
      .set('X-Owner-Key', made.ownerKey);
    expect(status.status).toBe(429);
  });

  it('a right key before the limit works, and the limit is off with RATE_LIMIT off', async () => {
    t = limited();
    const made = await planThroughApi(t.app);
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress - 1; i++)
      await request(t.app).get(`/api/v1/plans/${made.id}/poll`).set('X-Owner-Key', WRONG);
    const open = await request(t.app).post(`/api/v1/plans/${made.id}/poll`).set('X-Owner-Key', made.ownerKey);
    expect(open.status).toBe(201);
    t.close();
    t = makeTestApp({ withPolls: true, config: { RATE_LIMIT: false } });
    const other = await planThroughApi(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress + 2; i++)
      statuses.push(
        (await request(t.app).get(`/api/v1/plans/${other.id}/poll`).set('X-Owner-Key', WRONG)).status,
      );
    expect(statuses).toEqual(Array(OWNER_KEY_LIMITS.perPlanAndAddress + 2).fill(403));
  });
});
