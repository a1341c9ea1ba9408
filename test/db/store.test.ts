import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase, readMigrations } from '../../src/db/open.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { storeContract } from './store-contract.js';

/** The SQLite store: its pragmas and migrations here; what every store does in store-contract.ts. */
let dir: string;
let db: Db;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-db-'));
  db = openDatabase(path.join(dir, 'nested', 'kanal.db'));
  migrate(db);
  store = createSqliteStore(db);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('opening and migrating', () => {
  it('sets the pragmas the app relies on', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('migrates forward once and records the version', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(readMigrations().length);
    expect(migrate(db)).toEqual([]);
  });

  it('refuses migrations out of sequence and leaves the database as it was on a failed one', () => {
    const mdir = mkdtempSync(path.join(tmpdir(), 'kanal-mig-'));
    writeFileSync(path.join(mdir, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(path.join(mdir, '003_c.sql'), 'CREATE TABLE c (x INTEGER);');
    expect(() => readMigrations(mdir)).toThrow(/out of sequence/);
    const fresh = openDatabase(':memory:');
    expect(() =>
      migrate(fresh, [
        { version: 1, name: '001_a.sql', sql: 'CREATE TABLE a (x INTEGER);' },
        { version: 2, name: '002_bad.sql', sql: 'CREATE TABLE b (x INTEGER); SELECT nonsense FROM nowhere;' },
      ]),
    ).toThrow();
    expect(fresh.pragma('user_version', { simple: true })).toBe(1);
    expect(fresh.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    rmSync(mdir, { recursive: true, force: true });
  });
});

storeContract('SQLite', async () => {
  const hdir = mkdtempSync(path.join(tmpdir(), 'kanal-contract-'));
  const hdb = openDatabase(path.join(hdir, 'kanal.db'));
  migrate(hdb);
  const hstore = createSqliteStore(hdb);
  return {
    store: hstore,
    exec: async (sql) => void hdb.exec(sql),
    dump: async () =>
      JSON.stringify([hdb.prepare('SELECT * FROM plans').all(), hdb.prepare('SELECT * FROM drafts').all()]),
    close: async () => {
      await hstore.close();
      rmSync(hdir, { recursive: true, force: true });
    },
  };
});
