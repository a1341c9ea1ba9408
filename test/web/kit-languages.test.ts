/**
 * The kit in the customers' languages over HTTP (decision 028): the contact page asks them
 * (preset to the page's language, errors naming the field, shown on check answers); the kit's
 * customer texts carry their `lang` and the WhatsApp greeting inside the wa.me link is in the
 * customers' main language while the page stays in the owner's; and the printable kit holds the
 * poll's poster and cards exactly while the plan's poll is open, through the render cache.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { migrate, openDatabase } from '../../src/db/open.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { createI18n } from '../../src/i18n.js';
import { createPlans } from '../../src/plans.js';
import { createPolls } from '../../src/polls.js';
import { createPlanner } from '../../src/web/planner.js';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp, seededRandomBytes, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

const i18n = createI18n({ strict: true });
const planner = createPlanner(loadAdoptionData(), i18n);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanups.splice(0)) f();
});

/** The test app with the customer poll wired in (its store on the same database). */
function appWithPolls(): TestApp {
  const dir = mkdtempSync(path.join(tmpdir(), 'kanal-kit-lang-'));
  const db = openDatabase(path.join(dir, 'kanal.db'));
  migrate(db);
  const store = createSqliteStore(db);
  const clock = () => FIXED_NOW;
  const randomBytes = seededRandomBytes(`kit-${dir}`);
  const plans = createPlans({ store, clock, randomBytes, planner, config: { RETENTION_DAYS: 180 } });
  const polls = createPolls({ store, polls: createSqlitePollStore(db), clock, randomBytes, planner, plans });
  // Links are absolute only for a known host (security.ts linkBase): the kit's test host.
  const t = makeTestApp({ store, polls, config: { ALLOWED_HOSTS: ['kanal.test'] } });
  cleanups.push(() => {
    t.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return t;
}

function plainApp(): TestApp {
  const t = makeTestApp();
  cleanups.push(() => t.close());
  return t;
}

async function createPlan(t: TestApp, languages?: readonly string[]) {
  const answers = {
    ...SALON_ANSWERS,
    customers: { ...SALON_ANSWERS.customers, ...(languages === undefined ? {} : { languages }) },
  };
  const res = await request(t.app).post('/api/v1/plans').send(answers);
  expect(res.status, res.text).toBe(201);
  return { id: res.body.id as string, ownerKey: res.body.ownerKey as string };
}

const unescapeHtml = (s: string) =>
  s.replaceAll('&#39;', "'").replaceAll('&#34;', '"').replaceAll('&quot;', '"').replaceAll('&amp;', '&');

/** The wa.me link of the report's kit section, and its pre-filled text. */
function greetingOn(html: string): string | undefined {
  const href = /<a href="(https:\/\/wa\.me\/\d+\?text=[^"]+)"/.exec(html)?.[1];
  return href === undefined
    ? undefined
    : decodeURIComponent(new URL(unescapeHtml(href)).searchParams.get('text') ?? '');
}

const greeting = (lang: string) =>
  i18n.translator(lang).t('kit.link.whatsapp_greeting', { business: SALON_ANSWERS.business.name });

describe('the kit in the customers’ languages', () => {
  it.each([
    // languages chosen, page language, greeting language, poster tags (main first)
    [['zh', 'en'], 'en', 'zh', ['zh-Hans', 'en']],
    [['ms'], 'en', 'ms', ['ms']],
    [['en', 'ms'], 'id', 'en', ['en', 'ms']],
    [undefined, 'ms', 'ms', ['ms']],
    [undefined, 'zh', 'zh', ['zh-Hans']],
  ] as const)(
    '%j, owner reading in %s: greeting in %s, posters tagged %j',
    async (languages, page, main, tags) => {
      const t = plainApp();
      const plan = await createPlan(t, languages);
      const report = await request(t.app).get(`/r/${plan.id}`).set('Accept-Language', page);
      expect(report.status).toBe(200);
      expect(report.text).toContain(`<html lang="${i18n.translator(page).htmlLang}"`);
      expect(greetingOn(report.text)).toBe(greeting(main));
      // The texts to paste carry the customers' language.
      expect(report.text).toContain(`id="kit-instagram_bio-text" lang="${tags[0]}"`);
      if (tags.length === 2) expect(report.text).toContain(`lang="${tags[1]}"`);

      const kit = await request(t.app).get(`/r/${plan.id}/kit`).set('Accept-Language', page);
      expect(kit.status).toBe(200);
      // The page is the owner's, the posters the customers'.
      expect(kit.text).toContain(`<html lang="${i18n.translator(page).htmlLang}">`);
      expect(unescapeHtml(kit.text)).toContain(i18n.translator(page).t('kit.print.help'));
      const cta = [
        ...kit.text.matchAll(
          /class="kit-poster__cta[^"]*"(?: id="kit-poster-whatsapp_business")? lang="([^"]+)">([^<]+)</g,
        ),
      ];
      const whatsapp = cta.slice(0, tags.length);
      expect(whatsapp.map((m) => m[1])).toEqual(tags);
      expect(whatsapp.map((m) => unescapeHtml(m[2]!))).toEqual(
        tags.map((_, i) => i18n.translator(languages?.[i] ?? page).t('kit.cta.whatsapp_business')),
      );
      expect(kit.text.includes('kit-poster--two')).toBe(tags.length === 2);
    },
  );

  it('refuses the same language twice through the API, naming the field', async () => {
    const t = plainApp();
    const res = await request(t.app)
      .post('/api/v1/plans')
      .send({ ...SALON_ANSWERS, customers: { ...SALON_ANSWERS.customers, languages: ['ms', 'ms'] } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'customers.languages.1', message: expect.stringContaining('second language') },
    ]);
    const bad = await request(t.app)
      .post('/api/v1/plans')
      .send({ ...SALON_ANSWERS, customers: { ...SALON_ANSWERS.customers, languages: ['ms', 'en', 'zh'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('customers.languages');
  });
});

describe('the contact page asks the customers’ languages', () => {
  async function toContact(t: TestApp, lang = 'en') {
    const user = new FormUser(t.app);
    const base = await user.start();
    for (const page of SALON_PAGE_ORDER) {
      if (page === 'contact') break;
      expect((await user.post(`${base}/${page}`, SALON_PAGES[page]!)).status).toBe(303);
    }
    const page = await user.get(`${base}/contact`).set('Accept-Language', lang);
    return { user, base, page };
  }

  it('presets the main language to the page’s language and the second to none', async () => {
    const t = plainApp();
    const { page } = await toContact(t, 'ms');
    // The ?lang= cookie is not set: the header decides (ms).
    expect(page.text).toMatch(
      /id="f-customerLanguage-ms" name="customerLanguage" type="radio" value="ms" checked/,
    );
    expect(page.text).toMatch(
      /id="f-secondLanguage" name="secondLanguage" type="radio" value="none" checked/,
    );
    expect(page.text).not.toMatch(/value="en" checked/);
  });

  it('keeps the choice, shows it on check answers, and stores it', async () => {
    const t = plainApp();
    const { user, base } = await toContact(t);
    const fields = { ...SALON_PAGES.contact!, customerLanguage: 'zh', secondLanguage: 'en' };
    expect((await user.post(`${base}/contact`, fields)).status).toBe(303);
    const check = await user.get(`${base}/check`);
    expect(check.text).toContain('Languages for your customers');
    expect(check.text).toMatch(/Chinese \(Simplified\)[\s\S]{0,200}English/);
    const { reportPath } = await user.submit(base);
    const id = reportPath.split('/').at(-1)!;
    const stored = await request(t.app).get(`/api/v1/plans/${id}`);
    expect(stored.body.answers.customers.languages).toEqual(['zh', 'en']);
    // The change flow shows the stored choice again.
    const again = await user.get(`${base}/contact`);
    expect(again.status === 200 || again.status === 303).toBe(true);
  });

  it.each([
    [
      { customerLanguage: 'ms', secondLanguage: 'ms' },
      'f-secondLanguage',
      'The second language is the same as the main one',
    ],
    [
      { customerLanguage: '', secondLanguage: 'en' },
      'f-customerLanguage',
      'Language for your customers is missing',
    ],
    [{ customerLanguage: 'fr', secondLanguage: 'none' }, 'f-customerLanguage', 'must be one of'],
  ])('%j: an error on %s, nothing stored', async (langs, fieldId, text) => {
    const t = plainApp();
    const { user, base } = await toContact(t);
    const res = await user.post(`${base}/contact`, { ...SALON_PAGES.contact!, ...langs });
    expect(res.status).toBe(400);
    expect(unescapeHtml(res.text)).toContain(text);
    expect(res.text).toContain(`href="#${fieldId}"`);
    const again = await user.get(`${base}/contact`);
    expect(again.text).not.toContain('Error:');
  });
});

describe('the customer poll in the printable kit', () => {
  it('has the poll’s poster and cards only while the poll is open (the cache follows)', async () => {
    const t = appWithPolls();
    const plan = await createPlan(t, ['ms', 'en']);
    // One origin (supertest serves each request on a new port, and the origin is in the key).
    const kitPage = () =>
      request(t.app).get(`/r/${plan.id}/kit`).set('Host', 'kanal.test').set('Accept-Language', 'en');

    const before = await kitPage();
    expect(before.status).toBe(200);
    expect(before.text).not.toContain('poll-card');
    // Served again from the cache: still no poll.
    expect((await kitPage()).text).toBe(before.text);

    const opened = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll`)
      .set('Host', 'kanal.test')
      .set('X-Owner-Key', plan.ownerKey);
    expect(opened.status).toBe(201);
    const pollUrl = opened.body.pollUrl as string;
    const token = new URL(pollUrl).pathname.split('/').at(-1)!;
    const during = await kitPage();
    expect(during.text).toContain('class="kit-sheet kit-poster kit-poster--two poll-card"');
    // The QR code's label and the poster's texts in the customers' languages, main first.
    const ms = i18n.translator('ms');
    const en = i18n.translator('en');
    expect(unescapeHtml(during.text)).toContain(
      `<h2 class="kit-poster__cta" id="kit-poster-poll" lang="ms">${ms.t('poll.card.cta')}</h2>`,
    );
    expect(unescapeHtml(during.text)).toContain(`lang="en">${en.t('poll.card.cta')}</p>`);
    expect(unescapeHtml(during.text)).toContain(`aria-label="${ms.t('poll.card.qr_label')}" lang="ms"`);
    // The line for staff, in the owner's language: ask every customer, for a week.
    expect(unescapeHtml(during.text)).toContain(en.t('poll.card.staff'));
    // The short link on the poster and on each of the eight cards (digits kept whole in spans).
    const text = during.text.replace(/<\/?span[^>]*>/g, '');
    const shortLink = `kanal.test/p/${token}`;
    expect(pollUrl).toBe(`http://${shortLink}`);
    expect(text.split(shortLink).length - 1).toBe(9);

    const closed = await request(t.app)
      .delete(`/api/v1/plans/${plan.id}/poll`)
      .set('X-Owner-Key', plan.ownerKey);
    expect(closed.status).toBe(200);
    const after = await kitPage();
    expect(after.text).not.toContain('poll-card');
    expect(after.text).not.toContain(token);
  });
});
