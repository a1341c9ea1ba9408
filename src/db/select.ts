/**
 * Which store the app runs on (docs/decisions/019): PostgreSQL when DATABASE_URL is set
 * (several instances can share it), otherwise the embedded SQLite file at DATABASE_PATH.
 * Opening checks and migrates; a failure is a StoreOpenError with one line for the operator.
 */
import type { Store as RateLimitStore } from 'express-rate-limit';
import type { Config } from '../config.js';
import type { PlanStamp } from '../web/render-cache.js';
import { groupCommit } from './group-commit.js';
import { DatabaseFileError, openKanalDatabase, PragmaError } from './open.js';
import { sqlitePlanStamp } from './plan-stamp.js';
import type { PollStore } from './poll-store.js';
import { createSqlitePollStore } from './sqlite-poll-store.js';
import { createSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export interface OpenedStore {
  readonly store: Store;
  readonly kind: 'sqlite' | 'postgres';
  /** The file, or the URL with its password hidden. */
  readonly where: string;
  readonly applied: readonly string[];
  /**
   * Rate-limit counters shared through the database (PostgreSQL), one store per limiter name;
   * undefined for SQLite (one instance: express-rate-limit's memory store).
   */
  readonly rateLimitStore?: (name: string) => RateLimitStore;
  /** A cheap read of a stored plan's version for the render cache (one indexed query). */
  readonly planStamp: PlanStamp;
  /** The customer polls' store, on the same database as the plans (decisions 023, 026). */
  readonly pollStore: PollStore;
}

export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

export type StoreConfig = Pick<
  Config,
  'DATABASE_PATH' | 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'SQLITE_BUSY_TIMEOUT_MS'
>;

export async function openStore(
  config: StoreConfig,
  onPoolError: (summary: { code?: string; message: string }) => void = () => undefined,
): Promise<OpenedStore> {
  if (config.DATABASE_URL !== undefined) {
    // Loaded only here: an SQLite server never loads pg and its modules (start-up, decision 030).
    const { openPostgresStore } = await import('./open-postgres.js');
    return openPostgresStore(config.DATABASE_URL, config.DATABASE_POOL_MAX, onPoolError);
  }
  try {
    const { db, applied } = openKanalDatabase(config.DATABASE_PATH, {
      busyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS,
    });
    return {
      store: groupCommit(db, createSqliteStore(db)),
      kind: 'sqlite',
      where: config.DATABASE_PATH,
      applied,
      planStamp: sqlitePlanStamp(db),
      pollStore: createSqlitePollStore(db),
    };
  } catch (err) {
    if (err instanceof DatabaseFileError || err instanceof PragmaError) throw new StoreOpenError(err.message);
    const text = err instanceof Error ? err.message : String(err);
    throw new StoreOpenError(`cannot use the database ${config.DATABASE_PATH}: ${text}`);
  }
}
