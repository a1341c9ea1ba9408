/**
 * Test app factory: a real SQLite file in a temporary folder (so WAL is real), a fixed clock,
 * seeded-but-real random bytes (a SHA-256 stream), a silent logger, strict i18n (a missing key
 * throws) and the real engine.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { type Db, migrate, openDatabase } from '../../src/db/open.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { createI18n } from '../../src/i18n.js';
import { type AppDeps, createApp, type Planner } from '../../src/web/app.js';
import { createPlanner } from '../../src/web/planner.js';

export const FIXED_NOW = new Date('2026-03-02T09:30:00.000Z');

/** Deterministic bytes from a seed: tests are repeatable, secrets still look random. */
export function seededRandomBytes(seed = 'kanal-test') {
  let counter = 0;
  return (size: number): Buffer => {
    const chunks: Buffer[] = [];
    let have = 0;
    while (have < size) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      chunks.push(block);
      have += block.length;
    }
    return Buffer.concat(chunks).subarray(0, size);
  };
}

export interface TestApp {
  readonly app: ReturnType<typeof createApp>;
  readonly store: Store;
  readonly db: Db;
  readonly i18n: ReturnType<typeof createI18n>;
  readonly planner: Planner;
  /** The database file (its -wal and -shm sit beside it). */
  readonly dbPath: string;
  now: Date;
  close(): void;
}

const i18n = createI18n({ strict: true });
const adoption = loadAdoptionData();
const planner = createPlanner(adoption, i18n);

export function makeTestApp(
  overrides: Partial<Omit<AppDeps, 'config'>> & { config?: Partial<AppDeps['config']> } = {},
): TestApp {
  const dir = mkdtempSync(path.join(tmpdir(), 'kanal-web-'));
  const dbPath = path.join(dir, 'kanal.db');
  const db = openDatabase(dbPath);
  migrate(db);
  const store = createSqliteStore(db);
  const state = { now: FIXED_NOW };
  const app = createApp({
    store,
    clock: () => state.now,
    randomBytes: seededRandomBytes(`seed-${dir}`),
    logger: pino({ level: 'silent' }),
    i18n,
    planner,
    adoption,
    ...overrides,
    config: {
      NODE_ENV: 'test',
      HTTPS: false,
      BASE_URL: undefined,
      TRUST_PROXY: false,
      RETENTION_DAYS: 180,
      DRAFT_RETENTION_DAYS: 30,
      // Limits off by default: tests make many plans from one address. test/security/limits
      // turns them on with low values.
      RATE_LIMIT: false,
      RATE_LIMIT_CREATE_PER_HOUR: 30,
      RATE_LIMIT_API_PER_MINUTE: 120,
      RATE_LIMIT_MISSES_PER_HOUR: 60,
      ...overrides.config,
    },
  });
  return {
    app,
    store,
    db,
    i18n,
    planner,
    dbPath,
    get now() {
      return state.now;
    },
    set now(d: Date) {
      state.now = d;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
