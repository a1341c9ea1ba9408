/**
 * Deletion really deletes (T11) and retention (T14 pragmas): a deleted or purged plan's unique
 * text is found nowhere in the database, its -wal or -shm files; the purge removes exactly the
 * expired plans and stale drafts; the expiry is told to the owner at creation.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { assertPragmas, PragmaError, REQUIRED_PRAGMAS } from '../../src/db/open.js';
import { purgeOnce, schedulePurge } from '../../src/web/retention.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { planThroughApi, planThroughForms } from '../security/support.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const DAY = 86_400_000;
const canary = () => `Canary ${randomBytes(8).toString('hex')}`;

/** How many times `text` occurs in the database file, its -wal and its -shm. */
function hits(dbPath: string, text: string): number {
  const needle = Buffer.from(text, 'utf8');
  let n = 0;
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + 1)) n++;
  }
  return n;
}

const withName = (name: string) => ({ ...SALON_ANSWERS, business: { ...SALON_ANSWERS.business, name } });

describe('pragmas', () => {
  it('are WAL, synchronous=FULL, foreign keys and secure_delete on, busy_timeout >= 5000', () => {
    t = makeTestApp();
    expect(t.db.pragma('journal_mode', { simple: true })).toBe(REQUIRED_PRAGMAS.journal_mode);
    expect(t.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(t.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(t.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(t.db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(5000);
  });

  it('are checked at start: a database not set up safely stops with one clear message', () => {
    t = makeTestApp();
    const other = new Database(t.dbPath);
    try {
      other.pragma('synchronous = NORMAL');
      other.pragma('secure_delete = OFF');
      expect(() => assertPragmas(other)).toThrow(PragmaError);
      expect(() => assertPragmas(other)).toThrow(
        /is not set up safely: it has synchronous=1, secure_delete=0, where Kanal needs synchronous=2, secure_delete=1\./,
      );
    } finally {
      other.close();
    }
  });
});

describe('deletion canary', () => {
  it('a plan deleted through the form leaves its text nowhere in the database files', async () => {
    t = makeTestApp();
    const name = canary();
    const u = new FormUser(t.app);
    const made = await planThroughForms(u, { business: { name } });
    expect(hits(t.dbPath, name)).toBeGreaterThan(0); // the scan finds what is there
    const res = await u.post(`${made.reportPath}/delete`, { ownerKey: made.ownerKey });
    expect(res.status).toBe(303);
    expect((await u.get(made.reportPath)).status).toBe(404);
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 });
    expect(hits(t.dbPath, name)).toBe(0);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(hits(t.dbPath, name)).toBe(0);
  });

  it('a plan deleted through the API, after being changed, leaves no copy of either version', async () => {
    t = makeTestApp();
    const first = canary();
    const second = canary();
    const made = await planThroughApi(t.app, withName(first));
    const put = await request(t.app)
      .put(`/api/v1/plans/${made.id}`)
      .set('X-Owner-Key', made.ownerKey)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(withName(second)));
    expect(put.status).toBe(200);
    const del = await request(t.app).delete(`/api/v1/plans/${made.id}`).set('X-Owner-Key', made.ownerKey);
    expect(del.status).toBe(204);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(hits(t.dbPath, first)).toBe(0);
    expect(hits(t.dbPath, second)).toBe(0);
  });
});

describe('retention', () => {
  it('tells the owner when the plan will be deleted: on the report and in the API 201', async () => {
    t = makeTestApp();
    const made = await planThroughApi(t.app);
    expect(made.expiresAt).toBe(new Date(FIXED_NOW.getTime() + 180 * DAY).toISOString());
    const page = await new FormUser(t.app).get(`/r/${made.id}`);
    const shown = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(made.expiresAt),
    );
    expect(page.text).toContain(shown);
  });

  it('purges exactly the expired plans and stale drafts (fake clock), leaving no trace of them', async () => {
    t = makeTestApp();
    const old = canary();
    const young = canary();
    await planThroughApi(t.app, withName(old));
    const u = new FormUser(t.app);
    const staleDraft = await u.start();
    t.now = new Date(FIXED_NOW.getTime() + 100 * DAY);
    const kept = await planThroughApi(t.app, withName(young));
    t.now = new Date(FIXED_NOW.getTime() + 170 * DAY);
    const freshDraft = await u.start();
    t.now = new Date(FIXED_NOW.getTime() + 180 * DAY); // the first plan expires now
    const result = await purgeOnce({
      store: t.store,
      clock: () => t!.now,
      logger: pino({ level: 'silent' }),
      config: { DRAFT_RETENTION_DAYS: 30, PURGE_INTERVAL_MINUTES: 60 },
    });
    expect(result).toEqual({ plans: 1, drafts: 1 });
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 1 });
    expect((await request(t.app).get(`/api/v1/plans/${kept.id}`)).status).toBe(200);
    expect((await u.get(`${staleDraft}/business`)).status).toBe(404);
    expect((await u.get(`${freshDraft}/business`)).status).toBe(200);
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(hits(t.dbPath, old)).toBe(0);
    expect(hits(t.dbPath, young)).toBeGreaterThan(0);
  });

  it('runs at start and on an unref’d interval, logging counts only', async () => {
    t = makeTestApp();
    await planThroughApi(t.app);
    t.now = new Date(FIXED_NOW.getTime() + 181 * DAY);
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const purge = schedulePurge({
      store: t.store,
      clock: () => t!.now,
      logger,
      config: { DRAFT_RETENTION_DAYS: 30, PURGE_INTERVAL_MINUTES: 1 },
    });
    await purge.done;
    purge.stop();
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ plans: 1, drafts: 0 });
  });
});
