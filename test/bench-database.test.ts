/**
 * Where `npm run bench:web` puts a PostgreSQL run's plans (benchDatabase): a scratch database of
 * its own, dropped after, or DATABASE_URL's own where the role may not create one. The real
 * CREATE and DROP are in test/pg/scratch-database.test.ts; here, what each answer of the server
 * leads to.
 */
import { describe, expect, it } from 'vitest';
import { benchDatabase } from '../bench/web.js';
import { type createScratchDatabase, dropWhenFree } from '../scripts/scratch-database.js';

const GIVEN = 'postgres://bench:secret@db.example:5432/shop';
type Create = typeof createScratchDatabase;

describe('the PostgreSQL bench database', () => {
  it('is a new database made on the given server, and drop() removes that one', async () => {
    const calls: string[] = [];
    const create: Create = async (url, prefix) => {
      calls.push(`create ${url} ${prefix}`);
      return {
        name: 'kanal_bench_1_ab',
        url: 'postgres://bench:secret@db.example:5432/kanal_bench_1_ab',
        drop: async () => {
          calls.push('drop kanal_bench_1_ab');
        },
      };
    };
    const db = await benchDatabase(GIVEN, create);
    expect(db.kind).toBe('scratch');
    expect(db.url).toBe('postgres://bench:secret@db.example:5432/kanal_bench_1_ab');
    await db.drop();
    expect(calls).toEqual([`create ${GIVEN} kanal_bench`, 'drop kanal_bench_1_ab']);
  });

  it("is DATABASE_URL's own where the role may not create databases (42501), and is kept", async () => {
    const refused: Create = async () => {
      throw Object.assign(new Error('permission denied to create database'), { code: '42501' });
    };
    const db = await benchDatabase(GIVEN, refused);
    expect(db.kind).toBe('given');
    expect(db.url).toBe(GIVEN);
    await expect(db.drop()).resolves.toBeUndefined();
  });

  it('fails on any other error (an unreachable server is not a reason to write elsewhere)', async () => {
    const unreachable: Create = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    };
    await expect(benchDatabase(GIVEN, unreachable)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('dropping a scratch database', () => {
  /** A client whose DROPs fail with the given SQLSTATEs, in turn, then succeed. */
  const failing = (...codes: string[]) => {
    const sent: string[] = [];
    return {
      sent,
      client: {
        query: async (sql: string) => {
          sent.push(sql);
          const code = codes.shift();
          if (code !== undefined) throw Object.assign(new Error(`sqlstate ${code}`), { code });
          return {};
        },
      } as unknown as Parameters<typeof dropWhenFree>[0],
    };
  };

  it('waits while a session it may not end (autovacuum) is in the database, then drops it', async () => {
    const { client, sent } = failing('42501', '42501');
    await dropWhenFree(client, 'kanal_bench_1_ab');
    expect(sent).toEqual(Array(3).fill('DROP DATABASE IF EXISTS kanal_bench_1_ab WITH (FORCE)'));
  });

  it('gives up after its wait, and never retries another error', async () => {
    const late = failing('42501', '42501', '42501');
    await expect(dropWhenFree(late.client, 'kanal_bench_1_ab', 0)).rejects.toMatchObject({ code: '42501' });
    expect(late.sent).toHaveLength(1);
    const other = failing('3D000');
    await expect(dropWhenFree(other.client, 'kanal_bench_1_ab')).rejects.toMatchObject({ code: '3D000' });
    expect(other.sent).toHaveLength(1);
  });
});
