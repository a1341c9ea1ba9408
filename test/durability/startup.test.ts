/**
 * Start-up refuses a database file it must not run on (issue 10 item 4, decision 021): the real
 * server, one bad file each, exits 1 with ONE line on stderr naming the file and the reason, no
 * stack trace, and never starts serving (and never turns the file into an empty database).
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openKanalDatabase, readMigrations } from '../../src/db/open.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { validateAnswers } from '../../src/domain/answers.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { spawnServer } from '../helpers/spawn.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kanal-startup-'));
const immutable: string[] = [];
afterAll(() => {
  for (const f of immutable) execFileSync('chattr', ['-i', f]);
  rmSync(dir, { recursive: true, force: true });
});

/** A Kanal database with `n` plans in it, closed. */
async function goodDatabase(name: string, n = 40): Promise<string> {
  const file = path.join(dir, name);
  const { db } = openKanalDatabase(file);
  const store = createSqliteStore(db);
  const v = validateAnswers(SALON_ANSWERS);
  if (!v.ok) throw new Error('bad fixture');
  const now = new Date();
  for (let i = 0; i < n; i++) {
    await store.createPlan({
      idHash: String(i).padStart(64, '0'),
      ownerKeyHash: 'b'.repeat(64),
      answers: { ...v.value, business: { ...v.value.business, name: `Shop ${i} ${'x'.repeat(400)}` } },
      plan: { version: 1 } as never,
      now,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
  }
  await store.close();
  return file;
}

/** Starts the server on `file`; resolves with its exit code and output (or throws if it serves). */
async function startOn(file: string) {
  const { child, output } = spawnServer({ PORT: '0', DATABASE_PATH: file, LOG_LEVEL: 'info' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, out: output() };
}

function expectOneLineRefusal(r: { code: number | null; out: string }, file: string, reason: RegExp) {
  expect(r.code).toBe(1);
  const lines = r.out.trim().split('\n');
  expect(lines, r.out).toHaveLength(1);
  expect(lines[0]).toMatch(/^kanal: cannot use the database /);
  expect(lines[0]).toContain(path.resolve(file));
  expect(lines[0]).toMatch(reason);
  expect(r.out).not.toMatch(/\n\s+at |listening/);
}

describe('start-up refuses a bad database file in one line', { timeout: 30_000 }, () => {
  it('a zero-byte file (and leaves it empty, never a new database)', async () => {
    const file = path.join(dir, 'empty.db');
    writeFileSync(file, '');
    expectOneLineRefusal(await startOn(file), file, /empty \(0 bytes\)/);
    expect(statSync(file).size).toBe(0);
  });

  it('a file that is not SQLite', async () => {
    const file = path.join(dir, 'notes.db');
    writeFileSync(file, 'These are my notes, not a database.\n'.repeat(200));
    expectOneLineRefusal(await startOn(file), file, /not an SQLite database/);
  });

  it('a corrupted file (quick_check)', async () => {
    const file = await goodDatabase('corrupt.db');
    const pages = statSync(file).size / 4096;
    expect(pages).toBeGreaterThan(6);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * Math.floor(pages / 2));
    closeSync(fd);
    expectOneLineRefusal(await startOn(file), file, /corrupted/);
  });

  it('a database from a newer Kanal', async () => {
    const file = await goodDatabase('newer.db', 1);
    const db = new Database(file);
    db.pragma(`user_version = ${readMigrations().length + 5}`);
    db.close();
    expectOneLineRefusal(
      await startOn(file),
      file,
      /newer Kanal \(schema version \d+, this one knows up to \d+\)/,
    );
  });

  it('another application’s SQLite database', async () => {
    const file = path.join(dir, 'other.db');
    const db = new Database(file);
    db.exec('CREATE TABLE contacts (name TEXT)');
    db.close();
    expectOneLineRefusal(await startOn(file), file, /not a Kanal database/);
  });

  it('a read-only file', async () => {
    const file = await goodDatabase('readonly.db', 2);
    const before = readFileSync(file);
    chmodSync(file, 0o444);
    // root ignores file modes: make the file immutable too (a read-only mount behaves alike).
    if (process.getuid?.() === 0) {
      execFileSync('chattr', ['+i', file]);
      immutable.push(file);
    }
    expectOneLineRefusal(await startOn(file), file, /read-only/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a good file starts (the harness is not refusing everything)', async () => {
    const file = await goodDatabase('good.db', 1);
    const { child, output } = spawnServer({ PORT: '0', DATABASE_PATH: file, LOG_LEVEL: 'info' });
    const until = Date.now() + 20_000;
    while (!output().includes('listening') && child.exitCode === null && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(output()).toContain('Kanal is listening');
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  });
});
