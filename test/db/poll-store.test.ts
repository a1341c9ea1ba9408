import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { type Db, migrate, openDatabase } from '../../src/db/open.js';
import { appsToBits, bitsToApps, type PollStore } from '../../src/db/poll-store.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { validateAnswers } from '../../src/domain/answers.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_ANSWERS } from '../helpers/answers.js';

const answers = (() => {
  const v = validateAnswers(SALON_ANSWERS);
  if (!v.ok) throw new Error('bad fixture');
  return v.value;
})();
const thePlan = plan(answers, loadAdoptionData(), { translate: createI18n().translator('en').render });
const now = new Date('2026-03-01T00:00:00Z');
const h = (s: string) => hashSecret(s);
const SEALED = 'A'.repeat(43);

let dir: string;
let db: Db;
let store: Store;
let polls: PollStore;

async function makePlan(id: string, expiresAt = new Date('2026-09-01T00:00:00Z')) {
  await store.createPlan({
    idHash: h(id),
    ownerKeyHash: h(`${id}-owner`),
    answers,
    plan: thePlan,
    now,
    expiresAt,
  });
}

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

describe('opening, closing, resetting', () => {
  it('opens once; opening again answers the same poll', async () => {
    const first = await open();
    expect(first.opened).toBe(true);
    expect(first.poll).toEqual({
      planIdHash: h('plan-1'),
      tokenHash: h('token-1'),
      sealedToken: SEALED,
      openedOn: '2026-03-01',
    });
    const again = await open('plan-1', 'token-2');
    expect(again.opened).toBe(false);
    expect(again.poll.tokenHash).toBe(h('token-1'));
    expect(await polls.findByToken(h('token-1'))).toEqual(first.poll);
    expect(await polls.findByToken(h('token-2'))).toBeUndefined();
  });

  it('needs the plan to exist', async () => {
    await expect(open('no-such-plan')).rejects.toThrow(/FOREIGN KEY/);
  });

  it('a closed poll takes no answers, forgets which browsers answered, and reopens with its link and answers', async () => {
    await open();
    expect(
      await polls.recordAnswer({
        planIdHash: h('plan-1'),
        ageGroup: '30s',
        apps: ['telegram'],
        day: '2026-03-01',
        browserMac: h('b1'),
      }),
    ).toBe('counted');
    expect(await polls.closePoll(h('plan-1'), '2026-03-02')).toBe(true);
    expect(await polls.closePoll(h('plan-1'), '2026-03-02')).toBe(false);
    expect((await polls.findByPlan(h('plan-1')))?.closedOn).toBe('2026-03-02');
    expect(
      await polls.recordAnswer({
        planIdHash: h('plan-1'),
        ageGroup: '30s',
        apps: [],
        day: '2026-03-02',
        browserMac: h('b2'),
      }),
    ).toBe('closed');
    expect(db.prepare('SELECT count(*) AS n FROM poll_seen').get()).toEqual({ n: 0 });
    const reopened = await open('plan-1', 'token-other', '2026-03-05');
    expect(reopened.opened).toBe(true);
    expect(reopened.poll.tokenHash).toBe(h('token-1'));
    expect(reopened.poll.closedOn).toBeUndefined();
    expect(await polls.listAnswers(h('plan-1'))).toHaveLength(1);
  });

  it('reset removes answers and marks but keeps the link', async () => {
    await open();
    await polls.recordAnswer({
      planIdHash: h('plan-1'),
      ageGroup: '30s',
      apps: ['email'],
      day: '2026-03-01',
      browserMac: h('b1'),
    });
    expect(await polls.resetPoll(h('plan-1'))).toBe(true);
    expect(await polls.listAnswers(h('plan-1'))).toEqual([]);
    expect((await polls.findByPlan(h('plan-1')))?.tokenHash).toBe(h('token-1'));
    // The same browser may answer again after a reset.
    expect(
      await polls.recordAnswer({
        planIdHash: h('plan-1'),
        ageGroup: '30s',
        apps: ['email'],
        day: '2026-03-01',
        browserMac: h('b1'),
      }),
    ).toBe('counted');
    expect(await polls.resetPoll(h('plan-2'))).toBe(false);
  });
});

describe('answers', () => {
  it('one per browser mark; counter-tablet answers (no mark) count each time, marked as such', async () => {
    await open();
    const a = {
      planIdHash: h('plan-1'),
      ageGroup: '20s' as const,
      apps: ['whatsapp', 'telegram'] as const,
      day: '2026-03-01',
    };
    expect(await polls.recordAnswer({ ...a, browserMac: h('b1') })).toBe('counted');
    expect(await polls.recordAnswer({ ...a, browserMac: h('b1') })).toBe('already');
    expect(await polls.recordAnswer({ ...a, browserMac: h('b2') })).toBe('counted');
    expect(await polls.recordAnswer(a)).toBe('counted');
    expect(await polls.recordAnswer(a)).toBe('counted');
    const listed = await polls.listAnswers(h('plan-1'));
    expect(listed).toHaveLength(4);
    expect(listed.filter((x) => x.counter)).toHaveLength(2);
    expect(listed[0]).toMatchObject({ ageGroup: '20s', apps: ['whatsapp', 'telegram'], day: '2026-03-01' });
    expect(await polls.recordAnswer({ ...a, planIdHash: h('plan-2') })).toBe('gone');
  });

  it('keeps counts per cell, not single answers', async () => {
    await open();
    for (let i = 0; i < 3; i++)
      await polls.recordAnswer({
        planIdHash: h('plan-1'),
        ageGroup: '40s',
        apps: [],
        day: '2026-03-01',
        browserMac: h(`b${i}`),
      });
    expect(db.prepare('SELECT answers FROM poll_answers').all()).toEqual([{ answers: 3 }]);
  });

  it('apps round-trip through bits', () => {
    expect(bitsToApps(appsToBits(['email', 'whatsapp']))).toEqual(['whatsapp', 'email']);
    expect(appsToBits([])).toBe(0);
    expect(bitsToApps(7)).toEqual(['whatsapp', 'telegram', 'email']);
  });

  it('counter-tablet key on and off; closing switches it off', async () => {
    await open();
    expect(await polls.setCounterKey(h('plan-1'), h('tablet'))).toBe(true);
    expect((await polls.findByPlan(h('plan-1')))?.counterKeyHash).toBe(h('tablet'));
    await polls.closePoll(h('plan-1'), '2026-03-02');
    expect((await polls.findByPlan(h('plan-1')))?.counterKeyHash).toBeUndefined();
    expect(await polls.setCounterKey(h('plan-2'), null)).toBe(false);
  });
});

describe('deleted with the plan', () => {
  const tables = ['polls', 'poll_answers', 'poll_seen'];
  const counts = () =>
    tables.map((t) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n);

  async function fill() {
    await open();
    await polls.recordAnswer({
      planIdHash: h('plan-1'),
      ageGroup: '50s',
      apps: ['telegram'],
      day: '2026-03-01',
      browserMac: h('b1'),
    });
    expect(counts()).toEqual([1, 1, 1]);
  }

  it('deleting the plan deletes its poll, answers and marks', async () => {
    await fill();
    expect(await store.deletePlan(h('plan-1'))).toBe(true);
    expect(counts()).toEqual([0, 0, 0]);
    expect(await polls.findByToken(h('token-1'))).toBeUndefined();
  });

  it('purging the expired plan purges its poll', async () => {
    await fill();
    await store.purgeExpired(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-01T00:00:00Z'));
    expect(counts()).toEqual([0, 0, 0]);
  });

  it('deletePoll alone removes the poll and what hangs on it', async () => {
    await fill();
    expect(await polls.deletePoll(h('plan-1'))).toBe(true);
    expect(counts()).toEqual([0, 0, 0]);
    expect(await store.loadPlan(h('plan-1'), now)).toBeDefined();
  });
});

describe('schema: no column can hold anything personal', () => {
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
