/**
 * Plan batches on PostgreSQL (src/db/pg-store.ts, decision 044): plans created in the same turn
 * of the event loop go in one INSERT of up to 16 rows; each is acknowledged only once its
 * statement committed (another connection reads it then), the drafts they were made from go
 * with them, and one bad plan fails alone.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStore, MAX_PLAN_BATCH } from '../../src/db/pg-store.js';
import type { NewPlan } from '../../src/db/store.js';
import { SALON } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp } from '../helpers/app.js';
import { scratchPool } from './database.js';

const helper = makeTestApp();
const plan = helper.planner(SALON, 'en');
helper.close();

const hex = (n: number) => n.toString(16).padStart(64, '0');
const newPlan = (n: number, extra: Partial<NewPlan> = {}): NewPlan => ({
  idHash: hex(n),
  ownerKeyHash: hex(1_000 + n),
  answers: SALON,
  plan,
  now: FIXED_NOW,
  expiresAt: new Date(FIXED_NOW.getTime() + 86_400_000),
  ...extra,
});

describe('plan batches on PostgreSQL', () => {
  const db = scratchPool('batches', { max: 4 });
  beforeEach(async () => {
    await db.pool.query('TRUNCATE plans, drafts CASCADE');
  });
  const count = async (table: 'plans' | 'drafts') =>
    Number((await db.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);

  it('writes the plans of one turn in statements of at most 16, each readable once acknowledged', async () => {
    const batches: number[] = [];
    const store = createPostgresStore(db.pool, { onPlanBatch: (n) => batches.push(n) });
    const reader = createPostgresStore(db.pool);
    const n = 2 * MAX_PLAN_BATCH + 5;
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        await store.createPlan(newPlan(i));
        // Acknowledged: committed, so a read on any connection finds it.
        expect((await reader.loadPlan(hex(i), FIXED_NOW))?.plan).toEqual(plan);
      }),
    );
    expect(batches.sort((a, b) => b - a)).toEqual([MAX_PLAN_BATCH, MAX_PLAN_BATCH, 5]);
    expect(await count('plans')).toBe(n);
  });

  it('fails only the plan whose id is taken; the others of its batch are stored', async () => {
    const store = createPostgresStore(db.pool);
    await store.createPlan(newPlan(7));
    const batches: number[] = [];
    const batched = createPostgresStore(db.pool, { onPlanBatch: (b) => batches.push(b) });
    const results = await Promise.allSettled([0, 1, 7, 3].map((i) => batched.createPlan(newPlan(i))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: '23505' });
    // The batch of four wrote nothing; each plan was then written alone.
    expect(batches).toEqual([1, 1, 1]);
    expect(await count('plans')).toBe(4);
  });

  it('removes the drafts the batch’s plans were made from, and keeps the one of a plan that failed', async () => {
    const store = createPostgresStore(db.pool);
    const draft = { a: hex(501), b: hex(502), c: hex(503) };
    for (const tokenHash of Object.values(draft)) {
      await store.createDraft({ tokenHash, data: { version: 1, pages: {} }, now: FIXED_NOW });
    }
    await store.createPlan(newPlan(9));
    const results = await Promise.allSettled([
      store.createPlan(newPlan(1, { fromDraftHash: draft.a })),
      store.createPlan(newPlan(9, { fromDraftHash: draft.b })),
      store.createPlan(newPlan(2, { fromDraftHash: draft.c })),
      store.createPlan(newPlan(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(await store.loadDraft(draft.a)).toBeUndefined();
    expect(await store.loadDraft(draft.b)).toBeDefined();
    expect(await store.loadDraft(draft.c)).toBeUndefined();
    expect(await count('plans')).toBe(4);
  });

  it('honours a smaller batch size', async () => {
    const batches: number[] = [];
    const store = createPostgresStore(db.pool, { maxPlanBatch: 2, onPlanBatch: (n) => batches.push(n) });
    await Promise.all([0, 1, 2, 3, 4].map((i) => store.createPlan(newPlan(i))));
    expect(batches.sort()).toEqual([1, 2, 2]);
  });
});
