/**
 * Start-up loads only what the store in use needs (decision 030): a server on SQLite never
 * loads pg, and DATABASE_URL still opens (or refuses, in one line) the PostgreSQL store.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreOpenError } from '../../src/db/select.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Opens the store in a fresh process; which of pg's files were loaded (CommonJS cache). */
function pgFilesLoaded(env: Record<string, string>): string[] {
  const script = `
    import { createRequire } from 'node:module';
    const { openStore } = await import('./src/db/select.ts');
    try {
      const opened = await openStore({ DATABASE_PATH: ':memory:', DATABASE_URL: process.env.URL || undefined, DATABASE_POOL_MAX: 1, SQLITE_BUSY_TIMEOUT_MS: 100 });
      await opened.store.close();
    } catch {}
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(Object.keys(cache).filter((k) => /node_modules\\/pg[-/]/.test(k))));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('loading the store', () => {
  it('does not load pg for SQLite, and does for DATABASE_URL', () => {
    expect(pgFilesLoaded({})).toEqual([]);
    // Nothing listens on port 1: the open fails, but pg had to be loaded to try.
    expect(pgFilesLoaded({ URL: 'postgres://kanal@127.0.0.1:1/kanal' }).length).toBeGreaterThan(0);
  }, 30_000);

  it('still refuses an unreachable PostgreSQL database in one line', async () => {
    const opening = openStore({
      DATABASE_PATH: ':memory:',
      DATABASE_URL: 'postgres://kanal:secret@127.0.0.1:1/kanal',
      DATABASE_POOL_MAX: 1,
      SQLITE_BUSY_TIMEOUT_MS: 100,
    });
    await expect(opening).rejects.toBeInstanceOf(StoreOpenError);
    await expect(opening).rejects.toThrow(/cannot use the PostgreSQL database .*127\.0\.0\.1:1/);
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});
