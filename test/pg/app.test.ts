/**
 * The whole app on the PostgreSQL store (in-process): a form journey, a change through the
 * owner's key, the API round trip, deletion and the purge, exactly as the web tests do on SQLite;
 * and the customer poll, whose results and applied plan are the same as on SQLite.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { migrate, openDatabase } from '../../src/db/open.js';
import type { Pool } from '../../src/db/pg.js';
import { createPostgresPollStore } from '../../src/db/pg-poll-store.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import type { PollStore } from '../../src/db/poll-store.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { createI18n } from '../../src/i18n.js';
import { createPlans } from '../../src/plans.js';
import { createPolls } from '../../src/polls.js';
import { createPlanner } from '../../src/web/planner.js';
import { purgeOnce } from '../../src/web/retention.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp, seededRandomBytes, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, FormUser } from '../helpers/forms.js';
import { planThroughApi, planThroughForms } from '../security/support.js';
import { scratchPool } from './database.js';

let t: TestApp;
let store: ReturnType<typeof createPostgresStore>;
let pool: Pool;

describe('the app on PostgreSQL', () => {
  const db = scratchPool('app', { max: 4 });
  beforeAll(() => {
    pool = db.pool;
    store = createPostgresStore(pool);
    t = makeTestApp({ store }); // t.store is the helper's own SQLite store: use `store`
  });
  afterAll(() => t?.close()); // the helper's own SQLite database; scratchPool ends the pool

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

  it('the customer poll: one answer per browser, and the same results and applied plan as on SQLite', async () => {
    await pool.query('TRUNCATE plans, drafts CASCADE');
    const onPg = pollApp(store, createPostgresPollStore(pool));
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-pg-poll-ref-'));
    const db = openDatabase(path.join(dir, 'kanal.db'));
    migrate(db);
    const onSqlite = pollApp(createSqliteStore(db), createSqlitePollStore(db));
    try {
      const pg = await pollJourney(onPg.t.app, onPg.state);
      const sqlite = await pollJourney(onSqlite.t.app, onSqlite.state);
      expect(pg.outcomes.filter((o) => o === 'counted')).toHaveLength(14);
      expect(pg.outcomes.filter((o) => o === 'already')).toHaveLength(1);
      expect(pg.status).toBe(200);
      expect(pg.body).toMatchObject({ open: true, responses: 14, today: 0 });
      expect(pg.body.results).not.toBeNull();
      expect(pg.applied.status).toBe(200);
      expect(pg).toEqual(sqlite);
      const cells = await pool.query('SELECT sum(answers)::int AS n FROM poll_answers');
      expect(cells.rows[0]).toEqual({ n: 14 });
    } finally {
      onPg.t.close();
      onSqlite.t.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const pollPlanner = createPlanner(loadAdoptionData(), createI18n({ strict: true }));

/** An app whose plans and poll run on the given stores, with its own clock. */
function pollApp(store: Store, pollStore: PollStore) {
  const state = { now: FIXED_NOW };
  const clock = () => state.now;
  const randomBytes = seededRandomBytes('poll-on-both-stores');
  const plans = createPlans({
    store,
    clock,
    randomBytes,
    planner: pollPlanner,
    config: { RETENTION_DAYS: 180 },
  });
  const polls = createPolls({ store, polls: pollStore, clock, randomBytes, planner: pollPlanner, plans });
  const t = makeTestApp({ store, clock, randomBytes, polls, planner: pollPlanner });
  return { t, state };
}

/** Opens a poll, has 14 phones answer (one twice), and reads the results and the applied plan the next day. */
async function pollJourney(app: TestApp['app'], state: { now: Date }) {
  const made = await planThroughApi(app);
  const owner = { 'X-Owner-Key': made.ownerKey };
  const opened = await request(app).post(`/api/v1/plans/${made.id}/poll`).set(owner);
  expect(opened.status).toBe(201);
  const pollPath = new URL(opened.body.pollUrl as string, 'http://x').pathname;
  const ages = ['20s', '30s', '30s', '40s', '50s', '60plus', '20s'];
  const outcomes: string[] = [];
  for (let i = 0; i < 14; i++) {
    const phone = request.agent(app);
    const apps = i % 3 === 0 ? ['telegram', 'whatsapp'] : i % 3 === 1 ? ['whatsapp'] : ['email'];
    for (let k = 0; k < (i === 0 ? 2 : 1); k++) {
      const page = await phone.get(pollPath);
      const res = await phone
        .post(pollPath)
        .type('form')
        .send(encodeForm({ age: ages[i % ages.length], apps, _csrf: csrfFrom(page.text) }));
      outcomes.push(
        res.text.includes('already answered')
          ? 'already'
          : res.status === 200
            ? 'counted'
            : String(res.status),
      );
    }
  }
  state.now = new Date(FIXED_NOW.getTime() + 86_400_000);
  const results = await request(app).get(`/api/v1/plans/${made.id}/poll`).set(owner);
  const applied = await request(app).post(`/api/v1/plans/${made.id}/poll/apply`).set(owner);
  state.now = FIXED_NOW;
  const { pollUrl: _link, ...body } = results.body as Record<string, unknown>;
  return {
    outcomes,
    status: results.status,
    body,
    applied: { status: applied.status, plan: applied.body.plan },
  };
}
