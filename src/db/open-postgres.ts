/**
 * Opening the PostgreSQL store (docs/decisions/019): select.ts imports this module only when
 * DATABASE_URL is set, so a server on SQLite never loads pg (decision 030, start-up).
 */

import { message } from '../domain/message.js';
import { type OpenedStore, StoreOpenError } from './opened-store.js';
import { describeUrl, migratePostgres, openPool, pgErrorSummary, SchemaVersionError } from './pg.js';
import { postgresPlanStamp } from './pg-plan-stamp.js';
import { createPostgresPollStore } from './pg-poll-store.js';
import { pgRateLimitStores } from './pg-rate-limit.js';
import { createPostgresStore } from './pg-store.js';

export async function openPostgresStore(
  url: string,
  poolMax: number | undefined,
  onPoolError: (summary: { code?: string; message: string }) => void,
): Promise<OpenedStore> {
  const where = describeUrl(url);
  const pool = openPool(url, { max: poolMax, onError: onPoolError });
  try {
    const applied = await migratePostgres(pool);
    const store = createPostgresStore(pool);
    await store.ping();
    return {
      store,
      kind: 'postgres',
      where,
      applied,
      rateLimitStore: pgRateLimitStores(pool),
      planStamp: postgresPlanStamp(pool),
      pollStore: createPostgresPollStore(pool),
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    // What PostgreSQL (or the network) said is quoted as it said it.
    const reason = err instanceof SchemaVersionError ? err.says : describePgError(err);
    throw new StoreOpenError(message('db.cannot_use_postgres', { where, reason }));
  }
}

function describePgError(err: unknown): string {
  const s = pgErrorSummary(err);
  const aggregate = (err as { errors?: unknown[] } | null)?.errors;
  const message =
    s.message === '' && Array.isArray(aggregate) && aggregate.length > 0
      ? pgErrorSummary(aggregate[0]).message
      : s.message;
  return s.code === undefined ? message : `${message} (${s.code})`;
}
