/**
 * The customer poll over HTTP: the real app (createApp) with the poll mounted as server.ts mounts
 * it (test/helpers/app.ts, withPolls): its pages after the body parser, same-origin check and
 * CSRF, as every form, and the owner's API under /api/v1 next to apiRoutes.
 */
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n, loadResources } from '../../src/i18n.js';
import { qrShape } from '../../src/web/qr.js';
import { RenderCache } from '../../src/web/render-cache.js';
import { POLL_ANSWERS_PER_ADDRESS_PER_HOUR, pollReportSummary } from '../../src/web/routes-poll.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, type FormFields } from '../helpers/forms.js';
import { expectValidHtml } from '../helpers/html.js';
import { ownerPollPost } from '../helpers/poll.js';

const defaultI18n = createI18n({ strict: true });
const i18n = defaultI18n;
const DAY = 86_400_000;

type PollApp = TestApp & {
  readonly polls: NonNullable<TestApp['polls']>;
  /** The report/kit render cache the app uses. */
  readonly cache: RenderCache;
};

const opened: PollApp[] = [];
afterEach(() => {
  for (const a of opened.splice(0)) a.close();
});

/** The test app with the poll mounted as server.ts mounts it (test/helpers/app.ts withPolls). */
function makePollApp(
  options: {
    rateLimit?: boolean;
    answersPerHour?: number;
    missesPerHour?: number;
    i18n?: ReturnType<typeof createI18n>;
    /** ALLOWED_HOSTS (the kit prints the poll's card only with a known host). */
    allowedHosts?: string[];
  } = {},
): PollApp {
  const cache = new RenderCache();
  const t = makeTestApp({
    withPolls: true,
    renderCache: cache,
    ...(options.i18n === undefined ? {} : { i18n: options.i18n }),
    pollLimits: {
      ...(options.answersPerHour === undefined ? {} : { answersPerHour: options.answersPerHour }),
      ...(options.missesPerHour === undefined ? {} : { missesPerHour: options.missesPerHour }),
    },
    config: {
      RATE_LIMIT: options.rateLimit ?? false,
      ...(options.allowedHosts === undefined ? {} : { ALLOWED_HOSTS: options.allowedHosts }),
    },
  });
  const made = Object.assign(t, { cache }) as PollApp;
  opened.push(made);
  return made;
}

/** The salon without its typed Telegram figure: the poll is then the owner's only measurement. */
const UNMEASURED = {
  ...SALON_ANSWERS,
  customers: { ...SALON_ANSWERS.customers, knownChannelUse: undefined },
};

async function makePlan(t: PollApp, answers: object = SALON_ANSWERS) {
  const res = await request(t.app).post('/api/v1/plans').send(answers);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, ownerKey: res.body.ownerKey as string };
}

async function openPoll(t: PollApp, plan: { id: string; ownerKey: string }) {
  const res = await request(t.app).post(`/api/v1/plans/${plan.id}/poll`).set('X-Owner-Key', plan.ownerKey);
  expect(res.status).toBe(201);
  const url = new URL(res.body.pollUrl as string);
  return { path: url.pathname, token: url.pathname.slice(3), body: res.body };
}

/** A customer's phone: keeps its cookies, reads the CSRF token from the page, posts the form. */
function phone(t: PollApp) {
  const agent = request.agent(t.app);
  return {
    agent,
    async answer(pollPath: string, fields: FormFields) {
      const page = await agent.get(pollPath);
      expect(page.status).toBe(200);
      return agent
        .post(pollPath)
        .type('form')
        .send(encodeForm({ ...fields, _csrf: csrfFrom(page.text) }));
    },
  };
}

const results = (t: PollApp, plan: { id: string; ownerKey: string }) =>
  request(t.app).get(`/api/v1/plans/${plan.id}/poll`).set('X-Owner-Key', plan.ownerKey);

/** Counted answers appear the next day. */
async function countedTomorrow(t: PollApp, plan: { id: string; ownerKey: string }) {
  t.now = new Date(t.now.getTime() + DAY);
  const res = await results(t, plan);
  t.now = new Date(t.now.getTime() - DAY);
  return res;
}

describe('opening a poll (owner API)', { timeout: 30_000 }, () => {
  it('201 with a poll link, 200 with the same link when already open; needs the owner key', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const first = await openPoll(t, plan);
    expect(first.path).toMatch(/^\/p\/[A-Za-z0-9_-]{43}$/);
    expect(first.body).toMatchObject({ open: true, responses: 0, results: null });
    const again = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll`)
      .set('X-Owner-Key', plan.ownerKey);
    expect(again.status).toBe(200);
    expect(new URL(again.body.pollUrl).pathname).toBe(first.path);
    expect((await request(t.app).post(`/api/v1/plans/${plan.id}/poll`)).status).toBe(401);
    const wrong = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll`)
      .set('X-Owner-Key', 'x'.repeat(43));
    expect(wrong.status).toBe(403);
    expect(
      (
        await request(t.app)
          .get(`/api/v1/plans/${'A'.repeat(43)}/poll`)
          .set('X-Owner-Key', plan.ownerKey)
      ).status,
    ).toBe(404);
    // The token is stored hashed: the database does not hold the link.
    const row = t.db.prepare('SELECT token_hash, sealed_token FROM polls').get() as {
      token_hash: string;
      sealed_token: string;
    };
    expect(row.token_hash).not.toContain(first.token);
    expect(row.sealed_token).not.toBe(first.token);
  });

  it('answers 404 with no poll, and refuses a non-JSON body', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    expect((await results(t, plan)).status).toBe(404);
    const res = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll`)
      .set('X-Owner-Key', plan.ownerKey)
      .type('form')
      .send('a=b');
    expect(res.status).toBe(415);
  });
});

describe("the customer's page", { timeout: 30_000 }, () => {
  it('is one small page in the customer language, with a switch, two questions and no free text', async () => {
    const t = makePollApp();
    const poll = await openPoll(t, await makePlan(t));
    const res = await request(t.app).get(poll.path);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('Enso Hair Studio would like to know how to reach you');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).not.toMatch(/<textarea|type="text"|type="email"|type="tel"/);
    expect(res.text).not.toContain('<script');
    expect(res.text.match(/name="age" type="radio"/g)).toHaveLength(6);
    expect(res.text.match(/name="apps" type="checkbox"/g)).toHaveLength(4);
    // Under 30 KB with its one stylesheet.
    const css = await request(t.app).get('/static/css/main.css');
    expect(Buffer.byteLength(res.text) + Buffer.byteLength(css.text)).toBeLessThan(30 * 1024);
    // Every language Kanal has is offered (a switch needs more than one to show).
    if (i18n.languages.length > 1) expect(res.text).toContain('aria-label="Language"');
  });

  it('switches language: a visible link to each language, kept through the answer', async () => {
    // A second language made from English with marked poll texts (the real translations come
    // from the translators; this checks the switch, not the words).
    const en = loadResources().en ?? {};
    const marked = Object.fromEntries(
      Object.entries(en).map(([k, v]) => [k, k.startsWith('poll.') ? `[id] ${v}` : v]),
    );
    const t = makePollApp({ i18n: createI18n({ strict: true, resources: { en, id: marked } }) });
    const poll = await openPoll(t, await makePlan(t));
    const page = await request(t.app).get(poll.path);
    expect(page.text).toContain('aria-label="Language"');
    expect(page.text).toContain(`href="${poll.path}?lang=id"`);
    // Named as every other page names it (LANGUAGE_INFO), not by Intl.DisplayNames ("Indonesia").
    expect(page.text).toMatch(/lang="id" hreflang="id" href="[^"]+">Bahasa Indonesia</);
    const inId = await request(t.app).get(`${poll.path}?lang=id`);
    expect(inId.text).toContain('<html lang="id">');
    expect(inId.text).toContain('[id] How old are you?');
    expect(inId.text).toContain(`action="${poll.path}?lang=id"`);
    // The browser's own language is the default.
    const asked = await request(t.app).get(poll.path).set('Accept-Language', 'id-ID,id;q=0.9');
    expect(asked.text).toContain('<html lang="id">');
    const agent = request.agent(t.app);
    const form = await agent.get(`${poll.path}?lang=id`);
    const thanks = await agent
      .post(`${poll.path}?lang=id`)
      .type('form')
      .send(encodeForm({ age: '30s', apps: 'email', _csrf: csrfFrom(form.text) }));
    expect(thanks.text).toContain('[id] Your answer has been counted');
    // An unknown language is ignored.
    expect((await request(t.app).get(`${poll.path}?lang=xx`)).text).toContain('<html lang="en">');
  });

  it('counts an answer and thanks the customer; a second POST from the same phone counts once', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const p = phone(t);
    const first = await p.answer(poll.path, { age: '30s', apps: ['whatsapp', 'telegram'] });
    expect(first.status).toBe(200);
    expect(first.text).toContain('Your answer has been counted');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(
      new RegExp(
        `kanal\\.poll=[A-Za-z0-9_-]{43}; Max-Age=\\d+; Path=${poll.path.replace(/[/]/g, '\\/')}; Expires=[^;]+; HttpOnly; SameSite=Lax`,
      ),
    );
    // It ends with the plan (180 days after the app's clock), never later.
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(179 * 86_400);
    expect(maxAge).toBeLessThanOrEqual(180 * 86_400);
    const second = await p.answer(poll.path, { age: '30s', apps: ['telegram'] });
    expect(second.status).toBe(200);
    expect(second.text).toContain('already answered');
    const counted = await countedTomorrow(t, plan);
    expect(counted.body.responses).toBe(1);
    // The store kept a keyed hash of the cookie, not the cookie.
    const value = /kanal\.poll=([^;]+)/.exec(cookie)?.[1] ?? '';
    const seen = t.db.prepare('SELECT browser_mac FROM poll_seen').all() as { browser_mac: string }[];
    expect(seen).toHaveLength(1);
    expect(seen[0]?.browser_mac).not.toContain(value);
  });

  it('a replayed cookie counts once, even from another browser', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const p = phone(t);
    const first = await p.answer(poll.path, { age: '20s', apps: ['email'] });
    const value = /kanal\.poll=([^;]+)/.exec(String(first.headers['set-cookie']))?.[1] ?? '';
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (let i = 0; i < 3; i++) {
      // A fresh browser (its own CSRF cookies) sending the copied poll cookie.
      const page = await request(t.app).get(poll.path);
      const jar = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]);
      const replay = await request(t.app)
        .post(poll.path)
        .set('Cookie', [...jar, `kanal.poll=${value}`].join('; '))
        .type('form')
        .send(encodeForm({ age: '20s', apps: ['email'], _csrf: csrfFrom(page.text) }));
      expect(replay.status).toBe(200);
      expect(replay.text).toContain('already answered');
    }
    expect((await countedTomorrow(t, plan)).body.responses).toBe(1);
  });

  it('refuses a bad answer, naming the field and keeping the input', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const p = phone(t);
    const none = await p.answer(poll.path, { apps: ['none', 'telegram'] });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose your age group');
    expect(none.text).toContain('tick either the apps or “None of these”');
    expect(none.text).toMatch(/id="f-apps-telegram" name="apps" type="checkbox" value="telegram" checked/);
    const bogus = await p.answer(poll.path, { age: 'toddler', apps: ['fax'] });
    expect(bogus.status).toBe(400);
    expect((await countedTomorrow(t, plan)).body.responses).toBe(0);
  });

  it('refuses a POST without the CSRF token, or from another site', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const agent = request.agent(t.app);
    const page = await agent.get(poll.path);
    const noToken = await agent
      .post(poll.path)
      .type('form')
      .send(encodeForm({ age: '30s', apps: 'email' }));
    expect(noToken.status).toBe(403);
    const crossSite = await agent
      .post(poll.path)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send(encodeForm({ age: '30s', apps: 'email', _csrf: csrfFrom(page.text) }));
    expect(crossSite.status).toBe(403);
    const otherOrigin = await agent
      .post(poll.path)
      .set('Origin', 'https://evil.example')
      .type('form')
      .send(encodeForm({ age: '30s', apps: 'email', _csrf: csrfFrom(page.text) }));
    expect(otherOrigin.status).toBe(403);
    expect((await countedTomorrow(t, plan)).body.responses).toBe(0);
  });

  it('limits answers per address, generously, per poll', async () => {
    const t = makePollApp({ rateLimit: true, answersPerHour: 3 });
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await phone(t).answer(poll.path, { age: '40s', apps: 'none' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another poll from the same address has its own allowance.
    const other = await openPoll(t, await makePlan(t));
    expect((await phone(t).answer(other.path, { age: '40s', apps: 'none' })).status).toBe(200);
    expect(POLL_ANSWERS_PER_ADDRESS_PER_HOUR).toBeGreaterThanOrEqual(20);
  });

  it('throttles guessing poll links, counting only misses', async () => {
    const t = makePollApp({ rateLimit: true, missesPerHour: 2 });
    const poll = await openPoll(t, await makePlan(t));
    const guesses: number[] = [];
    for (const c of 'DEF') guesses.push((await request(t.app).get(`/p/${c.repeat(43)}`)).status);
    expect(guesses).toEqual([404, 404, 429]);
    const t2 = makePollApp({ rateLimit: true, missesPerHour: 2 });
    const poll2 = await openPoll(t2, await makePlan(t2));
    for (let i = 0; i < 3; i++) expect((await request(t2.app).get(poll2.path)).status).toBe(200);
    expect(poll.path).not.toBe(poll2.path);
  });

  it('a closed poll takes no answers (410), and shows what it had', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const p = phone(t);
    const page = await p.agent.get(poll.path);
    await phone(t).answer(poll.path, { age: '50s', apps: 'whatsapp' });
    const closed = await request(t.app)
      .delete(`/api/v1/plans/${plan.id}/poll`)
      .set('X-Owner-Key', plan.ownerKey);
    expect(closed.status).toBe(200);
    expect(closed.body.open).toBe(false);
    // The form was fetched before closing; the answer after closing does not count.
    const late = await p.agent
      .post(poll.path)
      .type('form')
      .send(encodeForm({ age: '50s', apps: 'whatsapp', _csrf: csrfFrom(page.text) }));
    expect(late.status).toBe(410);
    expect(late.text).toContain('This poll has closed');
    expect((await request(t.app).get(poll.path)).status).toBe(410);
    expect((await countedTomorrow(t, plan)).body.responses).toBe(1);
  });
});

describe('links never open each other', { timeout: 30_000 }, () => {
  it('the poll link opens no report, the report link no poll, the poll token no API', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    expect((await request(t.app).get(`/r/${poll.token}`)).status).toBe(404);
    expect((await request(t.app).get(`/p/${plan.id}`)).status).toBe(404);
    expect((await request(t.app).get(`/api/v1/plans/${poll.token}`)).status).toBe(404);
    expect(
      (await request(t.app).get(`/api/v1/plans/${poll.token}/poll`).set('X-Owner-Key', plan.ownerKey)).status,
    ).toBe(404);
    // The poll page shows nothing of the plan or of other answers.
    const page = await request(t.app).get(poll.path);
    expect(page.text).not.toContain(plan.id);
    expect(page.text).not.toMatch(/verdict|Telegram \(\d+%\)/i);
    // The report page does not reveal the poll link.
    const report = await request(t.app).get(`/r/${plan.id}`);
    expect(report.status).toBe(200);
    expect(report.text).not.toContain(poll.token);
  });

  it('after the plan is deleted the poll link answers 404 and its answers are gone', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    await phone(t).answer(poll.path, { age: '20s', apps: 'telegram' });
    expect(
      (await request(t.app).delete(`/api/v1/plans/${plan.id}`).set('X-Owner-Key', plan.ownerKey)).status,
    ).toBe(204);
    expect((await request(t.app).get(poll.path)).status).toBe(404);
    expect(
      (await request(t.app).get(`/api/v1/plans/${plan.id}/poll`).set('X-Owner-Key', plan.ownerKey)).status,
    ).toBe(404);
    for (const table of ['polls', 'poll_answers', 'poll_seen'])
      expect(t.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
  });
});

describe('results, counter tablet, reset and apply', { timeout: 30_000 }, () => {
  async function answerMany(t: PollApp, pollPath: string, n: number, fields: (i: number) => FormFields) {
    for (let i = 0; i < n; i++) expect((await phone(t).answer(pollPath, fields(i))).status).toBe(200);
  }

  it('results from 10 answers, refreshed daily, in words, with small counts withheld', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const ages = ['20s', '30s', '40s'];
    await answerMany(t, poll.path, 30, (i) => ({
      age: ages[i % 3]!,
      apps: i < 12 ? ['whatsapp', 'telegram'] : i < 29 ? ['whatsapp'] : ['email'],
    }));
    const sameDay = await results(t, plan);
    expect(sameDay.body).toMatchObject({ responses: 0, today: 30, results: null });
    const next = await countedTomorrow(t, plan);
    expect(next.status).toBe(200);
    expect(next.body.responses).toBe(30);
    expect(next.body.results.telegram).toEqual({
      count: 12,
      share: 0.4,
      low: expect.closeTo(0.2459, 3),
      high: expect.closeTo(0.5768, 3),
    });
    // 29 of 30 use WhatsApp: the one who doesn't would be revealed, so it is withheld.
    expect(next.body.results.whatsapp).toMatchObject({ count: null, share: null, withheld: 'most' });
    expect(next.body.results.email).toMatchObject({ count: null, share: null, withheld: 'fewer' });
    // No one under 20, in their 50s or over 60: those zeros are withheld, and so is the smallest
    // group shown (20s, 10), so that 30 minus the groups shown reveals no count under 5.
    expect(next.body.results.ageMix['30s']).toEqual({ count: 10, share: 10 / 30 });
    expect(next.body.results.ageMix['40s']).toEqual({ count: 10, share: 10 / 30 });
    for (const g of ['under20', '20s', '50s', '60plus'])
      expect(next.body.results.ageMix[g]).toEqual({ count: null, share: null, withheld: true });
    expect(next.body.results.ageWithheld).toBe(10);
    expect(next.body.text).toContain(
      '12 of the 30 customers who answered use Telegram (40%); among all your customers probably between 24% and 58%.',
    );
    expect(next.body.text.join(' ')).toContain('phone users');
  });

  it('counter-tablet mode: one device answers for many customers, marked as such', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const on = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll/counter`)
      .set('X-Owner-Key', plan.ownerKey)
      .send({ on: true });
    expect(on.status).toBe(200);
    const tabletUrl = new URL(on.body.tabletUrl as string);
    const tablet = phone(t);
    const setUp = await tablet.agent.get(tabletUrl.pathname);
    expect(setUp.status).toBe(303);
    expect(setUp.headers.location).toBe(poll.path);
    for (let i = 0; i < 3; i++) {
      const res = await tablet.answer(poll.path, { age: '60plus', apps: 'none' });
      expect(res.text).toContain('Next customer');
    }
    const counted = await countedTomorrow(t, plan);
    expect(counted.body).toMatchObject({ responses: 3, counterAnswers: 3, counterTablet: true });
    // A wrong tablet key is a 404 and switches nothing on.
    expect((await request(t.app).get(`${poll.path}/tablet/${'B'.repeat(43)}`)).status).toBe(404);
    const bad = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll/counter`)
      .set('X-Owner-Key', plan.ownerKey)
      .send({});
    expect(bad.status).toBe(400);
  });

  it('reset empties the poll and keeps the link', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    await answerMany(t, poll.path, 2, () => ({ age: '30s', apps: 'email' }));
    const reset = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll/reset`)
      .set('X-Owner-Key', plan.ownerKey);
    expect(reset.status).toBe(200);
    expect(new URL(reset.body.pollUrl).pathname).toBe(poll.path);
    expect((await countedTomorrow(t, plan)).body).toMatchObject({ responses: 0, today: 0 });
  });

  it('apply writes customers.poll (never knownChannelUse), re-plans and keeps the earlier plan', async () => {
    const t = makePollApp();
    const plan = await makePlan(t, UNMEASURED);
    const poll = await openPoll(t, plan);
    const before = await request(t.app).get(`/api/v1/plans/${plan.id}`);
    const tooFew = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll/apply`)
      .set('X-Owner-Key', plan.ownerKey);
    expect(tooFew.status).toBe(409);
    const ages = ['20s', '30s', '40s'];
    await answerMany(t, poll.path, 30, (i) => ({
      age: ages[i % 3]!,
      apps: i < 24 ? ['whatsapp', 'telegram'] : ['whatsapp'],
    }));
    t.now = new Date(t.now.getTime() + DAY);
    const applied = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll/apply`)
      .set('X-Owner-Key', plan.ownerKey);
    expect(applied.status).toBe(200);
    const stored = {
      responses: 30,
      // 30 of 30 use WhatsApp: "all but fewer than 5"; nobody uses email: "fewer than 5".
      counts: { whatsapp: 'most', telegram: 24, email: 'fewer' },
      ages: {
        under20: 'withheld',
        '20s': 'withheld',
        '30s': 10,
        '40s': 10,
        '50s': 'withheld',
        '60plus': 'withheld',
      },
      on: '2026-03-03',
    };
    expect(applied.body.poll).toMatchObject(stored);
    // The reason says the counts in words; the plan's evidence is the poll.
    expect(applied.body.poll.reasons.telegram[0]).toMatch(
      /^24 of the 30 customers who answered your poll use Telegram \(80%\); among all your customers probably between 62% and 91%\. People who answer a QR poll are phone users/,
    );
    expect(applied.body.poll.reasons.email[0]).toMatch(
      /^Fewer than 5 of the 30 customers who answered your poll use email/,
    );
    expect(applied.body.plan.channels.telegram).toMatchObject({ evidence: 'poll', measured: true });
    const after = await request(t.app).get(`/api/v1/plans/${plan.id}`);
    // What the plan holds is the poll's suppressed results: never the owner's typed figure.
    expect(after.body.answers.customers.poll).toEqual(stored);
    expect(after.body.answers.customers.knownChannelUse).toBeUndefined();
    expect(JSON.stringify(after.body.answers)).not.toMatch(/"knownChannelUse"/);
    const reasons = after.body.plan.channels.telegram.reasons.map((r: { text: string }) => r.text);
    expect(reasons.join(' ')).toContain('24 of the 30 customers who answered your poll use Telegram');
    expect(after.body.plan.channels.telegram.reach).not.toBe(before.body.plan.channels.telegram.reach);
    // The earlier plan is kept (the report's comparison).
    const prev = t.db.prepare('SELECT previous FROM plans').get() as { previous: string | null };
    expect(prev.previous).not.toBeNull();
    const report = await request(t.app).get(`/r/${plan.id}`);
    expect(report.text).toContain('Here is each channel in your earlier plan');
  });

  it("the owner's typed figure stays and comes first; the reason says the poll was set aside", async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    await answerMany(t, poll.path, 12, (i) => ({
      age: i % 2 ? '20s' : '30s',
      apps: i < 6 ? 'telegram' : 'whatsapp',
    }));
    t.now = new Date(t.now.getTime() + DAY);
    const applied = await request(t.app)
      .post(`/api/v1/plans/${plan.id}/poll/apply`)
      .set('X-Owner-Key', plan.ownerKey);
    expect(applied.status).toBe(200);
    const after = await request(t.app).get(`/api/v1/plans/${plan.id}`);
    expect(after.body.answers.customers.knownChannelUse).toEqual(SALON_ANSWERS.customers.knownChannelUse);
    expect(after.body.plan.channels.telegram).toMatchObject({ evidence: 'measured', reach: 0.45 });
    expect(applied.body.poll.reasons.telegram.join(' ')).toContain(
      'You typed your own figure for Telegram, so Kanal uses it rather than your customer poll.',
    );
    expect(after.body.plan.channels.whatsapp_business.evidence).toBe('poll');
  });

  it('more Telegram answers never lower Telegram in the applied plan', async () => {
    const shareWith = async (telegramUsers: number) => {
      const t = makePollApp();
      const plan = await makePlan(t, UNMEASURED);
      const poll = await openPoll(t, plan);
      const ages = ['20s', '30s', '40s'];
      await answerMany(t, poll.path, 15, (i) => ({
        age: ages[i % 3]!,
        apps: i < telegramUsers ? ['telegram'] : ['whatsapp'],
      }));
      t.now = new Date(t.now.getTime() + DAY);
      const res = await request(t.app)
        .post(`/api/v1/plans/${plan.id}/poll/apply`)
        .set('X-Owner-Key', plan.ownerKey);
      return res.body.plan.channels.telegram as { reach: number; score: number };
    };
    const low = await shareWith(5);
    const high = await shareWith(10);
    expect(high.reach).toBeGreaterThan(low.reach);
    expect(high.score).toBeGreaterThanOrEqual(low.score);
  });
});

describe("the owner's poll page (/r/:id/poll)", { timeout: 30_000 }, () => {
  const ownerPost = (t: PollApp, id: string, fields: FormFields) => ownerPollPost(t.app, id, fields);

  it('opens a poll with the owner key, then shows its link and a counter card whose QR code is the link', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const before = await request(t.app).get(`/r/${plan.id}/poll`);
    expect(before.text).toContain('Ask your customers');
    expect(before.text).toContain('value="open"');
    expect(before.headers['cache-control']).toBe('no-store');
    const noKey = await ownerPost(t, plan.id, { action: 'open' });
    expect(noKey.status).toBe(403);
    const wrongKey = await ownerPost(t, plan.id, { action: 'open', ownerKey: 'C'.repeat(43) });
    expect(wrongKey.status).toBe(403);
    expect(t.db.prepare('SELECT count(*) AS n FROM polls').get()).toEqual({ n: 0 });
    const open = await ownerPost(t, plan.id, { action: 'open', ownerKey: plan.ownerKey });
    expect(open.status).toBe(303);
    const after = await request(t.app).get(`/r/${plan.id}/poll`);
    const link = /href="(http:\/\/[^"]+\/p\/[A-Za-z0-9_-]{43})"/.exec(after.text)?.[1];
    expect(link).toBeDefined();
    // The day it opened in words, as the owner reads dates, not as stored (YYYY-MM-DD).
    const opened = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(t.now);
    expect(after.text).toContain(`Your poll is open (since ${opened}).`);
    expect(after.text).toContain('ask every customer to scan while they wait');
    const qr = await qrShape(link ?? '');
    for (const p of qr.paths) expect(after.text).toContain(`d="${p.d}"`);
    // The link opens the customer's page.
    expect((await request(t.app).get(new URL(link ?? '').pathname)).status).toBe(200);
  });

  it('shows the counter card in the customers’ languages (the kit’s poll sheet), staff line in the owner’s', async () => {
    const t = makePollApp();
    const plan = await makePlan(t, {
      ...SALON_ANSWERS,
      customers: { ...SALON_ANSWERS.customers, languages: ['zh', 'ms'] },
    });
    const poll = await openPoll(t, plan);
    const page = await request(t.app).get(`/r/${plan.id}/poll`);
    expect(page.text).toContain('<html lang="en"');
    const card =
      /<section class="kit-sheet kit-poster[^"]*poll-card"[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? '';
    const zh = defaultI18n.translator('zh');
    const ms = defaultI18n.translator('ms');
    const en = defaultI18n.translator('en');
    // Chinese first, as the heading; Malay below it; not the owner's English.
    expect(card).toMatch(
      new RegExp(
        `<h2 class="kit-poster__cta" id="kit-poster-poll" lang="zh[^"]*">${zh.t('poll.card.cta')}</h2>`,
      ),
    );
    expect(card).toContain(`lang="ms">${ms.t('poll.card.cta')}</p>`);
    expect(card).not.toContain(en.t('poll.card.cta'));
    expect(card).toContain(ms.t('poll.card.privacy'));
    expect(card).toContain(en.t('poll.card.staff'));
    expect(card).toContain('kit-poster--two');
    const link = /href="(http:\/\/[^"]+\/p\/[A-Za-z0-9_-]{43})"/.exec(page.text)?.[1] ?? '';
    expect(new URL(link).pathname).toBe(poll.path);
    for (const p of (await qrShape(link)).paths) expect(card).toContain(`d="${p.d}"`);
    await expectValidHtml(page.text, 'owner page, card in two customer languages');
  });

  it('apply from the page re-makes the plan and returns to the report', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const early = await ownerPost(t, plan.id, { action: 'apply', ownerKey: plan.ownerKey });
    expect(early.status).toBe(409);
    expect(early.text).toContain('needs 10 answers');
    for (let i = 0; i < 12; i++)
      await phone(t).answer(poll.path, { age: i % 2 ? '20s' : '30s', apps: 'telegram' });
    t.now = new Date(t.now.getTime() + DAY);
    const page = await request(t.app).get(`/r/${plan.id}/poll`);
    expect(page.text).toContain('customers who answered use Telegram');
    const applied = await ownerPost(t, plan.id, { action: 'apply', ownerKey: plan.ownerKey });
    expect(applied.status).toBe(303);
    expect(applied.headers.location).toBe(`/r/${plan.id}`);
    const bogus = await ownerPost(t, plan.id, { action: 'explode', ownerKey: plan.ownerKey });
    expect(bogus.status).toBe(400);
  });
});

describe("the report's poll section", { timeout: 30_000 }, () => {
  const section = (html: string) => /<section class="poll-summary"[\s\S]*?<\/section>/.exec(html)?.[0];

  it('appears only when the plan has a poll, in words, linking to the owner page, never to the poll', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const report = async () => (await request(t.app).get(`/r/${plan.id}`)).text;
    expect(section(await report())).toBeUndefined();
    const poll = await openPoll(t, plan);
    for (let i = 0; i < 10; i++)
      await phone(t).answer(poll.path, { age: i < 5 ? '20s' : '30s', apps: i < 5 ? 'telegram' : 'whatsapp' });
    // Today's answers are not counted yet: the section says so, with no results.
    const sameDay = section(await report());
    expect(sameDay).toContain('0 customers have answered so far');
    expect(sameDay).not.toContain('answers given today');
    t.now = new Date(t.now.getTime() + DAY);
    const html = await report();
    const next = section(html);
    expect(next).toContain(
      '5 of the 10 customers who answered use Telegram (50%); among all your customers probably between 23% and 77%.',
    );
    expect(next).toContain('phone users');
    expect(next).toContain(`href="/r/${plan.id}/poll"`);
    expect(html).not.toContain(poll.token);
    await expectValidHtml(html, 'report with its poll section');
    expect(await pollReportSummary(t.polls, 'G'.repeat(43), i18n.translator('en'))).toBeUndefined();
  });

  it('a plan without a poll costs its pages no poll read; opening one shows at once, read from then on', async () => {
    const t = makePollApp({ allowedHosts: ['kanal.test'] });
    const plan = await makePlan(t);
    const reportReads = vi.spyOn(t.polls, 'reportStatus');
    const kitReads = vi.spyOn(t.polls, 'openToken');
    const reads = () => ({ report: reportReads.mock.calls.length, kit: kitReads.mock.calls.length });
    const get = (suffix: string) => request(t.app).get(`/r/${plan.id}${suffix}`).set('Host', 'kanal.test');
    // Rendered once and then served from memory, neither page reads the poll.
    for (let i = 0; i < 2; i++) {
      expect(section((await get('').expect(200)).text)).toBeUndefined();
      expect((await get('/kit').expect(200)).text).not.toContain('poll-card');
    }
    expect(t.cache.hits).toBe(2);
    expect(reads()).toEqual({ report: 0, kit: 0 });
    // A poll opened: the next request of each page sees it, without any change to the plan.
    await openPoll(t, plan);
    expect(section((await get('').expect(200)).text)).toContain('0 customers have answered so far');
    expect((await get('/kit').expect(200)).text).toContain('poll-card');
    // Each page reads the poll once: for its cache key, the render on a miss reuses that read.
    expect(reads()).toEqual({ report: 1, kit: 1 });
    // From memory again, the report reads the poll for its key, but never the whole plan.
    const planReads = vi.spyOn(t.store, 'loadPlan');
    expect(section((await get('').expect(200)).text)).toContain('0 customers have answered so far');
    expect(t.cache.hits).toBe(3);
    expect(reads()).toEqual({ report: 2, kit: 1 });
    expect(planReads).not.toHaveBeenCalled();
  });

  it('the cached report follows the poll: new results the next day, a reset at once', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    // A fixed Host: supertest's own names a new port on every request (a new cache key).
    const report = async () =>
      section((await request(t.app).get(`/r/${plan.id}`).set('Host', 'kanal.test')).text) ?? '';
    for (let i = 0; i < 10; i++) await phone(t).answer(poll.path, { age: '30s', apps: 'whatsapp' });
    t.now = new Date(t.now.getTime() + DAY);
    expect(await report()).toContain('All but fewer than 5 of the 10 customers who answered use WhatsApp');
    // Five more answers today, all Telegram: the page read twice today shows the same results...
    for (let i = 0; i < 5; i++) await phone(t).answer(poll.path, { age: '40s', apps: 'telegram' });
    const hits = t.cache.hits;
    expect(await report()).toContain('Fewer than 5 of the 10 customers who answered use Telegram');
    expect(t.cache.hits).toBe(hits + 1);
    // ...and tomorrow the new ones, although the stored plan did not change.
    t.now = new Date(t.now.getTime() + DAY);
    expect(await report()).toContain('5 of the 15 customers who answered use Telegram (33%)');
    await request(t.app).post(`/api/v1/plans/${plan.id}/poll/reset`).set('X-Owner-Key', plan.ownerKey);
    expect(await report()).toContain('0 customers have answered so far');
  });

  it('never reveals a single answer: counts under 5 withheld, no results below 10', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const poll = await openPoll(t, plan);
    const report = async () => section((await request(t.app).get(`/r/${plan.id}`)).text) ?? '';
    for (let i = 0; i < 9; i++)
      await phone(t).answer(poll.path, {
        age: i === 0 ? '60plus' : '30s',
        apps: i === 0 ? 'email' : 'whatsapp',
      });
    t.now = new Date(t.now.getTime() + DAY);
    const nine = await report();
    expect(nine).toContain('9 customers have answered so far');
    expect(nine).not.toMatch(/use (email|WhatsApp)/);
    await phone(t).answer(poll.path, { age: '30s', apps: 'whatsapp' });
    t.now = new Date(t.now.getTime() + DAY);
    const ten = await report();
    expect(ten).toContain('Fewer than 5 of the 10 customers who answered use email');
    expect(ten).not.toMatch(/\b1 of the 10\b|60 or over/);
  });
});

describe('valid HTML', { timeout: 30_000 }, () => {
  it('the poll page (with errors), the thanks, the closed page and the owner page with its card', async () => {
    const t = makePollApp();
    const plan = await makePlan(t);
    const before = await request(t.app).get(`/r/${plan.id}/poll`);
    await expectValidHtml(before.text, 'owner page, no poll');
    const poll = await openPoll(t, plan);
    await expectValidHtml((await request(t.app).get(poll.path)).text, 'poll page');
    const p = phone(t);
    await expectValidHtml(
      (await p.answer(poll.path, { apps: ['none', 'email'] })).text,
      'poll page with errors',
    );
    await expectValidHtml((await p.answer(poll.path, { age: '30s', apps: 'email' })).text, 'thanks');
    for (let i = 0; i < 11; i++)
      await phone(t).answer(poll.path, { age: i % 2 ? '20s' : '40s', apps: i < 6 ? 'telegram' : 'email' });
    t.now = new Date(t.now.getTime() + DAY);
    const owner = await request(t.app).get(`/r/${plan.id}/poll`);
    expect(owner.text).toContain('kit-poster');
    await expectValidHtml(owner.text, 'owner page with results and card');
    await request(t.app).delete(`/api/v1/plans/${plan.id}/poll`).set('X-Owner-Key', plan.ownerKey);
    await expectValidHtml((await request(t.app).get(poll.path)).text, 'closed');
  });
});
