/**
 * Where `npm run bench:web` puts a PostgreSQL run's plans (benchDatabase): a scratch database of
 * its own, dropped after, or DATABASE_URL's own where the role may not create one. The real
 * CREATE and DROP are in test/pg/scratch-database.test.ts; here, what each answer of the server
 * leads to.
 */
import { describe, expect, it } from 'vitest';
import { benchDatabase } from '../bench/web.js';
import type { createScratchDatabase } from '../scripts/scratch-database.js';

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
