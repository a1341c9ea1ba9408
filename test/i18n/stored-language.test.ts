/**
 * The language kept with the draft and the plan (decision 027): stored when the owner starts,
 * saves, submits and changes; shown on another device (no cookie, another Accept-Language); an
 * explicit choice still wins; old rows without a language follow the browser; migration 004
 * applies on a database at 003; the render cache keeps a chosen and a stored language apart;
 * the API says in which language a plan was made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations } from '../../src/db/open.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { STORED_LANGUAGES } from '../../src/db/store.js';
import { createI18n, LANGUAGE_INFO } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

const COOKIE = 'kanal.lang';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp();
});
afterAll(() => t.close());

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

/** The owner fills in every page with this Accept-Language (and no language cookie). */
async function planMadeIn(acceptLanguage: string) {
  const user = new FormUser(t.app);
  user.agent.set('Accept-Language', acceptLanguage);
  const base = await user.start();
  for (const page of SALON_PAGE_ORDER) {
    const res = await user.post(`${base}/${page}`, SALON_PAGES[page]!, `${base}/${page}`);
    expect(res.status, `${page}: ${res.text.slice(0, 200)}`).toBe(303);
  }
  const made = await user.submit(base);
  return { user, base, ...made };
}

/** The same plan made through the API (faster): its texts and stored language by the header. */
async function planMadeThroughApi(acceptLanguage: string) {
  const made = await request(t.app)
    .post('/api/v1/plans')
    .set('Content-Type', 'application/json')
    .set('Accept-Language', acceptLanguage)
    .send(JSON.stringify(SALON_ANSWERS))
    .expect(201);
  return { reportPath: `/r/${made.body.id as string}`, ownerKey: made.body.ownerKey as string };
}

const idHashOf = (reportPath: string) => hashSecret(reportPath.split('/')[2]!);

describe('the known codes', () => {
  it('are the served languages, the ones LANGUAGE_INFO names, and what the migrations allow', () => {
    expect([...STORED_LANGUAGES].sort()).toEqual(createI18n().languages.slice().sort());
    expect([...STORED_LANGUAGES].sort()).toEqual(Object.keys(LANGUAGE_INFO).sort());
    for (const m of [readMigrations()[3]!, readMigrations(path.resolve('migrations/pg'))[3]!]) {
      expect(m.name).toBe('004_language.sql');
      for (const code of STORED_LANGUAGES) expect(m.sql).toContain(`'${code}'`);
    }
  });
});

describe('a draft and its plan keep the language they were made in', () => {
  it('stores the owner language with the draft and the plan', async () => {
    const { reportPath } = await planMadeIn('id-ID,id;q=0.9');
    const stored = await t.store.loadPlan(idHashOf(reportPath), t.now);
    expect(stored?.language).toBe('id');
    expect(stored?.plan).toBeDefined();
  });

  it('shows the report in it on another device: no cookie, another Accept-Language', async () => {
    const { reportPath } = await planMadeThroughApi('ms');
    for (const accept of ['en', 'zh-CN', 'id']) {
      const res = await request(t.app).get(reportPath).set('Accept-Language', accept).expect(200);
      expect(htmlLang(res.text), accept).toBe('ms');
      expect(res.headers['content-language']).toBe('ms');
      expect(res.headers.vary).toMatch(/Accept-Language/);
      expect(res.headers.vary).toMatch(/Cookie/);
    }
    // The kit and the owner's pages too.
    for (const page of ['/kit', '/change', '/delete']) {
      const res = await request(t.app).get(`${reportPath}${page}`).set('Accept-Language', 'en').expect(200);
      expect(htmlLang(res.text), page).toBe('ms');
    }
  });

  it('lets an explicit choice win: the cookie, and ?lang= (which sets it)', async () => {
    const { reportPath } = await planMadeThroughApi('zh');
    const chosen = await request(t.app)
      .get(reportPath)
      .set('Accept-Language', 'zh')
      .set('Cookie', `${COOKIE}=en`)
      .expect(200);
    expect(htmlLang(chosen.text)).toBe('en');
    const agent = request.agent(t.app);
    const redirect = await agent.get(`${reportPath}?lang=id`).set('Accept-Language', 'zh').expect(303);
    expect(redirect.headers.location).toBe(reportPath);
    const after = await agent.get(reportPath).set('Accept-Language', 'zh').expect(200);
    expect(htmlLang(after.text)).toBe('id');
  });

  it('keeps a chosen and a stored language apart in the render cache', async () => {
    // One Host for every request, as one browser address: the cache keys on the origin too.
    const get = (p: string) => request(t.app).get(p).set('Host', 'kanal.test');
    const { reportPath } = await planMadeThroughApi('id');
    // First a negotiated visit (stored id wins over en), cached under the negotiated key...
    const first = await get(reportPath).set('Accept-Language', 'en').expect(200);
    expect(htmlLang(first.text)).toBe('id');
    expect((await get(reportPath).set('Accept-Language', 'en')).text).toBe(first.text);
    // ...then a reader who chose English must not get that page.
    const chosen = await get(reportPath)
      .set('Accept-Language', 'en')
      .set('Cookie', `${COOKIE}=en`)
      .expect(200);
    expect(htmlLang(chosen.text)).toBe('en');
    // And the other way round: a reader who chose Indonesian, then one who negotiates it.
    const second = await planMadeThroughApi('en');
    const idChosen = await get(second.reportPath)
      .set('Cookie', `${COOKIE}=id`)
      .set('Accept-Language', 'en')
      .expect(200);
    expect(htmlLang(idChosen.text)).toBe('id');
    const negotiated = await get(second.reportPath).set('Accept-Language', 'id').expect(200);
    expect(htmlLang(negotiated.text)).toBe('en');
  });

  it('shows a draft page in the draft language on another device, and the choice over it', async () => {
    const user = new FormUser(t.app);
    user.agent.set('Accept-Language', 'zh');
    const base = await user.start();
    const elsewhere = await request(t.app).get(`${base}/business`).set('Accept-Language', 'ms').expect(200);
    expect(htmlLang(elsewhere.text)).toBe('zh-Hans');
    const chosen = await request(t.app)
      .get(`${base}/business`)
      .set('Accept-Language', 'ms')
      .set('Cookie', `${COOKIE}=id`)
      .expect(200);
    expect(htmlLang(chosen.text)).toBe('id');
    // Saving a page in another (chosen) language: the draft now keeps that one.
    user.agent.set('Cookie', `${COOKIE}=ms`);
    const saved = await user.post(`${base}/business`, SALON_PAGES.business!);
    expect(saved.status).toBe(303);
    const later = await request(t.app).get(`${base}/customers`).set('Accept-Language', 'en').expect(200);
    expect(htmlLang(later.text)).toBe('ms');
  });

  it('records the language of a change: the changed plan reads in it', async () => {
    const { reportPath, ownerKey } = await planMadeThroughApi('en');
    const owner = new FormUser(t.app);
    owner.agent.set('Cookie', `${COOKIE}=zh`);
    const opened = await owner.post(`${reportPath}/change`, { ownerKey: ownerKey! });
    expect(opened.status).toBe(303);
    const draftBase = opened.headers.location!.replace(/\/check$/, '');
    const submitted = await owner.post(`${draftBase}/check`, {});
    expect(submitted.headers.location).toBe(reportPath);
    expect((await t.store.loadPlan(idHashOf(reportPath), t.now))?.language).toBe('zh');
    const elsewhere = await request(t.app).get(reportPath).set('Accept-Language', 'en').expect(200);
    expect(htmlLang(elsewhere.text)).toBe('zh-Hans');
  });

  it('follows the browser for a plan and a draft stored without a language (made before 004)', async () => {
    const { reportPath } = await planMadeThroughApi('id');
    t.db.prepare('UPDATE plans SET language = NULL WHERE id_hash = ?').run(idHashOf(reportPath));
    const loaded = await t.store.loadPlan(idHashOf(reportPath), t.now);
    expect(loaded).toBeDefined();
    expect(loaded && 'language' in loaded).toBe(false);
    for (const [accept, tag] of [
      ['zh', 'zh-Hans'],
      ['ms', 'ms'],
      ['fr', 'en'],
    ] as const) {
      const res = await request(t.app).get(reportPath).set('Accept-Language', accept).expect(200);
      expect(htmlLang(res.text), accept).toBe(tag);
    }
    const user = new FormUser(t.app);
    const draft = await user.start();
    t.db.prepare('UPDATE drafts SET language = NULL').run();
    const res = await request(t.app).get(`${draft}/business`).set('Accept-Language', 'ms').expect(200);
    expect(htmlLang(res.text)).toBe('ms');
  });
});

describe('the API', () => {
  it('says in which language a plan was made, and opens its report in it', async () => {
    const made = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'id')
      .send(JSON.stringify(SALON_ANSWERS))
      .expect(201);
    expect(made.body.language).toBe('id');
    const read = await request(t.app).get(`/api/v1/plans/${made.body.id}`).expect(200);
    expect(read.body.language).toBe('id');
    const page = await request(t.app).get(`/r/${made.body.id}`).set('Accept-Language', 'en').expect(200);
    expect(htmlLang(page.text)).toBe('id');
    const replaced = await request(t.app)
      .put(`/api/v1/plans/${made.body.id}`)
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'ms')
      .set('X-Owner-Key', made.body.ownerKey)
      .send(JSON.stringify(SALON_ANSWERS))
      .expect(200);
    expect(replaced.body.language).toBe('ms');
    expect((await request(t.app).get(`/api/v1/plans/${made.body.id}`)).body.language).toBe('ms');
  });

  it('keeps no language for a request that names none: the report then follows its reader', async () => {
    const made = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SALON_ANSWERS))
      .expect(201);
    // The texts of this answer are in English, Kanal's default; nobody chose it.
    expect(made.body.language).toBe('en');
    const read = await request(t.app).get(`/api/v1/plans/${made.body.id}`).expect(200);
    expect(read.body).not.toHaveProperty('language');
    for (const reader of ['id', 'zh', 'en']) {
      const page = await request(t.app).get(`/r/${made.body.id}`).set('Accept-Language', reader).expect(200);
      expect(htmlLang(page.text)).toBe(LANGUAGE_INFO[reader]!.html);
    }
  });

  it('leaves the field out for a plan stored without a language', async () => {
    const made = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SALON_ANSWERS))
      .expect(201);
    expect(made.body.language).toBe('en');
    t.db.prepare('UPDATE plans SET language = NULL WHERE id_hash = ?').run(hashSecret(made.body.id));
    const read = await request(t.app).get(`/api/v1/plans/${made.body.id}`).expect(200);
    expect(read.body).not.toHaveProperty('language');
    expect(read.body.plan).toBeDefined();
  });
});

describe('migration 004', () => {
  it('applies on a database at 003 with rows in it, which then read without a language', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-004-'));
    try {
      const db = openDatabase(path.join(dir, 'kanal.db'));
      const all = readMigrations();
      migrate(db, all.slice(0, 3));
      expect(db.pragma('user_version', { simple: true })).toBe(3);
      // A plan and a draft as Kanal at 003 stored them (copied from a store at 004).
      const source = makeTestApp();
      const made = await request(source.app)
        .post('/api/v1/plans')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(SALON_ANSWERS))
        .expect(201);
      const row = source.db
        .prepare(
          'SELECT id_hash, owner_key_hash, answers, plan, created_at, updated_at, expires_at FROM plans',
        )
        .get() as Record<string, string>;
      source.close();
      db.prepare(
        `INSERT INTO plans (id_hash, owner_key_hash, answers, plan, created_at, updated_at, expires_at)
         VALUES (@id_hash, @owner_key_hash, @answers, @plan, @created_at, @updated_at, @expires_at)`,
      ).run(row);
      const draftHash = 'a'.repeat(64);
      db.prepare(
        `INSERT INTO drafts (token_hash, data, created_at, updated_at) VALUES (?, '{"version":1,"pages":{}}', ?, ?)`,
      ).run(draftHash, row.created_at, row.created_at);

      expect(migrate(db, all.slice(0, 4))).toEqual(['004_language.sql']);
      const store = createSqliteStore(db);
      const plan = await store.loadPlan(hashSecret(made.body.id), new Date(row.created_at!));
      expect(plan?.answers.business.name).toBe('Enso Hair Studio');
      expect(plan && 'language' in plan).toBe(false);
      const draft = await store.loadDraft(draftHash);
      expect(draft && 'language' in draft).toBe(false);
      // Saving without a language keeps none; with one, stores it.
      const now = new Date(row.created_at!);
      expect(await store.saveDraft(draftHash, { version: 1, pages: {} }, now)).toBe(true);
      expect((await store.loadDraft(draftHash))?.language).toBeUndefined();
      expect(await store.saveDraft(draftHash, { version: 1, pages: {} }, now, 'zh')).toBe(true);
      expect((await store.loadDraft(draftHash))?.language).toBe('zh');
      // The column refuses a code Kanal does not serve.
      expect(() => db.prepare("UPDATE plans SET language = 'fr'").run()).toThrow(/CHECK/);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
