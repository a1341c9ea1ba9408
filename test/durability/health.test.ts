/**
 * /healthz tells the truth about writes (issue 10 item 4, decision 021), and a change leaves no
 * removed answer in the WAL (item 4, outside test 11).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { planThroughApi } from '../security/support.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

/** A test app whose store probes on every health check (no one-second reuse). */
function appProbingAlways(): TestApp {
  const base = makeTestApp();
  const store = createSqliteStore(base.db, { probeEveryMs: 0 });
  const withStore = makeTestApp({ store });
  // Keep the first app's database (the store's) and clean up both.
  return {
    ...withStore,
    db: base.db,
    dbPath: base.dbPath,
    store,
    close() {
      withStore.close();
      base.close();
    },
  };
}

const withNumber = (whatsappNumber: string) => ({
  ...SALON_ANSWERS,
  contact: { ...SALON_ANSWERS.contact, whatsappNumber },
});

describe('/healthz and writes', () => {
  it('answers 503 while the disk is full (max_page_count), 200 again once a write succeeds', async () => {
    t = appProbingAlways();
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    const pages = t.db.pragma('page_count', { simple: true }) as number;
    t.db.pragma(`max_page_count = ${pages}`);
    const big = { ...SALON_ANSWERS, business: { ...SALON_ANSWERS.business, name: 'x'.repeat(80) } };
    let failed = 0;
    for (let i = 0; i < 40 && failed === 0; i++) {
      const res = await request(t.app)
        .post('/api/v1/plans')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(big));
      if (res.status !== 201) failed = res.status;
    }
    expect(failed).toBeGreaterThanOrEqual(500);
    const sick = await request(t.app).get('/healthz');
    expect(sick.status).toBe(503);
    expect(sick.body).toEqual({ status: 'unavailable' });
    t.db.pragma('max_page_count = 1073741823');
    await planThroughApi(t.app);
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });

  it('answers 503 when the database turns read-only (the probe finds it without any request writing)', async () => {
    t = appProbingAlways();
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    t.db.pragma('query_only = ON'); // SQLITE_READONLY for every write, as a read-only mount
    expect((await request(t.app).get('/healthz')).status).toBe(503);
    t.db.pragma('query_only = OFF');
    // The fault is held for a while (a flapping disk is not healthy); a real write clears it.
    expect((await request(t.app).get('/healthz')).status).toBe(503);
    await planThroughApi(t.app);
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });

  it('a busy database is not a write fault (503 for the request, health stays up)', async () => {
    t = appProbingAlways();
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(t.dbPath, { timeout: 0 });
    // a short busy timeout on the app's connection, so the blocked write fails fast
    t.db.pragma('busy_timeout = 50');
    other.exec('BEGIN IMMEDIATE');
    const res = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SALON_ANSWERS));
    expect(res.status).toBe(503);
    // the probe waits for the same lock: busy means someone is writing, so the file is writable
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    other.exec('ROLLBACK');
    other.close();
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  });
});

describe('the WAL after a change', () => {
  const inFile = (file: string, text: string) =>
    existsSync(file) && readFileSync(file).includes(Buffer.from(text, 'utf8'));

  it('keeps no removed phone number: emptied after each change, gone everywhere two changes on', async () => {
    t = makeTestApp();
    const first = '6581112233'; // stored as digits (E.164 without the +)
    const made = await planThroughApi(t.app, withNumber(`+${first}`));
    expect(inFile(t.dbPath, first) || inFile(`${t.dbPath}-wal`, first)).toBe(true);
    const put = (n: string) =>
      request(t!.app)
        .put(`/api/v1/plans/${made.id}`)
        .set('X-Owner-Key', made.ownerKey)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(withNumber(n)));
    expect((await put('+6582223344')).status).toBe(200);
    // The replaced version is kept on purpose as `previous` (decision 012), but not in the WAL.
    expect(existsSync(`${t.dbPath}-wal`) ? statSync(`${t.dbPath}-wal`).size : 0).toBe(0);
    expect(inFile(`${t.dbPath}-wal`, first)).toBe(false);
    expect((await put('+6583334455')).status).toBe(200);
    expect(inFile(`${t.dbPath}-wal`, first)).toBe(false);
    expect(inFile(t.dbPath, first)).toBe(false);
    expect(inFile(`${t.dbPath}-shm`, first)).toBe(false);
  });
});
