/**
 * Start-up refuses a bad database file through the real server (`npm run test:soak`; the same
 * files in process are in startup.test.ts): exit status 1, ONE line on stderr naming the file and
 * the reason, no stack trace, never serving, and the file left as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from '../helpers/spawn.js';
import { BAD_FILES, expectOneLine, goodDatabase, releaseImmutable } from './bad-files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kanal-startup-'));
const immutable: string[] = [];
afterAll(() => {
  releaseImmutable(immutable);
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the server on `file`; resolves with its exit code and output. */
async function startOn(file: string) {
  const { child, output } = spawnServer({ PORT: '0', DATABASE_PATH: file, LOG_LEVEL: 'info' });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, out: output() };
}

describe('the real server refuses a bad database file in one line', { timeout: 30_000 }, () => {
  for (const bad of BAD_FILES) {
    it(bad.kind, async () => {
      const file = await bad.make(dir, immutable);
      const r = await startOn(file);
      expect(r.code).toBe(1);
      const lines = r.out.trim().split('\n');
      expect(lines, r.out).toHaveLength(1);
      expectOneLine(lines[0]!, file, bad.reason);
      bad.untouched?.(file);
    });
  }

  it('a good file starts (the harness is not refusing everything)', async () => {
    const file = await goodDatabase(dir, 'good.db', 1);
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
