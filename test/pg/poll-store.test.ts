/**
 * The PostgreSQL poll store (`npm run test:pg`): the poll-store contract
 * (test/db/poll-store-contract.ts, also run on SQLite), the one-answer rule across instances
 * (several pools on one database, as several servers are), and the schema: nothing personal.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { openPool, type Pool } from '../../src/db/pg.js';
import { createPostgresPollStore } from '../../src/db/pg-poll-store.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { pollStoreContract } from '../db/poll-store-contract.js';
import { SALON } from '../helpers/answers.js';
import { scratchPool } from './database.js';

const h = (s: string) => hashSecret(s);
const SEALED = 'A'.repeat(43);
const answers = SALON;
const thePlan = plan(answers, loadAdoptionData(), { translate: createI18n().translator('en').render });

describe('PostgreSQL polls', () => {
  const db = scratchPool('polls', { max: 6 });

  pollStoreContract('PostgreSQL', async () => {
    await db.pool.query('TRUNCATE plans, drafts, polls, poll_answers, poll_seen CASCADE');
    return {
      store: createPostgresStore(db.pool),
      polls: createPostgresPollStore(db.pool),
      rows: async (table) => {
        const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        return rows[0]?.n ?? -1;
      },
      cells: async () => {
        const { rows } = await db.pool.query<{ answers: number }>(
          'SELECT answers FROM poll_answers ORDER BY answers',
        );
        return rows.map((r) => r.answers);
      },
      close: async () => undefined, // the pool is shared by the file
    };
  });

  describe('several instances on one database', () => {
    const pools: Pool[] = [];
    beforeAll(() => {
      for (let i = 0; i < 3; i++) pools.push(openPool(db.url, { max: 4 }));
    });
    afterAll(async () => {
      await Promise.all(pools.map((p) => p.end()));
    });
    beforeEach(async () => {
      await db.pool.query('TRUNCATE plans, drafts, polls, poll_answers, poll_seen CASCADE');
      await createPostgresStore(db.pool).createPlan({
        idHash: h('plan'),
        ownerKeyHash: h('owner'),
        answers,
        plan: thePlan,
        now: new Date('2026-03-01T00:00:00Z'),
        expiresAt: new Date('2026-09-01T00:00:00Z'),
      });
    });

    it('opened on three at once: one poll, one link', async () => {
      const stores = pools.map((p) => createPostgresPollStore(p));
      const results = await Promise.all(
        stores.map((s, i) =>
          s.openPoll({
            planIdHash: h('plan'),
            tokenHash: h(`t${i}`),
            sealedToken: SEALED,
            day: '2026-03-01',
          }),
        ),
      );
      expect(results.filter((r) => r.opened)).toHaveLength(1);
      expect(new Set(results.map((r) => r.poll.tokenHash)).size).toBe(1);
    });

    it('one cookie replayed 30 times through three instances at once counts once; 30 browsers count 30', async () => {
      const stores = pools.map((p) => createPostgresPollStore(p));
      await stores[0]!.openPoll({
        planIdHash: h('plan'),
        tokenHash: h('t'),
        sealedToken: SEALED,
        day: '2026-03-01',
      });
      const a = {
        planIdHash: h('plan'),
        ageGroup: '30s' as const,
        apps: ['telegram' as const],
        day: '2026-03-01',
      };
      const replayed = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stores[i % 3]!.recordAnswer({ ...a, browserMac: h('copied') })),
      );
      expect(replayed.filter((o) => o === 'counted')).toHaveLength(1);
      expect(replayed.filter((o) => o === 'already')).toHaveLength(29);
      const browsers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stores[i % 3]!.recordAnswer({ ...a, browserMac: h(`b${i}`) })),
      );
      expect(browsers.every((o) => o === 'counted')).toBe(true);
      expect(await stores[1]!.listAnswers(h('plan'))).toHaveLength(31);
      const { rows } = await db.pool.query('SELECT answers FROM poll_answers');
      expect(rows).toEqual([{ answers: 31 }]); // one cell, counted atomically from three pools
    });

    it('closed on one while two others answer: nothing counts after the close, no mark stays', async () => {
      const stores = pools.map((p) => createPostgresPollStore(p));
      await stores[0]!.openPoll({
        planIdHash: h('plan'),
        tokenHash: h('t'),
        sealedToken: SEALED,
        day: '2026-03-01',
      });
      const a = { planIdHash: h('plan'), ageGroup: '40s' as const, apps: [], day: '2026-03-01' };
      const racing = Array.from({ length: 40 }, (_, i) =>
        stores[1 + (i % 2)]!.recordAnswer({ ...a, browserMac: h(`r${i}`) }),
      );
      await new Promise((r) => setTimeout(r, 5));
      expect(await stores[0]!.closePoll(h('plan'), '2026-03-01')).toBe(true);
      const after = await stores[1]!.recordAnswer({ ...a, browserMac: h('after') });
      const outcomes = await Promise.all(racing);
      expect(after).toBe('closed');
      const counted = outcomes.filter((o) => o === 'counted').length;
      expect(counted + outcomes.filter((o) => o === 'closed').length).toBe(40);
      expect(await stores[2]!.listAnswers(h('plan'))).toHaveLength(counted);
      const seen = await db.pool.query('SELECT count(*)::int AS n FROM poll_seen');
      expect(seen.rows[0]).toEqual({ n: 0 });
    });
  });

  describe('schema: no column can hold anything personal', () => {
    const columns = async (table: string) => {
      const { rows } = await db.pool.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      return rows.map((r) => `${r.column_name} ${r.data_type}`);
    };

    it('has exactly these columns (the same names as SQLite; days are DATE, never a timestamp)', async () => {
      expect(await columns('polls')).toEqual([
        'plan_id_hash text',
        'token_hash text',
        'sealed_token text',
        'counter_key_hash text',
        'opened_on date',
        'closed_on date',
      ]);
      expect(await columns('poll_answers')).toEqual([
        'plan_id_hash text',
        'answered_on date',
        'age_group text',
        'apps smallint',
        'counter boolean',
        'answers integer',
      ]);
      expect(await columns('poll_seen')).toEqual(['plan_id_hash text', 'browser_mac text']);
      const { rows } = await db.pool.query<{ data_type: string }>(
        `SELECT DISTINCT data_type FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name IN ('polls', 'poll_answers', 'poll_seen')`,
      );
      for (const r of rows) expect(r.data_type).not.toMatch(/time|inet|cidr|json|bytea|char/);
    });

    it('no column name speaks of addresses, agents, names, contacts or times', async () => {
      for (const t of ['polls', 'poll_answers', 'poll_seen'])
        for (const c of await columns(t))
          expect(c.split(' ')[0]).not.toMatch(
            /(^|_)ip(_|$)|addr|agent|ua_|name|mail|phone|text|comment|time|_at$/i,
          );
    });

    it('deleting a plan cascades to its poll, and the poll to its answers and marks', async () => {
      const { rows } = await db.pool.query<{ child: string; parent: string; rule: string }>(
        `SELECT tc.table_name AS child, ccu.table_name AS parent, rc.delete_rule AS rule
         FROM information_schema.referential_constraints rc
         JOIN information_schema.table_constraints tc ON tc.constraint_name = rc.constraint_name
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.constraint_name
         WHERE tc.table_name IN ('polls', 'poll_answers', 'poll_seen') ORDER BY child`,
      );
      expect(rows).toEqual([
        { child: 'poll_answers', parent: 'polls', rule: 'CASCADE' },
        { child: 'poll_seen', parent: 'polls', rule: 'CASCADE' },
        { child: 'polls', parent: 'plans', rule: 'CASCADE' },
      ]);
    });

    const PERSONAL = [
      '203.0.113.7',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)',
      '2026-03-01T09:31:07Z',
      'Siti, regular on Tuesdays',
    ];

    it('every text column refuses an address, a user agent, a timestamp or free text; a day keeps only the day', async () => {
      await db.pool.query('TRUNCATE plans, drafts, polls, poll_answers, poll_seen CASCADE');
      await createPostgresStore(db.pool).createPlan({
        idHash: h('plan-1'),
        ownerKeyHash: h('owner'),
        answers,
        plan: thePlan,
        now: new Date('2026-03-01T00:00:00Z'),
        expiresAt: new Date('2026-09-01T00:00:00Z'),
      });
      await createPostgresPollStore(db.pool).openPoll({
        planIdHash: h('plan-1'),
        tokenHash: h('token-1'),
        sealedToken: SEALED,
        day: '2026-03-01',
      });
      // Each statement on its own connection, outside any transaction, so one refusal does not
      // hide the next.
      const tryRun = (sql: string, ...params: unknown[]) => db.pool.query(sql, params);
      const answer =
        'INSERT INTO poll_answers (plan_id_hash, answered_on, age_group, apps, counter, answers) VALUES ($1, $2, $3, $4, $5, $6)';
      for (const value of PERSONAL) {
        await expect(
          tryRun(
            'INSERT INTO polls (plan_id_hash, token_hash, sealed_token, opened_on) VALUES ($1, $2, $3, $4)',
            h('plan-1'),
            value,
            SEALED,
            '2026-03-01',
          ),
        ).rejects.toThrow(/check constraint|duplicate key/);
        await expect(tryRun('UPDATE polls SET sealed_token = $1', value)).rejects.toThrow(/check constraint/);
        await expect(tryRun('UPDATE polls SET counter_key_hash = $1', value)).rejects.toThrow(
          /check constraint/,
        );
        await expect(tryRun(answer, h('plan-1'), '2026-03-01', value, 1, false, 1)).rejects.toThrow(
          /check constraint/,
        );
        await expect(tryRun(answer, h('plan-1'), '2026-03-01', '30s', value, false, 1)).rejects.toThrow(
          /invalid input syntax/,
        );
        await expect(
          tryRun('INSERT INTO poll_seen (plan_id_hash, browser_mac) VALUES ($1, $2)', h('plan-1'), value),
        ).rejects.toThrow(/check constraint/);
        // DATE columns: anything but a date is refused, and a timestamp keeps only its day.
        if (value !== PERSONAL[2]) {
          await expect(tryRun('UPDATE polls SET opened_on = $1', value)).rejects.toThrow(
            /invalid input syntax|out of range/,
          );
          await expect(tryRun('UPDATE polls SET closed_on = $1', value)).rejects.toThrow(
            /invalid input syntax|out of range/,
          );
          await expect(tryRun(answer, h('plan-1'), value, '30s', 1, false, 1)).rejects.toThrow(
            /invalid input syntax|out of range/,
          );
        }
      }
      await tryRun('UPDATE polls SET closed_on = $1', PERSONAL[2]);
      await tryRun(answer, h('plan-1'), PERSONAL[2], '30s', 1, false, 1);
      const kept = await db.pool.query(
        `SELECT closed_on::text AS closed, (SELECT answered_on::text FROM poll_answers) AS answered FROM polls`,
      );
      expect(kept.rows).toEqual([{ closed: '2026-03-01', answered: '2026-03-01' }]);
      // plan_id_hash columns can only name a plan (foreign keys).
      await expect(
        tryRun('INSERT INTO poll_seen (plan_id_hash, browser_mac) VALUES ($1, $2)', PERSONAL[0], h('x')),
      ).rejects.toThrow(/foreign key/);
    });

    it('the migration has the same tables and columns as SQLite’s 003', async () => {
      const { readFileSync } = await import('node:fs');
      const sqlite = readFileSync(new URL('../../migrations/003_poll.sql', import.meta.url), 'utf8');
      for (const t of ['polls', 'poll_answers', 'poll_seen']) {
        const block = sqlite.slice(sqlite.indexOf(`CREATE TABLE ${t} (`));
        const body = block.slice(0, block.indexOf(') STRICT'));
        const names = [...body.matchAll(/^\s{2}([a-z_]+)\s+[A-Z]/gm)].map((m) => m[1]);
        expect((await columns(t)).map((c) => c.split(' ')[0])).toEqual(names);
      }
    });
  });
});
