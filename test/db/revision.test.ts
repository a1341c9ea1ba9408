/**
 * Migration 005 (decision 033): every change of a plan's row raises its revision once, whoever
 * runs the UPDATE, and a database at 004 with plans in it migrates, its plans at revision 0 and
 * still read. The stamp the render cache keys on is read from it (test/web/render-cache.test.ts),
 * and since migration 006 from a covering index alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { type Db, migrate, openDatabase, readMigrations } from '../../src/db/open.js';
import { STAMP_SQL, sqlitePlanStamp } from '../../src/db/plan-stamp.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON } from '../helpers/answers.js';

const answers = SALON;
const adoption = loadAdoptionData();
const planOf = (a: typeof answers) => plan(a, adoption, { translate: createI18n().translator('en').render });
const now = new Date('2026-03-01T00:00:00.000Z');
const expiresAt = new Date('2026-09-01T00:00:00.000Z');
const idHash = hashSecret('a');
/** The one plan each test stores. */
const newPlan = { idHash, ownerKeyHash: hashSecret('k'), answers, plan: planOf(answers), now, expiresAt };

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-005-'));
  db = openDatabase(path.join(dir, 'kanal.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const revision = () =>
  (db.prepare('SELECT revision FROM plans WHERE id_hash = ?').get(idHash) as { revision: number }).revision;

describe('migration 005: the plan revision', () => {
  it('applies to a database at 004 with a plan, which starts at revision 0 and still reads', async () => {
    const all = readMigrations();
    migrate(db, all.slice(0, 4));
    await createSqliteStore(db).createPlan(newPlan);
    expect(migrate(db, all.slice(0, 5))).toEqual(['005_revision.sql']);
    expect(revision()).toBe(0);
    const stored = await createSqliteStore(db).loadPlan(idHash, now);
    expect(stored?.answers.business.name).toBe(answers.business.name);
  });

  it('rises by exactly one per change, through the store or by hand, and the stamp with it', async () => {
    migrate(db);
    const store = createSqliteStore(db);
    const read = sqlitePlanStamp(db);
    const stamp = async (h: string, at: Date) => (await read(h, at))?.stamp;
    await store.createPlan(newPlan);
    expect(revision()).toBe(0);
    const seen = new Set([await stamp(idHash, now)]);
    // The same clock and the same answers each time: only the revision tells the versions apart.
    for (const expected of [1, 2, 3]) {
      expect(await store.replacePlan(idHash, { answers, plan: planOf(answers), now })).toBe(true);
      expect(revision()).toBe(expected);
      const s = await stamp(idHash, now);
      expect(seen.has(s)).toBe(false);
      seen.add(s);
    }
    db.prepare("UPDATE plans SET language = 'ms' WHERE id_hash = ?").run(idHash);
    expect(revision()).toBe(4);
    expect(seen.has(await stamp(idHash, now))).toBe(false);
    // A statement that touches no row raises nothing.
    db.prepare("UPDATE plans SET language = 'ms' WHERE id_hash = 'none'").run();
    expect(revision()).toBe(4);
  });
});

describe('migration 006: the stamp from an index alone', () => {
  it('reads the stamp from the covering index, never the row with its JSON, and the poll from its key', () => {
    migrate(db);
    const steps = db.prepare(`EXPLAIN QUERY PLAN ${STAMP_SQL}`).all(idHash, now.toISOString()) as {
      detail: string;
    }[];
    expect(steps.map((s) => s.detail)).toEqual([
      expect.stringContaining('SEARCH plans USING COVERING INDEX plans_stamp'),
      expect.stringContaining('SUBQUERY'),
      expect.stringMatching(/^SEARCH polls USING COVERING INDEX \S+ \(plan_id_hash=\?\)$/),
    ]);
  });

  it('says in the same read whether the plan has a poll, open or closed', async () => {
    migrate(db);
    await createSqliteStore(db).createPlan(newPlan);
    const read = sqlitePlanStamp(db);
    expect((await read(idHash, now))?.hasPoll).toBe(false);
    const polls = createSqlitePollStore(db);
    const poll = {
      planIdHash: idHash,
      tokenHash: 'c'.repeat(64),
      sealedToken: 's'.repeat(43),
      day: '2026-03-01',
    };
    await polls.openPoll(poll);
    const open = await read(idHash, now);
    expect(open?.hasPoll).toBe(true);
    await polls.closePoll(idHash, '2026-03-02');
    expect(await read(idHash, now)).toEqual(open); // closing changes no plan row: same stamp
  });

  it('applies to a database at 005 with a plan, whose stamp reads the same before and after', async () => {
    const all = readMigrations();
    migrate(db, all.slice(0, 5));
    await createSqliteStore(db).createPlan(newPlan);
    const before = db
      .prepare('SELECT revision, created_at, updated_at, expires_at FROM plans WHERE id_hash = ?')
      .get(idHash) as { revision: number; created_at: string; updated_at: string; expires_at: string };
    expect(migrate(db)).toEqual(['006_plan_stamp_index.sql']);
    expect(await sqlitePlanStamp(db)(idHash, now)).toEqual({
      stamp: `${before.revision}|${before.created_at}|${before.updated_at}|${before.expires_at}`,
      hasPoll: false,
    });
    // An expired plan has no stamp, as loadPlan finds none.
    expect(await sqlitePlanStamp(db)(idHash, expiresAt)).toBeUndefined();
  });
});

describe('the stamp lookups of one turn, read together (decision 045)', () => {
  const other = hashSecret('b');
  const store2 = async () => {
    migrate(db);
    const store = createSqliteStore(db);
    await store.createPlan(newPlan);
    await store.createPlan({ ...newPlan, idHash: other, expiresAt: new Date('2026-04-01T00:00:00.000Z') });
    await createSqlitePollStore(db).openPoll({
      planIdHash: other,
      tokenHash: 'c'.repeat(64),
      sealedToken: 's'.repeat(43),
      day: '2026-03-01',
    });
    return store;
  };

  it('answers each lookup of a turn on its own, with its own clock, in one batch', async () => {
    await store2();
    const batches: number[] = [];
    const read = sqlitePlanStamp(db, { onBatch: (n) => batches.push(n) });
    const alone = { a: await read(idHash, now), b: await read(other, now) };
    expect(batches).toEqual([1, 1]);
    expect(alone.a?.hasPoll).toBe(false);
    expect(alone.b?.hasPoll).toBe(true);
    expect(alone.a?.stamp).not.toBe(alone.b?.stamp);
    const together = await Promise.all([
      read(idHash, now),
      read(other, now),
      read(hashSecret('none'), now),
      read(other, new Date('2026-04-01T00:00:00.000Z')), // expired by this lookup's own clock
      read(idHash, now),
    ]);
    expect(batches).toEqual([1, 1, 5]);
    expect(together).toEqual([alone.a, alone.b, undefined, undefined, alone.a]);
    expect(db.inTransaction).toBe(false); // no read transaction outlives its turn
  });

  it('reads at most maxBatch a turn, the rest on the turns after', async () => {
    await store2();
    const batches: number[] = [];
    const read = sqlitePlanStamp(db, { maxBatch: 2, onBatch: (n) => batches.push(n) });
    const found = await Promise.all([idHash, other, idHash, other, idHash].map((h) => read(h, now)));
    expect(batches).toEqual([2, 2, 1]);
    expect(found.map((v) => v?.hasPoll)).toEqual([false, true, false, true, false]);
  });

  it('reads after the lookup was asked for: a change made meanwhile is seen', async () => {
    const store = await store2();
    const read = sqlitePlanStamp(db);
    const before = await read(idHash, now);
    const asked = read(idHash, now);
    await store.replacePlan(idHash, { answers, plan: planOf(answers), now });
    expect((await asked)?.stamp).not.toBe(before?.stamp);
  });

  it('refuses every lookup of a batch whose read fails, and answers later ones', async () => {
    await store2();
    const read = sqlitePlanStamp(db);
    db.exec('ALTER TABLE polls RENAME TO polls_gone'); // the prepared read now fails
    const failed = await Promise.allSettled([read(idHash, now), read(other, now)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    db.exec('ALTER TABLE polls_gone RENAME TO polls');
    expect((await read(other, now))?.hasPoll).toBe(true);
  });
});
