/**
 * PostgreSQL: the pool, transactions on one client, and migrations (docs/decisions/019).
 * - One small pool per instance (`DATABASE_POOL_MAX`, default 10); every connection runs in UTC
 *   with a statement timeout and an idle-in-transaction timeout, named `kanal`.
 * - An error on an idle pooled client (the server restarted, a connection was terminated) is
 *   logged by code and message only (the error object carries the connection parameters,
 *   password included) and never ends the process; the pool makes a new connection next time.
 * - Migrations: `migrations/pg/NNN_name.sql`, numbered on their own (decision 038), applied in ONE
 *   transaction under `pg_advisory_xact_lock`, so instances starting together are safe: the
 *   first applies, the others wait for its commit and find nothing to do.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { message } from '../domain/message.js';
import { SaidError } from '../i18n.js';
import { type Migration, readMigrations } from './open.js';

export const PG_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/pg', import.meta.url));

/** Any constant both the migrator and nothing else use: "kanal" in ASCII, as a bigint. */
const MIGRATION_LOCK = 0x6b616e616c;

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

export interface PoolOptions {
  readonly max?: number;
  readonly statementTimeoutMs?: number;
  /** Every transaction read-only (the totals CLI). */
  readonly readOnly?: boolean;
  /** Where to report an idle client's error (code and message only). */
  readonly onError?: (summary: { code?: string; message: string }) => void;
}

/** A safe one-line summary of a pg error: no connection parameters, no password. */
export function pgErrorSummary(err: unknown): { code?: string; message: string } {
  const e = err as { code?: unknown; message?: unknown } | null;
  return {
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
}

export function openPool(url: string, options: PoolOptions = {}): Pool {
  const statementTimeout = Math.trunc(options.statementTimeoutMs ?? 5000);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'kanal',
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    options: `-c TimeZone=UTC -c statement_timeout=${statementTimeout} -c idle_in_transaction_session_timeout=${statementTimeout * 4}${options.readOnly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  pool.on('error', (err) => options.onError?.(pgErrorSummary(err)));
  return pool;
}

/**
 * Runs `fn` in a transaction on one checked-out client (never pool.query('BEGIN'): the pool
 * would run each statement on whichever connection is free). Rolls back on any error.
 */
export async function withTransaction<T>(pool: Pool, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      broken = rollbackErr; // the connection is unusable: drop it from the pool
    }
    throw err;
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}

export class SchemaVersionError extends SaidError {
  override readonly name = 'SchemaVersionError';
}

/**
 * Applies the PostgreSQL migrations newer than the database's, all in one transaction under an
 * advisory lock taken before anything else (even CREATE TABLE IF NOT EXISTS can collide when
 * run concurrently). Refuses a database newer than the code. Returns the names applied.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly Migration[] = readMigrations(PG_MIGRATIONS_DIR),
): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT max(version) AS v FROM schema_migrations',
    );
    const current = rows[0]?.v ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new SchemaVersionError(
        message('db.pg_newer_kanal', { version: String(current), latest: String(latest) }),
      );
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ]);
      applied.push(m.name);
    }
    return applied;
  });
}

/** The database named in a postgres:// URL with the password hidden, for log lines. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}
