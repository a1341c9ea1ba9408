/**
 * scripts/scratch-database.ts on a real server (TEST_DATABASE_URL): the PostgreSQL tests' and
 * the web bench's throwaway databases are made empty, under names that do not collide, and are
 * really gone after drop(), even while a session is still open on them.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { benchDatabase } from '../../bench/web.js';
import { createScratchDatabase, scratchName } from '../../scripts/scratch-database.js';
import { TEST_URL } from './database.js';

async function databaseExists(name: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_URL });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rows.length === 1;
  } finally {
    await c.end();
  }
}

describe('scratch databases', () => {
  it('are made empty and dropped, even with a session still open on them', async () => {
    const a = await createScratchDatabase(TEST_URL, 'kanal_test_scratch');
    const b = await createScratchDatabase(TEST_URL, 'kanal_test_scratch');
    try {
      expect(a.name).not.toBe(b.name);
      expect(new URL(a.url).pathname).toBe(`/${a.name}`);
      const open = new pg.Client({ connectionString: a.url });
      await open.connect();
      const { rows } = await open.query(
        "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'",
      );
      expect(rows[0].n).toBe(0);
      open.on('error', () => {}); // the drop ends this session
      await a.drop();
      expect(await databaseExists(a.name)).toBe(false);
      await open.end().catch(() => {});
    } finally {
      await a.drop();
      await b.drop();
    }
    expect(await databaseExists(b.name)).toBe(false);
  });

  it('refuse a prefix that is not a plain lower-case name', () => {
    expect(() => scratchName('kanal; DROP DATABASE postgres')).toThrow(/prefix/);
    expect(() => scratchName('Kanal')).toThrow(/prefix/);
    expect(scratchName('kanal_bench')).toMatch(/^kanal_bench_\d+_[0-9a-f]{8}$/);
  });

  it("give the web bench a database of its own on the test role's server", async () => {
    const db = await benchDatabase(TEST_URL);
    const name = new URL(db.url).pathname.slice(1);
    expect(db.kind).toBe('scratch');
    expect(name).toMatch(/^kanal_bench_/);
    expect(await databaseExists(name)).toBe(true);
    await db.drop();
    expect(await databaseExists(name)).toBe(false);
  });
});
