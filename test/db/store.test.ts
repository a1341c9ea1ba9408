import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { type Db, migrate, openDatabase, readMigrations } from '../../src/db/open.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import type { Store } from '../../src/db/store.js';
import { validateAnswers } from '../../src/domain/answers.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_ANSWERS } from '../helpers/answers.js';

const answers = (() => {
  const v = validateAnswers(SALON_ANSWERS);
  if (!v.ok) throw new Error('bad fixture');
  return v.value;
})();
const tr = createI18n().translator('en');
const thePlan = plan(answers, loadAdoptionData(), { translate: tr.render });
const now = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-07-01T00:00:00Z');
const h = (s: string) => hashSecret(s);

let dir: string;
let db: Db;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-db-'));
  db = openDatabase(path.join(dir, 'nested', 'kanal.db'));
  migrate(db);
  store = createSqliteStore(db);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('opening and migrating', () => {
  it('sets the pragmas the app relies on', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('migrates forward once and records the version', () => {
    expect(db.pragma('user_version', { simple: true })).toBe(readMigrations().length);
    expect(migrate(db)).toEqual([]);
  });

  it('refuses migrations out of sequence and leaves the database as it was on a failed one', () => {
    const mdir = mkdtempSync(path.join(tmpdir(), 'kanal-mig-'));
    writeFileSync(path.join(mdir, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(path.join(mdir, '003_c.sql'), 'CREATE TABLE c (x INTEGER);');
    expect(() => readMigrations(mdir)).toThrow(/out of sequence/);
    const fresh = openDatabase(':memory:');
    expect(() =>
      migrate(fresh, [
        { version: 1, name: '001_a.sql', sql: 'CREATE TABLE a (x INTEGER);' },
        { version: 2, name: '002_bad.sql', sql: 'CREATE TABLE b (x INTEGER); SELECT nonsense FROM nowhere;' },
      ]),
    ).toThrow();
    expect(fresh.pragma('user_version', { simple: true })).toBe(1);
    expect(fresh.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    rmSync(mdir, { recursive: true, force: true });
  });
});

describe('the SQLite store', () => {
  it('creates, loads and saves drafts by token hash', async () => {
    await store.createDraft({ tokenHash: h('t1'), data: { version: 1, pages: {} }, now });
    await store.saveDraft(h('t1'), { version: 1, pages: { business: { country: 'SG' } } }, later);
    const draft = await store.loadDraft(h('t1'));
    expect(draft?.data.pages.business).toEqual({ country: 'SG' });
    expect(draft?.updatedAt).toEqual(later);
    expect(await store.loadDraft(h('nope'))).toBeUndefined();
    expect(await store.saveDraft(h('nope'), { version: 1, pages: {} }, now)).toBe(false);
  });

  it('stores a plan made from a draft and removes the draft in the same transaction', async () => {
    await store.createDraft({ tokenHash: h('t1'), data: { version: 1, pages: {} }, now });
    await store.createPlan({
      idHash: h('id'),
      ownerKeyHash: h('key'),
      answers,
      plan: thePlan,
      now,
      expiresAt: later,
      fromDraftHash: h('t1'),
    });
    expect(await store.loadDraft(h('t1'))).toBeUndefined();
    const stored = await store.loadPlan(h('id'), now);
    expect(stored?.plan).toEqual(thePlan);
    expect(stored?.answers).toEqual(answers);
    expect(stored?.ownerKeyHash).toBe(h('key'));
  });

  it('hides expired plans, replaces and deletes (with the drafts changing them)', async () => {
    await store.createPlan({
      idHash: h('id'),
      ownerKeyHash: h('key'),
      answers,
      plan: thePlan,
      now,
      expiresAt: later,
    });
    expect(await store.loadPlan(h('id'), later)).toBeUndefined();
    const changed = { ...answers, team: 'small_team' as const };
    expect(await store.replacePlan(h('id'), { answers: changed, plan: thePlan, now })).toBe(true);
    expect((await store.loadPlan(h('id'), now))?.answers.team).toBe('small_team');
    await store.createDraft({
      tokenHash: h('t2'),
      data: { version: 1, pages: {} },
      planIdHash: h('id'),
      sealedPlanId: 'x',
      now,
    });
    expect(await store.deletePlan(h('id'))).toBe(true);
    expect(await store.loadPlan(h('id'), now)).toBeUndefined();
    expect(await store.loadDraft(h('t2'))).toBeUndefined();
    expect(await store.deletePlan(h('id'))).toBe(false);
    expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now })).toBe(false);
  });

  it('does not change an expired plan (it reads as gone)', async () => {
    await store.createPlan({
      idHash: h('id'),
      ownerKeyHash: h('key'),
      answers,
      plan: thePlan,
      now,
      expiresAt: later,
    });
    const afterExpiry = new Date(later.getTime() + 1);
    expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now: afterExpiry })).toBe(false);
    expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now })).toBe(true);
  });

  it('refuses a stored row that no longer validates', async () => {
    await store.createPlan({
      idHash: h('id'),
      ownerKeyHash: h('key'),
      answers,
      plan: thePlan,
      now,
      expiresAt: later,
    });
    db.prepare('UPDATE plans SET answers = \'{"version":2}\'').run();
    await expect(store.loadPlan(h('id'), now)).rejects.toThrow();
  });

  it('keeps no secret in clear', async () => {
    await store.createPlan({
      idHash: h('the-id'),
      ownerKeyHash: h('the-key'),
      answers,
      plan: thePlan,
      now,
      expiresAt: later,
    });
    const dump = JSON.stringify(db.prepare('SELECT * FROM plans').all());
    expect(dump).not.toContain('the-id');
    expect(dump).not.toContain('the-key');
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});
