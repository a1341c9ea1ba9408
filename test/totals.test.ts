/** `npm run totals` as a real process, on a real database with plans in it. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../src/db/open.js';
import { createSqliteStore } from '../src/db/sqlite-store.js';
import { answersOf, baseInput, planOf } from './domain/fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
let dir: string;

function run(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/totals.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function databaseWith(file: string, countries: string[]) {
  const db = openDatabase(file);
  migrate(db);
  const store = createSqliteStore(db);
  let n = 0;
  for (const country of countries) {
    const input = baseInput();
    input.business.country = country;
    input.business.name = `Secret Shop ${n}`;
    const now = new Date();
    await store.createPlan({
      idHash: String(n).padStart(64, 'a'),
      ownerKeyHash: 'b'.repeat(64),
      answers: answersOf(input),
      plan: planOf(input, false),
      now,
      expiresAt: new Date(now.getTime() + 86_400_000),
    });
    n++;
  }
  db.close();
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-totals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run totals', { timeout: 60_000 }, () => {
  it('prints anonymous totals: countries pooled under five, verdicts per channel, no names or ids', async () => {
    const file = path.join(dir, 'many.db');
    await databaseWith(file, [...Array(5).fill('SG'), 'MY', 'ID']);
    const r = run({ DATABASE_PATH: file });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      plans: number;
      countries: Record<string, number>;
      channels: object;
    };
    expect(out.plans).toBe(7);
    expect(out.countries).toEqual({ SG: 5, other: 2 });
    expect(Object.keys(out.channels)).toEqual(['whatsapp_business', 'telegram', 'email']);
    expect(r.stdout).not.toMatch(/Secret Shop|aaaa/);
  });

  it('withholds everything but the count under five plans, and says where no database is, in KANAL_LANG', async () => {
    const file = path.join(dir, 'few.db');
    await databaseWith(file, ['SG', 'SG']);
    const few = run({ DATABASE_PATH: file });
    expect(few.code).toBe(0);
    expect(JSON.parse(few.stdout)).toMatchObject({ plans: 2, withheld: true, minGroup: 5 });
    const none = run({ DATABASE_PATH: path.join(dir, 'missing.db') });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^kanal totals: No database at .*missing\.db: set DATABASE_PATH/);
    // In the operator's language (KANAL_LANG), as the plan command's messages; else English.
    // Named as the plan command and the server read it: any case, spaces around ignored.
    const ms = run({ DATABASE_PATH: path.join(dir, 'missing.db'), KANAL_LANG: ' MS ' });
    expect(ms.code).toBe(2);
    expect(ms.stderr).toMatch(/^kanal totals: Tiada pangkalan data di .*missing\.db: tetapkan DATABASE_PATH/);
    const unknown = run({ DATABASE_PATH: path.join(dir, 'missing.db'), KANAL_LANG: 'xx' });
    expect(unknown.stderr).toMatch(/^kanal totals: No database at /);
  });
});
