/**
 * The render cache on PostgreSQL (issue 13 item 1, decisions 024 and 026): the stamp read from
 * the stored row (src/db/pg-plan-stamp.ts), and two app instances on one database, where a change
 * made through one is shown at once by the other's cached report. Also: openStore with
 * DATABASE_URL gives the stamp and the poll store (so the poll's routes are on).
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { openPool, type Pool } from '../../src/db/pg.js';
import { postgresPlanStamp } from '../../src/db/pg-plan-stamp.js';
import { createPostgresPollStore } from '../../src/db/pg-poll-store.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import { openStore } from '../../src/db/select.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { type PlanStamp, RenderCache } from '../../src/web/render-cache.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp, type TestApp } from '../helpers/app.js';
import { scratchPool } from './database.js';

const h = (s: string) => hashSecret(s);
const answers = SALON;
const adoption = loadAdoptionData();
const planOf = (a: typeof answers) => plan(a, adoption, { translate: createI18n().translator('en').render });
const named = (name: string) => ({ ...answers, business: { ...answers.business, name } });
const now = new Date('2026-03-01T00:00:00.000Z');
const expiresAt = new Date('2026-09-01T00:00:00.000Z');
/** A plan of the salon's answers, stored under the id hash of `id`. */
const newPlan = (id: string, expires = expiresAt) => ({
  idHash: h(id),
  ownerKeyHash: h('k'),
  answers,
  plan: planOf(answers),
  now,
  expiresAt: expires,
});

describe('the plan stamp on PostgreSQL', () => {
  const db = scratchPool('stamp', { max: 6 });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE plans, drafts CASCADE');
  });

  it('changes with every change to the row, even within the same millisecond; none when gone or expired', async () => {
    const store = createPostgresStore(db.pool);
    const read = postgresPlanStamp(db.pool);
    const stamp = async (h: string, at: Date) => (await read(h, at))?.stamp;
    await store.createPlan(newPlan('a'));
    const first = await stamp(h('a'), now);
    expect(first).toMatch(/^0\|[\d.]+\|[\d.]+\|[\d.]+$/); // revision 0, then the times
    expect(await stamp(h('a'), now)).toBe(first); // unchanged row, same stamp
    const seen = new Set([first]);
    // The same clock each time: only the contents differ.
    for (const name of ['One', 'Two', 'One']) {
      const a = named(name);
      expect(await store.replacePlan(h('a'), { answers: a, plan: planOf(a), now })).toBe(true);
      const s = await stamp(h('a'), now);
      expect(seen.has(s)).toBe(false); // 'One' twice still differs: the earlier version changed
      seen.add(s);
    }
    await db.pool.query(`UPDATE plans SET expires_at = expires_at + interval '1 microsecond'`);
    const extended = await stamp(h('a'), now);
    expect(seen.has(extended)).toBe(false);
    expect(await stamp(h('a'), new Date(expiresAt.getTime() + 1))).toBeUndefined();
    expect(await stamp(h('nope'), now)).toBeUndefined();
    await store.deletePlan(h('a'));
    expect(await stamp(h('a'), now)).toBeUndefined();
  });

  it('says in the same query whether the plan has a poll, open or closed', async () => {
    await createPostgresStore(db.pool).createPlan(newPlan('p'));
    const read = postgresPlanStamp(db.pool);
    expect((await read(h('p'), now))?.hasPoll).toBe(false);
    const polls = createPostgresPollStore(db.pool);
    await polls.openPoll({
      planIdHash: h('p'),
      tokenHash: h('t'),
      sealedToken: 's'.repeat(43),
      day: '2026-03-01',
    });
    const open = await read(h('p'), now);
    expect(open?.hasPoll).toBe(true);
    await polls.closePoll(h('p'), '2026-03-02');
    expect(await read(h('p'), now)).toEqual(open); // closing changes no plan row: same stamp
  });

  it('reads the lookups of one turn in one query, each with its own clock and answer', async () => {
    const store = createPostgresStore(db.pool);
    await store.createPlan(newPlan('a'));
    const soon = new Date('2026-04-01T00:00:00.000Z');
    await store.createPlan(newPlan('b', soon));
    await createPostgresPollStore(db.pool).openPoll({
      planIdHash: h('b'),
      tokenHash: h('t'),
      sealedToken: 's'.repeat(43),
      day: '2026-03-01',
    });
    const batches: number[] = [];
    const read = postgresPlanStamp(db.pool, { onBatch: (n) => batches.push(n) });
    const alone = { a: await read(h('a'), now), b: await read(h('b'), now) };
    expect(batches).toEqual([1, 1]);
    expect(alone.a?.hasPoll).toBe(false);
    expect(alone.b?.hasPoll).toBe(true);
    expect(alone.a?.stamp).not.toBe(alone.b?.stamp);
    const together = await Promise.all([
      read(h('a'), now),
      read(h('b'), now),
      read(h('none'), now),
      read(h('b'), soon), // expired by this lookup's own clock
      read(h('a'), now),
    ]);
    expect(batches).toEqual([1, 1, 5]);
    expect(together).toEqual([alone.a, alone.b, undefined, undefined, alone.a]);

    const few = postgresPlanStamp(db.pool, { maxBatch: 2, onBatch: (n) => batches.push(n) });
    const found = await Promise.all(['a', 'b', 'a', 'b', 'a'].map((x) => few(h(x), now)));
    expect(batches.slice(3).sort()).toEqual([1, 2, 2]); // in the order their queries came back
    expect(found.map((v) => v?.hasPoll)).toEqual([false, true, false, true, false]);
  });

  it('refuses every lookup of a batch whose query fails, never leaving one waiting', async () => {
    const pool = openPool(db.url, { max: 1 });
    const read = postgresPlanStamp(pool);
    await pool.end(); // every query on it now fails
    const failed = await Promise.allSettled([read(h('a'), now), read(h('b'), now)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  describe('two app instances on one database', () => {
    const apps: TestApp[] = [];
    const pools: Pool[] = [];
    const caches: RenderCache[] = [];
    const stampCalls = [0, 0];
    /** One listening server per app, so both serve one origin each (the origin is in the key). */
    const servers: Server[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        const p = openPool(db.url, { max: 4 });
        pools.push(p);
        const cache = new RenderCache();
        caches.push(cache);
        const real = postgresPlanStamp(p);
        const counted: PlanStamp = (idHash, at) => {
          stampCalls[i] = (stampCalls[i] ?? 0) + 1;
          return real(idHash, at);
        };
        const t = makeTestApp({ store: createPostgresStore(p), planStamp: counted, renderCache: cache });
        apps.push(t);
        servers.push(
          await new Promise<Server>((resolve) => {
            const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
          }),
        );
      }
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      for (const t of apps) t.close();
      await Promise.all(pools.map((p) => p.end()));
    });

    it('a change made through one is in the other’s cached report at once', async () => {
      const [a, b] = servers as [Server, Server];
      const made = await request(a).post('/api/v1/plans').send(named('Kedai Satu')).expect(201);
      const { id, ownerKey } = made.body as { id: string; ownerKey: string };
      const first = await request(b).get(`/r/${id}`).expect(200);
      expect(first.text).toContain('Kedai Satu');
      const again = await request(b).get(`/r/${id}`).expect(200);
      expect(again.text).toBe(first.text);
      expect(caches[1]).toMatchObject({ hits: 1, misses: 1 }); // B served it from its cache
      expect(stampCalls[1]).toBe(2); // through the stamp query, not loadPlan

      // Changed through A, with the same clock (the same millisecond as the first version).
      await request(a)
        .put(`/api/v1/plans/${id}`)
        .set('X-Owner-Key', ownerKey)
        .send(named('Kedai Dua'))
        .expect(200);
      const changed = await request(b).get(`/r/${id}`).expect(200);
      expect(changed.text).toContain('Kedai Dua');
      expect(changed.text).not.toContain('Kedai Satu</');
      expect(caches[1]?.misses).toBe(2);

      // Deleted through A: B no longer serves its cached pages.
      await request(a).delete(`/api/v1/plans/${id}`).set('X-Owner-Key', ownerKey).expect(204);
      expect((await request(b).get(`/r/${id}`)).status).toBe(404);
      expect(apps[0]?.now).toEqual(FIXED_NOW); // one clock throughout: the same millisecond
    });
  });

  it('openStore with DATABASE_URL gives the stamp and the poll store', async () => {
    const opened = await openStore({
      DATABASE_URL: db.url,
      DATABASE_PATH: '/nonexistent/unused.db',
      DATABASE_POOL_MAX: 2,
      SQLITE_BUSY_TIMEOUT_MS: 5000,
    });
    try {
      expect(opened.kind).toBe('postgres');
      expect(await opened.planStamp(h('none'), now)).toBeUndefined();
      expect(await opened.pollStore.findByPlan(h('none'))).toBeUndefined();
    } finally {
      await opened.store.close();
    }
  });
});
