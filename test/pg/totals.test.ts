/** `npm run totals` on PostgreSQL (DATABASE_URL), as a real process, read-only. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres, openPool, type Pool } from '../../src/db/pg.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import { answersOf, baseInput, planOf } from '../domain/fixtures.js';
import { ROOT } from '../helpers/spawn.js';
import { type ScratchDatabase, scratchDatabase } from './database.js';

let scratch: ScratchDatabase;
let pool: Pool;

function run(env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/totals.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run totals on PostgreSQL', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    scratch = await scratchDatabase('totals');
    pool = openPool(scratch.url, { max: 2 });
    await migratePostgres(pool);
    const store = createPostgresStore(pool);
    const now = new Date();
    for (const [n, country] of [...Array(5).fill('SG'), 'MY', 'ID'].entries()) {
      const input = baseInput();
      input.business.country = country;
      input.business.name = `Secret Shop ${n}`;
      await store.createPlan({
        idHash: String(n).padStart(64, 'a'),
        ownerKeyHash: 'b'.repeat(64),
        answers: answersOf(input),
        plan: planOf(input, false),
        now,
        expiresAt: new Date(now.getTime() + 86_400_000),
      });
    }
  });
  afterAll(async () => {
    await pool?.end();
    await scratch?.drop();
  });

  it('prints the same anonymous totals as on SQLite: countries pooled under five, no names or ids', () => {
    const r = run({ DATABASE_URL: scratch.url });
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

  it('says in one line, without the password, when the database cannot be reached', () => {
    const r = run({ DATABASE_URL: 'postgres://kanal:topsecret@127.0.0.1:1/nowhere' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^kanal totals: Cannot read postgres:\/\/kanal:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
    );
    expect(r.stderr).not.toContain('topsecret');
    // In the operator's language, as the plan command's messages.
    const id = run({ DATABASE_URL: 'postgres://kanal:topsecret@127.0.0.1:1/nowhere', KANAL_LANG: 'id' });
    expect(id.stderr).toMatch(
      /^kanal totals: Tidak dapat membaca postgres:\/\/kanal:\*\*\*@127\.0\.0\.1:1\/nowhere: /,
    );
  });
});
