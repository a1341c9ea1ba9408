/**
 * PostgreSQL for the tests: TEST_DATABASE_URL names a server and a role that may create
 * databases (.ci/run makes one: postgres://kanal:kanal@127.0.0.1:55432/postgres). Each test
 * file gets its own scratch database, dropped afterwards. A missing URL or an unreachable server
 * FAILS the run, in CI or not (docs/decisions/026): `npm run test:pg` is asked for by name, and a
 * store suite that skipped would read as green.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migratePostgres, openPool, type Pool } from '../../src/db/pg.js';

const url = process.env.TEST_DATABASE_URL?.trim() || undefined;
if (url === undefined) {
  throw new Error(
    'TEST_DATABASE_URL is not set: the PostgreSQL tests fail without a database, never skip (see .ci/run; e.g. TEST_DATABASE_URL=postgres://kanal:kanal@127.0.0.1:55432/postgres).',
  );
}
export const TEST_URL: string = url;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates an empty database (TEMPLATE template0) and returns its URL. */
export async function scratchDatabase(label: string): Promise<ScratchDatabase> {
  const name = `kanal_test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_URL });
  await admin.connect(); // an unreachable server fails here, loudly
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(TEST_URL, name),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * For the enclosing describe block (or file): a scratch database, migrated to the latest schema
 * unless `migrate` is false, and a pool of `max` connections on it, made before its tests and
 * dropped after them.
 */
export function scratchPool(label: string, options: { max: number; migrate?: boolean }) {
  let scratch: ScratchDatabase | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    scratch = await scratchDatabase(label);
    pool = openPool(scratch.url, { max: options.max });
    if (options.migrate !== false) await migratePostgres(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });
  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`scratchPool('${label}') is read before its beforeAll ran`);
    return value;
  };
  return {
    get pool(): Pool {
      return made(pool);
    },
    get url(): string {
      return made(scratch).url;
    },
  };
}
