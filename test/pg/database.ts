/**
 * PostgreSQL for the tests: TEST_DATABASE_URL names a server and a role that may create
 * databases (.ci/run makes one: postgres://kanal:kanal@127.0.0.1:55432/postgres). Each test
 * file gets its own scratch database, dropped afterwards. A missing URL or an unreachable server
 * FAILS the run, in CI or not (docs/decisions/026): `npm run test:pg` is asked for by name, and a
 * store suite that skipped would read as green.
 */
import { afterAll, beforeAll } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/scratch-database.js';
import { migratePostgres, openPool, type Pool } from '../../src/db/pg.js';

const url = process.env.TEST_DATABASE_URL?.trim() || undefined;
if (url === undefined) {
  throw new Error(
    'TEST_DATABASE_URL is not set: the PostgreSQL tests fail without a database, never skip (see .ci/run; e.g. TEST_DATABASE_URL=postgres://kanal:kanal@127.0.0.1:55432/postgres).',
  );
}
export const TEST_URL: string = url;

export type { ScratchDatabase };

/** Creates an empty database (TEMPLATE template0) for one test file or block and returns its URL. */
export function scratchDatabase(label: string): Promise<ScratchDatabase> {
  return createScratchDatabase(TEST_URL, `kanal_test_${label}`);
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
