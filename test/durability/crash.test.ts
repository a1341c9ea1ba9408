/**
 * Crash durability (T13): the real server on a file database, six clients creating plans
 * through the API, SIGKILL at a random moment, over at least 20 cycles and 1,000 creates. After every kill the database
 * passes integrity_check and foreign_key_check; after every restart each plan whose creation
 * was acknowledged (201) is there and identical. Loopback only; bounded in cycles and time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { canonical, type Running, sha256, startServer } from './spawn.js';

// Soak only (it drives the real server process): 20 cycles, at least 1,000 creates.
const CYCLES = 20;
const CLIENTS = 6;
const MIN_ATTEMPTS = 1000;
/** Creates a cycle sends before its kill, at least: so the run's total never depends on speed. */
const PER_CYCLE = MIN_ATTEMPTS / CYCLES;
const dir = mkdtempSync(path.join(tmpdir(), 'kanal-crash-'));
const dbPath = path.join(dir, 'kanal.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Acked {
  readonly id: string;
  readonly name: string;
  readonly planHash: string;
}

const attempts = { n: 0 };

async function createLoop(port: number, stop: { now: boolean }, acked: Acked[], tag: string) {
  let n = 0;
  while (!stop.now) {
    const name = `Crash ${tag}-${n++}`;
    attempts.n++;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/plans`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...SALON_ANSWERS, business: { ...SALON_ANSWERS.business, name } }),
      });
      if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      const body = (await res.json()) as { id: string; plan: unknown };
      acked.push({ id: body.id, name, planHash: sha256(canonical(body.plan)) });
    } catch (err) {
      // Cut off by the kill: never acknowledged, so nothing is owed.
      if (err instanceof Error && /create answered/.test(err.message)) throw err;
      return;
    }
  }
}

function checkFile(): { integrity: unknown; foreignKeys: unknown[] } {
  const db = new Database(dbPath);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      foreignKeys: db.pragma('foreign_key_check') as unknown[],
    };
  } finally {
    db.close();
  }
}

async function verify(port: number, plans: readonly Acked[]) {
  const missing: string[] = [];
  const different: string[] = [];
  for (const p of plans) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/plans/${p.id}`);
    if (res.status !== 200) {
      missing.push(`${p.name}: ${res.status}`);
      continue;
    }
    const body = (await res.json()) as { plan: unknown; answers: { business: { name: string } } };
    if (sha256(canonical(body.plan)) !== p.planHash || body.answers.business.name !== p.name) {
      different.push(p.name);
    }
  }
  return { missing, different };
}

describe('crash durability', () => {
  it(`loses no acknowledged plan over ${CYCLES} SIGKILLs under concurrent creates`, {
    timeout: 180_000,
  }, async () => {
    const all: Acked[] = [];
    const restartMs: number[] = [];
    let server: Running = await startServer(dbPath);
    const began = Date.now();
    let cycle = 0;
    // CYCLES kills and (T13) at least MIN_ATTEMPTS creates: each kill comes once its cycle has
    // sent a random PER_CYCLE to 2 x PER_CYCLE creates (a count, not a time: a slow machine
    // sends them later, never fewer), so it lands at a random moment under load.
    for (; cycle < CYCLES; cycle++) {
      const from = attempts.n;
      const target = PER_CYCLE + Math.floor(Math.random() * PER_CYCLE);
      const acked: Acked[] = [];
      const stop = { now: false };
      const loops = Array.from({ length: CLIENTS }, (_, c) =>
        createLoop(server.port, stop, acked, `${cycle}.${c}`),
      );
      while (attempts.n - from < target) await new Promise((r) => setTimeout(r, 5));
      server.child.kill('SIGKILL');
      await server.exited;
      stop.now = true;
      await Promise.all(loops);

      const check = checkFile();
      expect(check.integrity, `cycle ${cycle}`).toBe('ok');
      expect(check.foreignKeys, `cycle ${cycle}`).toEqual([]);

      const started = Date.now();
      server = await startServer(dbPath);
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(health.status).toBe(200);
      restartMs.push(Date.now() - started);

      const { missing, different } = await verify(server.port, acked);
      expect(missing, `cycle ${cycle}: acknowledged but missing`).toEqual([]);
      expect(different, `cycle ${cycle}: acknowledged but changed`).toEqual([]);
      all.push(...acked);
    }
    const final = await verify(server.port, all);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(final).toEqual({ missing: [], different: [] });
    expect(cycle).toBeGreaterThanOrEqual(CYCLES);
    expect(attempts.n).toBeGreaterThanOrEqual(MIN_ATTEMPTS);
    expect(all.length).toBeGreaterThan(CYCLES * 5);
    // A hang detector, not a speed claim (start-up time is measured by npm run bench:web): a
    // restart that recovers the WAL must finish, even on a loaded machine.
    expect(Math.max(...restartMs)).toBeLessThan(30_000);
    console.info(
      `crash harness: ${cycle} SIGKILLs in ${Math.round((Date.now() - began) / 1000)} s, ${attempts.n} creates attempted, ${all.length} acknowledged, all present and identical; ` +
        `restart to first 200: max ${Math.max(...restartMs)} ms`,
    );
  });
});
