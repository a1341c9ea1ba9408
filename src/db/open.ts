/**
 * Opening the SQLite database and migrating it. Pragmas, and why:
 * - journal_mode=WAL: readers never block the writer; one file plus -wal on one host.
 * - synchronous=FULL: a report whose link was shown must survive a power cut too, not only an
 *   app crash (with NORMAL, WAL may roll back the last commits after an OS crash). Writes are
 *   rare (one per answered page), so the extra fsync costs nothing a person notices.
 * - foreign_keys=ON: drafts that change a plan go with it.
 * - busy_timeout=5000: wait for a writer instead of failing at once.
 * - secure_delete=ON: a deleted plan is overwritten, not left in free pages.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OpenOptions {
  /** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
  readonly busyTimeoutMs?: number;
}

/** The pragma values the app depends on (docs/decisions/005 and 007), as SQLite reports them. */
export const REQUIRED_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  secure_delete: 1,
} as const;

export class PragmaError extends Error {
  override readonly name = 'PragmaError';
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const busy = options.busyTimeoutMs ?? 5000;
  const db = new Database(file, { timeout: busy });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${Math.trunc(busy)}`);
  db.pragma('secure_delete = ON');
  if (file !== ':memory:') assertPragmas(db);
  return db;
}

/**
 * Reads the pragmas back and stops with one clear message if SQLite did not take one (a
 * read-only or network file system can refuse WAL, a build can cap secure_delete): the app
 * promises durability and real deletion, so it does not run without them.
 */
export function assertPragmas(db: Db): void {
  const wrong: string[] = [];
  for (const [name, expected] of Object.entries(REQUIRED_PRAGMAS)) {
    const actual: unknown = db.pragma(name, { simple: true });
    const same =
      typeof expected === 'string' ? String(actual).toLowerCase() === expected : actual === expected;
    if (!same) wrong.push(`${name} is ${String(actual)}, expected ${String(expected)}`);
  }
  if (wrong.length > 0) {
    throw new PragmaError(`SQLite database ${db.name} is not set up safely: ${wrong.join('; ')}.`);
  }
}

/**
 * Copies the write-ahead log into the database and empties it, so that pages a deletion
 * overwrote (secure_delete) leave no older copy behind in the -wal file. Best effort: a reader
 * holding an old snapshot makes it return early; the next one finishes the job.
 */
export function truncateWal(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Reads NNN_name.sql files in order; numbers must run 1, 2, 3... without gaps. */
export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  return files.map((name, i) => {
    const version = Number(name.slice(0, 3));
    if (version !== i + 1) throw new Error(`Migration ${name} is out of sequence (expected ${i + 1}).`);
    return { version, name, sql: readFileSync(path.join(dir, name), 'utf8') };
  });
}

/**
 * Applies the migrations newer than PRAGMA user_version, each in its own transaction together
 * with the version bump, so a failed migration leaves the database as it was. Forward only.
 * Returns the names applied.
 */
export function migrate(db: Db, migrations = readMigrations()): string[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(`Database is at version ${current}, newer than this app's migrations (${latest}).`);
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.name);
  }
  return applied;
}
