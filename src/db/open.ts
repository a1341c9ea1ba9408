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
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type Message, message } from '../domain/message.js';
import { SaidError } from '../i18n.js';

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

export class PragmaError extends SaidError {
  override readonly name = 'PragmaError';
}

/**
 * A database file Kanal must not start on (unreadable, empty, not SQLite, corrupted, read-only,
 * from a newer Kanal). The message is one line naming the file and the reason, for the
 * operator; server.ts prints it and exits 1, never a stack trace (docs/decisions/021).
 */
export class DatabaseFileError extends SaidError {
  override readonly name = 'DatabaseFileError';
  constructor(file: string, reason: Message) {
    super(message('db.cannot_use_file', { file: path.resolve(file), reason }));
  }
}

/** What SQLite said, quoted as it said it. */
const sqliteSaid = (err: Error & { code: string }) => ({ code: err.code, detail: err.message });

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks an existing file before SQLite touches it: SQLite itself treats a zero-byte file as a
 * new empty database (so Kanal would silently start with no plans), and a file of another kind
 * fails only at the first query. A missing file is fine: it is a first start.
 */
export function checkDatabaseFile(file: string): void {
  if (file === ':memory:' || !existsSync(file)) return;
  const stat = statSync(file);
  if (!stat.isFile()) throw new DatabaseFileError(file, message('db.not_a_file'));
  if (stat.size === 0) throw new DatabaseFileError(file, message('db.empty_file'));
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new DatabaseFileError(file, message('db.not_sqlite'));
}

/** SQLite result codes that mean the database cannot be written or read reliably (not busy). */
export function isSqliteFault(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^SQLITE_(READONLY|FULL|IOERR|CORRUPT|CANTOPEN|NOTADB|PERM|NOLFS|AUTH)/.test(code)
  );
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  checkDatabaseFile(file);
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const busy = options.busyTimeoutMs ?? 5000;
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: busy });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.trunc(busy)}`);
    db.pragma('secure_delete = ON');
  } catch (err) {
    db?.close();
    if (isSqliteFault(err))
      throw new DatabaseFileError(file, message('db.sqlite_cannot_open', sqliteSaid(err)));
    throw err;
  }
  if (file !== ':memory:') assertPragmas(db);
  return db;
}

/**
 * `PRAGMA quick_check`: every page and index entry readable (O(N), no index-to-table cross
 * check). A file with damaged pages would otherwise serve some plans and 500 on others while
 * still accepting writes.
 */
export function assertIntact(db: Db, file: string): void {
  let result: unknown;
  try {
    result = db.pragma('quick_check', { simple: true });
  } catch (err) {
    if (isSqliteFault(err)) throw new DatabaseFileError(file, message('db.corrupted', sqliteSaid(err)));
    throw err;
  }
  if (result !== 'ok') {
    const first = String(result).replace(/\s+/g, ' ').slice(0, 160);
    throw new DatabaseFileError(file, message('db.quick_check', { detail: first }));
  }
}

/**
 * The write probe: rewrites user_version with its own value in a transaction, which takes the
 * write lock, appends a page to the WAL and syncs it, as a real write does; nothing changes.
 * Throws SQLite's error when the file is read-only, the disk full, the file system failing.
 */
export function probeWrite(db: Db): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma(`user_version = ${Math.trunc(version)}`);
  })();
}

/**
 * What server.ts runs at start-up: refuses (DatabaseFileError, one line) a file that is empty,
 * not SQLite, another application's, corrupted, from a newer Kanal, or read-only; then migrates.
 * Returns the database and the migrations applied.
 */
export function openKanalDatabase(
  file: string,
  options: OpenOptions & { migrations?: Migration[] } = {},
): { db: Db; applied: string[] } {
  const db = openDatabase(file, options);
  try {
    assertIntact(db, file);
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .get() as { n: number };
    if (version === 0 && tables.n > 0) {
      throw new DatabaseFileError(file, message('db.not_kanal'));
    }
    const migrations = options.migrations ?? readMigrations();
    const latest = migrations.at(-1)?.version ?? 0;
    if (version > latest) {
      throw new DatabaseFileError(
        file,
        message('db.newer_kanal', { version: String(version), latest: String(latest) }),
      );
    }
    try {
      probeWrite(db);
    } catch (err) {
      if (isSqliteFault(err)) {
        const why = /READONLY|PERM/.test(err.code) ? 'db.read_only' : 'db.cannot_write';
        throw new DatabaseFileError(file, message(why, sqliteSaid(err)));
      }
      throw err;
    }
    return { db, applied: migrate(db, migrations) };
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Reads the pragmas back and stops with one clear message if SQLite did not take one (a
 * read-only or network file system can refuse WAL, a build can cap secure_delete): the app
 * promises durability and real deletion, so it does not run without them.
 */
export function assertPragmas(db: Db): void {
  const has: string[] = [];
  const needs: string[] = [];
  for (const [name, expected] of Object.entries(REQUIRED_PRAGMAS)) {
    const actual: unknown = db.pragma(name, { simple: true });
    const same =
      typeof expected === 'string' ? String(actual).toLowerCase() === expected : actual === expected;
    if (same) continue;
    has.push(`${name}=${String(actual)}`);
    needs.push(`${name}=${String(expected)}`);
  }
  if (has.length > 0) {
    throw new PragmaError(
      message('db.unsafe_settings', { file: db.name, has: has.join(', '), needs: needs.join(', ') }),
    );
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
