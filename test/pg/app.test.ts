/**
 * The whole app on the PostgreSQL store (in-process): a form journey, a change through the
 * owner's key, the API round trip, deletion and the purge, exactly as the web tests do on SQLite.
 */
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, openPool, type Pool } from '../../src/db/pg.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import { purgeOnce } from '../../src/web/retention.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { planThroughApi, planThroughForms } from '../security/support.js';
import { type ScratchDatabase, scratchDatabase } from './database.js';

let scratch: ScratchDatabase;
let pool: Pool;
let t: TestApp;
let store: ReturnType<typeof createPostgresStore>;

describe('the app on PostgreSQL', () => {
  beforeAll(async () => {
    scratch = await scratchDatabase('app');
    pool = openPool(scratch.url, { max: 4 });
    await migratePostgres(pool);
    store = createPostgresStore(pool);
    t = makeTestApp({ store }); // t.store is the helper's own SQLite store: use `store`
  });
  afterAll(async () => {
    t?.close();
    await pool?.end();
    await scratch?.drop();
  });

  it('a form journey makes a plan whose report opens; its draft is gone from the database', async () => {
    const u = new FormUser(t.app);
    const made = await planThroughForms(u, { business: { name: 'Kedai PG' } });
    const report = await u.get(made.reportPath);
    expect(report.status).toBe(200);
    expect(report.text).toContain('Kedai PG');
    const drafts = await pool.query('SELECT count(*)::int AS n FROM drafts');
    expect(drafts.rows[0]).toEqual({ n: 0 });
  });

  it('the API creates, changes (keeping the earlier version), reads and deletes', async () => {
    const made = await planThroughApi(t.app);
    const changed = { ...SALON_ANSWERS, business: { ...SALON_ANSWERS.business, name: 'Changed on PG' } };
    const put = await request(t.app)
      .put(`/api/v1/plans/${made.id}`)
      .set('X-Owner-Key', made.ownerKey)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(changed));
    expect(put.status).toBe(200);
    const got = await request(t.app).get(`/api/v1/plans/${made.id}`);
    expect(got.body.answers.business.name).toBe('Changed on PG');
    const previous = await pool.query('SELECT previous FROM plans WHERE previous IS NOT NULL');
    expect(JSON.parse(previous.rows[0].previous).answers.business.name).toBe(SALON_ANSWERS.business.name);
    const wrong = await request(t.app).delete(`/api/v1/plans/${made.id}`).set('X-Owner-Key', 'x'.repeat(43));
    expect(wrong.status).toBe(403);
    const del = await request(t.app).delete(`/api/v1/plans/${made.id}`).set('X-Owner-Key', made.ownerKey);
    expect(del.status).toBe(204);
    expect((await request(t.app).get(`/api/v1/plans/${made.id}`)).status).toBe(404);
  });

  it('/healthz is 200 and the purge removes what expired', async () => {
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    const kept = await planThroughApi(t.app);
    t.now = new Date(FIXED_NOW.getTime() + 181 * 86_400_000);
    const result = await purgeOnce({
      store,
      clock: () => t.now,
      logger: pino({ level: 'silent' }),
      config: { DRAFT_RETENTION_DAYS: 30, PURGE_INTERVAL_MINUTES: 60 },
    });
    expect(result?.plans).toBeGreaterThanOrEqual(1);
    const left = await pool.query('SELECT count(*)::int AS n FROM plans');
    expect(left.rows[0]).toEqual({ n: 0 });
    t.now = FIXED_NOW;
    expect((await request(t.app).get(`/api/v1/plans/${kept.id}`)).status).toBe(404);
  });
});
