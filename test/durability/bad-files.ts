/**
 * The database files start-up must refuse (issue 10 item 4, decision 021), made once for both
 * start-up tests: in process (`startup.test.ts`, `npm test`) and through the real server
 * (`startup-process.test.ts`, `npm run test:soak`). Each kind builds its file in `dir` and says
 * which words the one-line refusal must contain.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { openKanalDatabase, readMigrations } from '../../src/db/open.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { SALON } from '../helpers/answers.js';

/** A Kanal database with `n` plans in it, closed. */
export async function goodDatabase(dir: string, name: string, n = 40): Promise<string> {
  const file = path.join(dir, name);
  const { db } = openKanalDatabase(file);
  const store = createSqliteStore(db);
  const now = new Date();
  for (let i = 0; i < n; i++) {
    await store.createPlan({
      idHash: String(i).padStart(64, '0'),
      ownerKeyHash: 'b'.repeat(64),
      answers: { ...SALON, business: { ...SALON.business, name: `Shop ${i} ${'x'.repeat(400)}` } },
      plan: { version: 1 } as never,
      now,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
  }
  await store.close();
  return file;
}

export interface BadFile {
  readonly kind: string;
  readonly reason: RegExp;
  /** Builds the file; `immutable` collects files made immutable (root ignores file modes). */
  make(dir: string, immutable: string[]): Promise<string>;
  /** What must still hold of the file after the refusal (it is never turned into a database). */
  untouched?(file: string): void;
}

export const BAD_FILES: readonly BadFile[] = [
  {
    kind: 'a zero-byte file (left empty, never a new database)',
    reason: /empty \(0 bytes\)/,
    async make(dir) {
      const file = path.join(dir, 'empty.db');
      writeFileSync(file, '');
      return file;
    },
    untouched: (file) => expect(statSync(file).size).toBe(0),
  },
  {
    kind: 'a file that is not SQLite',
    reason: /not an SQLite database/,
    async make(dir) {
      const file = path.join(dir, 'notes.db');
      writeFileSync(file, 'These are my notes, not a database.\n'.repeat(200));
      return file;
    },
  },
  {
    kind: 'a corrupted file (quick_check)',
    reason: /corrupted/,
    async make(dir) {
      const file = await goodDatabase(dir, 'corrupt.db');
      const pages = statSync(file).size / 4096;
      expect(pages).toBeGreaterThan(6);
      const fd = openSync(file, 'r+');
      writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * Math.floor(pages / 2));
      closeSync(fd);
      return file;
    },
  },
  {
    kind: 'a database from a newer Kanal',
    reason: /newer Kanal \(schema version \d+, this one knows up to \d+\)/,
    async make(dir) {
      const file = await goodDatabase(dir, 'newer.db', 1);
      const db = new Database(file);
      db.pragma(`user_version = ${readMigrations().length + 5}`);
      db.close();
      return file;
    },
  },
  {
    kind: 'another application’s SQLite database',
    reason: /not a Kanal database/,
    async make(dir) {
      const file = path.join(dir, 'other.db');
      const db = new Database(file);
      db.exec('CREATE TABLE contacts (name TEXT)');
      db.close();
      return file;
    },
  },
  {
    kind: 'a read-only file (left byte for byte as it was)',
    reason: /read-only/,
    async make(dir, immutable) {
      const file = await goodDatabase(dir, 'readonly.db', 2);
      chmodSync(file, 0o444);
      // root ignores file modes: make the file immutable too (a read-only mount behaves alike).
      if (process.getuid?.() === 0) {
        execFileSync('chattr', ['+i', file]);
        immutable.push(file);
      }
      snapshots.set(file, readFileSync(file));
      return file;
    },
    untouched: (file) => expect(readFileSync(file).equals(snapshots.get(file)!)).toBe(true),
  },
];

const snapshots = new Map<string, Buffer>();

/** Undoes what `make` did that a plain rm cannot (immutable files). */
export function releaseImmutable(immutable: readonly string[]): void {
  for (const f of immutable) execFileSync('chattr', ['-i', f]);
}

/** The refusal is one line naming the file and the reason, never a stack trace. */
export function expectOneLine(line: string, file: string, reason: RegExp): void {
  expect(line).not.toContain('\n');
  expect(line).toMatch(/^kanal: cannot use the database /);
  expect(line).toContain(path.resolve(file));
  expect(line).toMatch(reason);
  expect(line).not.toMatch(/\s+at |listening/);
}
