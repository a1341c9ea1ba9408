/**
 * Which store the app runs on (docs/decisions/019): PostgreSQL when DATABASE_URL is set
 * (several instances can share it), otherwise the embedded SQLite file at DATABASE_PATH.
 * Opening checks and migrates; a failure is a StoreOpenError with one line for the operator.
 */
import type { Config } from '../config.js';
import { message } from '../domain/message.js';
import { groupCommit } from './group-commit.js';
import { DatabaseFileError, openKanalDatabase, PragmaError } from './open.js';
import { type OpenedStore, StoreOpenError } from './opened-store.js';
import { sqlitePlanStamp } from './plan-stamp.js';
import { createSqlitePollStore } from './sqlite-poll-store.js';
import { createSqliteStore } from './sqlite-store.js';

export { type OpenedStore, StoreOpenError } from './opened-store.js';

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
    if (err instanceof DatabaseFileError || err instanceof PragmaError) throw new StoreOpenError(err.says);
    // What the system said (a folder that cannot be made...), quoted as it said it.
    const reason = err instanceof Error ? err.message : String(err);
    throw new StoreOpenError(message('db.cannot_use_file', { file: config.DATABASE_PATH, reason }));
  }
}
