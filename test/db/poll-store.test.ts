/**
 * The SQLite poll store: what every PollStore does (test/db/poll-store-contract.ts, also run on
 * PostgreSQL in test/pg/poll-store.test.ts), and SQLite's schema, which keeps nothing personal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase } from '../../src/db/open.js';
import type { PollStore } from '../../src/db/poll-store.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { h, makePollPlan, pollStoreContract, SEALED } from './poll-store-contract.js';

pollStoreContract('SQLite', async () => {
  const hdir = mkdtempSync(path.join(tmpdir(), 'kanal-poll-contract-'));
  const hdb = openDatabase(path.join(hdir, 'kanal.db'));
  migrate(hdb);
  const hstore = createSqliteStore(hdb);
  return {
    store: hstore,
    polls: createSqlitePollStore(hdb),
    rows: async (table) => (hdb.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
    cells: async () =>
      (hdb.prepare('SELECT answers FROM poll_answers').all() as { answers: number }[])
        .map((r) => r.answers)
        .sort((a, b) => a - b),
    close: async () => {
      await hstore.close();
      rmSync(hdir, { recursive: true, force: true });
    },
  };
});

describe('schema: no column can hold anything personal', () => {
  let dir: string;
  let db: Db;
  let store: Store;
  let polls: PollStore;

  const makePlan = (id: string, expiresAt?: Date) => makePollPlan(store, id, expiresAt);

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kanal-poll-db-'));
    db = openDatabase(path.join(dir, 'kanal.db'));
    migrate(db);
    store = createSqliteStore(db);
    polls = createSqlitePollStore(db);
    await makePlan('plan-1');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (plan = 'plan-1', token = 'token-1', day = '2026-03-01') =>
    polls.openPoll({ planIdHash: h(plan), tokenHash: h(token), sealedToken: SEALED, day });

  const columns = (table: string) =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string }[]).map(
      (c) => `${c.name} ${c.type}`,
    );

  it('has exactly these columns', () => {
    expect(columns('polls')).toEqual([
      'plan_id_hash TEXT',
      'token_hash TEXT',
      'sealed_token TEXT',
      'counter_key_hash TEXT',
      'opened_on TEXT',
      'closed_on TEXT',
    ]);
    expect(columns('poll_answers')).toEqual([
      'plan_id_hash TEXT',
      'answered_on TEXT',
      'age_group TEXT',
      'apps INTEGER',
      'counter INTEGER',
      'answers INTEGER',
    ]);
    expect(columns('poll_seen')).toEqual(['plan_id_hash TEXT', 'browser_mac TEXT']);
  });

  it('no column name speaks of addresses, agents, names, contacts or times', () => {
    for (const t of ['polls', 'poll_answers', 'poll_seen'])
      for (const c of columns(t))
        expect(c.split(' ')[0]).not.toMatch(
          /(^|_)ip(_|$)|addr|agent|ua_|name|mail|phone|text|comment|time|_at$/i,
        );
  });

  const PERSONAL = [
    '203.0.113.7',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)',
    '2026-03-01T09:31:07Z',
    'Siti, regular on Tuesdays',
  ];

  it('every text column refuses an address, a user agent, a timestamp or free text', async () => {
    await open();
    const tryInsert =
      (sql: string, ...params: unknown[]) =>
      () =>
        db.prepare(sql).run(...params);
    for (const value of PERSONAL) {
      // polls: each text column in turn.
      expect(
        tryInsert(
          'INSERT INTO polls (plan_id_hash, token_hash, sealed_token, opened_on) VALUES (?, ?, ?, ?)',
          h('plan-1'),
          value,
          SEALED,
          '2026-03-01',
        ),
      ).toThrow(/CHECK|UNIQUE/);
      expect(tryInsert('UPDATE polls SET sealed_token = ?', value)).toThrow(/CHECK/);
      expect(tryInsert('UPDATE polls SET counter_key_hash = ?', value)).toThrow(/CHECK/);
      expect(tryInsert('UPDATE polls SET opened_on = ?', value)).toThrow(/CHECK/);
      expect(tryInsert('UPDATE polls SET closed_on = ?', value)).toThrow(/CHECK/);
      // answers.
      const answer =
        'INSERT INTO poll_answers (plan_id_hash, answered_on, age_group, apps, counter, answers) VALUES (?, ?, ?, ?, ?, ?)';
      expect(tryInsert(answer, h('plan-1'), value, '30s', 1, 0, 1)).toThrow(/CHECK/);
      expect(tryInsert(answer, h('plan-1'), '2026-03-01', value, 1, 0, 1)).toThrow(/CHECK/);
      expect(tryInsert(answer, h('plan-1'), '2026-03-01', '30s', value, 0, 1)).toThrow(/CHECK|cannot store/);
      // marks.
      expect(
        tryInsert('INSERT INTO poll_seen (plan_id_hash, browser_mac) VALUES (?, ?)', h('plan-1'), value),
      ).toThrow(/CHECK/);
    }
    // plan_id_hash columns can only name a plan (foreign keys).
    expect(
      tryInsert('INSERT INTO poll_seen (plan_id_hash, browser_mac) VALUES (?, ?)', PERSONAL[0], h('x')),
    ).toThrow(/FOREIGN KEY/);
  });

  it('the PostgreSQL migration has the same tables and columns', async () => {
    const { readFileSync } = await import('node:fs');
    const pg = readFileSync(new URL('../../migrations/pg/003_poll.sql', import.meta.url), 'utf8');
    for (const t of ['polls', 'poll_answers', 'poll_seen']) {
      const block = pg.slice(pg.indexOf(`CREATE TABLE ${t} (`));
      const body = block.slice(0, block.indexOf(');'));
      const names = [...body.matchAll(/^\s{2}([a-z_]+)\s+[A-Z]/gm)].map((m) => m[1]);
      expect(names).toEqual(columns(t).map((c) => c.split(' ')[0]));
    }
    expect(pg.match(/ON DELETE CASCADE/g)).toHaveLength(3);
  });
});
