/**
 * Group commit (src/db/group-commit.ts, decision 024): plans created in the same turn of the
 * event loop share one transaction; each is acknowledged only once committed (another
 * connection reads it), and one failing plan fails alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/db/group-commit.js';
import { type Db, migrate, openDatabase } from '../../src/db/open.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { NewPlan, Store } from '../../src/db/store.js';
import { SALON } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp } from '../helpers/app.js';

const answers = SALON;
const helper = makeTestApp();
const plan = helper.planner(answers, 'en');
helper.close();

let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(onBatch?: (n: number) => void): { store: Store; file: string } {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-group-'));
  const file = path.join(dir, 'kanal.db');
  db = openDatabase(file);
  migrate(db);
  return { store: groupCommit(db, createSqliteStore(db), { onBatch }), file };
}

const hex = (n: number) => n.toString(16).padStart(64, '0');
const newPlan = (n: number): NewPlan => ({
  idHash: hex(n),
  ownerKeyHash: hex(1_000 + n),
  answers,
  plan,
  now: FIXED_NOW,
  expiresAt: new Date(FIXED_NOW.getTime() + 86_400_000),
});

describe('group commit', () => {
  it('writes plans created together in one transaction, each readable once acknowledged', async () => {
    const batches: number[] = [];
    const { store, file } = open((n) => batches.push(n));
    const reader = new Database(file, { readonly: true });
    try {
      const count = reader.prepare('SELECT count(*) AS n FROM plans');
      const pending = Array.from({ length: 10 }, (_, i) => store.createPlan(newPlan(i + 1)));
      // Nothing is written before the batch runs.
      expect(count.get()).toEqual({ n: 0 });
      await Promise.all(pending);
      expect(batches).toEqual([10]);
      // Acknowledged means committed: another connection sees every plan.
      expect(count.get()).toEqual({ n: 10 });
      for (let i = 1; i <= 10; i++) expect(await store.loadPlan(hex(i), FIXED_NOW)).toBeDefined();
    } finally {
      reader.close();
    }
  });

  it('fails one plan alone (a duplicate id) and keeps the others of its batch', async () => {
    const { store } = open();
    await store.createPlan(newPlan(1));
    const results = await Promise.allSettled([
      store.createPlan(newPlan(2)),
      store.createPlan(newPlan(1)),
      store.createPlan(newPlan(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    for (const n of [1, 2, 3]) expect(await store.loadPlan(hex(n), FIXED_NOW)).toBeDefined();
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const batches: number[] = [];
    dir = mkdtempSync(path.join(tmpdir(), 'kanal-group-'));
    db = openDatabase(path.join(dir, 'kanal.db'));
    migrate(db);
    const store = groupCommit(db, createSqliteStore(db), { maxBatch: 4, onBatch: (n) => batches.push(n) });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.createPlan(newPlan(i + 1))));
    expect(batches).toEqual([4, 4, 2]);
  });

  it('refuses the whole batch when its transaction cannot commit', async () => {
    const { store } = open();
    db.close();
    const results = await Promise.allSettled([store.createPlan(newPlan(1)), store.createPlan(newPlan(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
