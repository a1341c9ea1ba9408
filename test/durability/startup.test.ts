/**
 * Start-up refuses a database file it must not run on (issue 10 item 4, decision 021), in
 * process: the store opening server.ts runs (openStore on the loaded config) throws, for each bad
 * file, an error whose message is the one line server.ts prints, naming the file and the reason,
 * and leaves the file as it was. The same files through the real server, exit status and stderr
 * included, are in startup-process.test.ts (`npm run test:soak`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/db/select.js';
import { BAD_FILES, expectOneLine, goodDatabase, releaseImmutable } from './bad-files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kanal-startup-'));
const immutable: string[] = [];
afterAll(() => {
  releaseImmutable(immutable);
  rmSync(dir, { recursive: true, force: true });
});

/** What server.ts prints when openStore throws. */
async function refusalOf(file: string): Promise<string> {
  try {
    const opened = await openStore(loadConfig({ DATABASE_PATH: file }));
    await opened.store.close();
  } catch (err) {
    return `kanal: ${err instanceof Error ? err.message : String(err)}`;
  }
  throw new Error(`${file} was opened`);
}

describe('start-up refuses a bad database file in one line (in process)', () => {
  for (const bad of BAD_FILES) {
    it(bad.kind, async () => {
      const file = await bad.make(dir, immutable);
      expectOneLine(await refusalOf(file), file, bad.reason);
      bad.untouched?.(file);
    });
  }

  it('a good file opens (the check is not refusing everything)', async () => {
    const file = await goodDatabase(dir, 'good.db', 1);
    const opened = await openStore(loadConfig({ DATABASE_PATH: file }));
    expect(opened.kind).toBe('sqlite');
    await opened.store.close();
  });
});
