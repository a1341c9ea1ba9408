/**
 * PostgreSQL for the tests: TEST_DATABASE_URL names a server and a role that may create
 * databases (.ci/run makes one: postgres://kanal:kanal@127.0.0.1:55432/postgres). Each test
 * file gets its own scratch database, dropped afterwards. When CI=true a missing URL or an
 * unreachable server FAILS the run; elsewhere the PostgreSQL tests are skipped with a note.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

if (TEST_URL === undefined) {
  if (IN_CI) {
    throw new Error(
      'CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests must run in CI (see .ci/run), never skip.',
    );
  }
  console.warn('TEST_DATABASE_URL is not set: PostgreSQL tests skipped (they fail instead when CI=true).');
}

/** `describe.skipIf(noPostgres)` outside CI. */
export const noPostgres = TEST_URL === undefined;

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
  if (TEST_URL === undefined) throw new Error('TEST_DATABASE_URL is not set');
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
