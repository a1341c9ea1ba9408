/**
 * Test app factory: a real SQLite file in a temporary folder (so WAL is real), a fixed clock,
 * seeded-but-real random bytes (a SHA-256 stream), a silent logger, strict i18n (a missing key
 * throws) and the real engine. Options (TestAppOptions) for what tests used to set up by hand:
 * the customer poll mounted (`withPolls`), a second instance on the same database
 * (`sameDatabaseAs`), the random bytes' seed; any AppDeps and config value can be overridden.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { type Db, migrate, openDatabase } from '../../src/db/open.js';
import { sqlitePlanStamp } from '../../src/db/plan-stamp.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { createI18n } from '../../src/i18n.js';
import { createPlans } from '../../src/plans.js';
import { createPolls, type PollsService } from '../../src/polls.js';
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
  /** The poll service the app mounts (withPolls), on the same database, clock and random bytes. */
  readonly polls?: PollsService;
  /** The clock's time; a second instance (sameDatabaseAs) shares it with the first. */
  now: Date;
  /** Closes the database and removes its folder (a second instance leaves both to the first). */
  close(): void;
}

export interface TestAppOptions extends Partial<Omit<AppDeps, 'config'>> {
  /** Config values over the test defaults (limits off, HTTP, test mode, no BASE_URL). */
  readonly config?: Partial<AppDeps['config']>;
  /** Mounts the customer poll: a SQLite poll store on this app's database (t.polls). */
  readonly withPolls?: boolean;
  /**
   * Another instance on the database of this test app: its store, database and clock, its own
   * random bytes (so its own CSRF secret unless csrfSecrets says otherwise).
   */
  readonly sameDatabaseAs?: TestApp;
  /** The random bytes' seed (default: one per app). */
  readonly seed?: string;
}

const i18n = createI18n({ strict: true });
const adoption = loadAdoptionData();
const planner = createPlanner(adoption, i18n);

export function makeTestApp(options: TestAppOptions = {}): TestApp {
  const { withPolls = false, sameDatabaseAs: first, seed, config, ...overrides } = options;
  const dir = first === undefined ? mkdtempSync(path.join(tmpdir(), 'kanal-web-')) : undefined;
  const dbPath = first?.dbPath ?? path.join(dir ?? '', 'kanal.db');
  const db = first?.db ?? openDatabase(dbPath);
  if (first === undefined) migrate(db);
  const store = first?.store ?? createSqliteStore(db);
  const state = { now: FIXED_NOW };
  const clock = first === undefined ? () => state.now : () => first.now;
  const randomBytes = overrides.randomBytes ?? seededRandomBytes(seed ?? `seed-${dir ?? `${dbPath}#2`}`);
  const appPlanner = overrides.planner ?? planner;
  const polls =
    overrides.polls ??
    (withPolls
      ? createPolls({
          store,
          polls: createSqlitePollStore(db),
          clock,
          randomBytes,
          planner: appPlanner,
          plans: createPlans({
            store,
            clock,
            randomBytes,
            planner: appPlanner,
            config: { RETENTION_DAYS: config?.RETENTION_DAYS ?? 180 },
          }),
        })
      : undefined);
  const app = createApp({
    store,
    clock,
    randomBytes,
    // As server.ts: the render cache reads the stored row's stamp (and whether it has a poll)
    // from the SQLite database that also holds the polls; another store or poll service passed
    // in brings its own stamp (or the render cache digests loadPlan's).
    ...(overrides.store === undefined && overrides.polls === undefined
      ? { planStamp: sqlitePlanStamp(db) }
      : {}),
    logger: pino({ level: 'silent' }),
    i18n,
    planner,
    adoption,
    ...overrides,
    ...(polls === undefined ? {} : { polls }),
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
      ...config,
    },
  });
  return {
    app,
    store,
    db,
    i18n: overrides.i18n ?? i18n,
    planner: appPlanner,
    dbPath,
    ...(polls === undefined ? {} : { polls }),
    get now() {
      return first === undefined ? state.now : first.now;
    },
    set now(d: Date) {
      if (first === undefined) state.now = d;
      else first.now = d;
    },
    close() {
      if (first !== undefined || dir === undefined) return;
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
