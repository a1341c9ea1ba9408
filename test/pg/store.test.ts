/**
 * The PostgreSQL store (`npm run test:pg`): the store contract (test/db/store-contract.ts), the
 * migrations applied once under the advisory lock when several instances start at once, a
 * database newer than the code refused, and a terminated connection that does not crash.
 */
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../src/db/open.js';
import { migratePostgres, openPool, PG_MIGRATIONS_DIR } from '../../src/db/pg.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import { storeContract } from '../db/store-contract.js';
import { scratchDatabase, scratchPool } from './database.js';

describe('PostgreSQL', () => {
  const db = scratchPool('store', { max: 4 });

  storeContract('PostgreSQL', async () => {
    await db.pool.query('TRUNCATE plans, drafts, rate_limits CASCADE');
    const store = createPostgresStore(db.pool);
    return {
      store,
      exec: async (sql) => void (await db.pool.query(sql)),
      dump: async () => {
        const plans = await db.pool.query('SELECT * FROM plans');
        const drafts = await db.pool.query('SELECT * FROM drafts');
        return JSON.stringify([plans.rows, drafts.rows]);
      },
      close: async () => undefined, // the pool is shared by the file
    };
  });

  describe('migrations', () => {
    it('five instances migrating one empty database at once: one applies, the others wait and find nothing', async () => {
      const db = await scratchDatabase('migrate');
      const pools = Array.from({ length: 5 }, () => openPool(db.url, { max: 1 }));
      try {
        const results = await Promise.all(pools.map((p) => migratePostgres(p)));
        const all = readMigrations(PG_MIGRATIONS_DIR).map((m) => m.name);
        expect(results.filter((r) => r.length > 0)).toEqual([all]);
        expect(results.filter((r) => r.length === 0)).toHaveLength(4);
        const versions = await pools[0]!.query<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(versions.rows.map((r) => r.version)).toEqual(
          readMigrations(PG_MIGRATIONS_DIR).map((m) => m.version),
        );
        expect(await migratePostgres(pools[1]!)).toEqual([]);
      } finally {
        await Promise.all(pools.map((p) => p.end()));
        await db.drop();
      }
    });

    it('a failed migration leaves nothing behind (one transaction)', async () => {
      const db = await scratchDatabase('failed');
      const p = openPool(db.url, { max: 1 });
      try {
        const good = readMigrations(PG_MIGRATIONS_DIR);
        const bad = [
          ...good,
          {
            version: good.length + 1,
            name: 'bad.sql',
            sql: 'CREATE TABLE x (a int); SELECT nonsense FROM nowhere;',
          },
        ];
        await expect(migratePostgres(p, bad)).rejects.toThrow();
        const tables = await p.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
        expect(tables.rows[0]).toEqual({ n: 0 });
      } finally {
        await p.end();
        await db.drop();
      }
    });

    it('refuses a database from a newer Kanal, naming both versions', async () => {
      await db.pool.query("INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')");
      try {
        await expect(migratePostgres(db.pool)).rejects.toThrow(
          /newer Kanal \(schema version 999, this one knows up to \d+\)/,
        );
      } finally {
        await db.pool.query('DELETE FROM schema_migrations WHERE version = 999');
      }
    });
  });

  describe('faults', () => {
    it('a terminated idle connection is reported, never a crash, and the next query reconnects', async () => {
      const errors: string[] = [];
      const p = openPool(db.url, { max: 1, onError: (e) => errors.push(e.code ?? e.message) });
      try {
        const store = createPostgresStore(p, { probeEveryMs: 0 });
        await store.ping();
        await db.pool.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kanal' AND pid <> pg_backend_pid() AND state = 'idle' AND datname = current_database()",
        );
        await new Promise((r) => setTimeout(r, 200));
        expect(errors.length).toBeGreaterThan(0);
        await expect(store.ping()).resolves.toBeUndefined();
      } finally {
        await p.end();
      }
    });

    it('/healthz’s probe fails on a read-only database, and recovers after a successful write', async () => {
      const p = openPool(db.url, { max: 2, readOnly: true });
      const store = createPostgresStore(p, { probeEveryMs: 0 });
      try {
        await expect(store.ping()).rejects.toThrow(/25006/);
      } finally {
        await p.end();
      }
      const healthy = createPostgresStore(db.pool, { probeEveryMs: 0 });
      await expect(healthy.ping()).resolves.toBeUndefined();
    });
  });
});
