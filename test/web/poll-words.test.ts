/**
 * The poll's sentences over HTTP, on the owner's poll page and in the API's `text`: days, counts
 * and plurals in the reader's language.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { FIXED_NOW, makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm } from '../helpers/forms.js';
import { planWithOpenPoll } from '../helpers/poll.js';

const DAY = 86_400_000;
let t: TestApp | undefined;
afterEach(() => t?.close());

async function answer(app: TestApp['app'], path: string, n: number) {
  for (let i = 0; i < n; i++) {
    const agent = request.agent(app);
    const page = await agent.get(path);
    const res = await agent
      .post(path)
      .type('form')
      .send(encodeForm({ age: '30s', apps: 'whatsapp', _csrf: csrfFrom(page.text) }));
    expect(res.status).toBe(200);
  }
}

const apiText = async (app: TestApp['app'], poll: { id: string; ownerKey: string }, language: string) => {
  const res = await request(app)
    .get(`/api/v1/plans/${poll.id}/poll`)
    .set('X-Owner-Key', poll.ownerKey)
    .set('Accept-Language', language);
  expect(res.status).toBe(200);
  return res.body.text as string[];
};

const ownerPage = async (app: TestApp['app'], id: string, language: string) => {
  const res = await request(app).get(`/r/${id}/poll`).set('Accept-Language', language);
  expect(res.status).toBe(200);
  return res.text;
};

describe('the flagged day is written in the reader’s language', { timeout: 30_000 }, () => {
  it('in the API’s text and on the owner’s page, never as 2026-03-02', async () => {
    t = makeTestApp({ withPolls: true });
    // 30 customers a month: 11 answers in one day is unusually many.
    const poll = await planWithOpenPoll(t.app, {
      ...SALON_ANSWERS,
      customers: { ...SALON_ANSWERS.customers, activePerMonth: 30 },
    });
    await answer(t.app, poll.path, 11);
    t.now = new Date(FIXED_NOW.getTime() + DAY);
    const days = { en: 'March 2, 2026', id: '2 Maret 2026', ms: '2 Mac 2026', zh: '2026 年 3 月 2 日' };
    for (const [language, day] of Object.entries(days)) {
      const flagged = (await apiText(t.app, poll, language)).find((s) => s.includes(day));
      expect(flagged, language).toBeDefined();
      expect(flagged).not.toContain('2026-03-02');
      const page = await ownerPage(t.app, poll.id, language);
      expect(page).toContain(day);
      expect(page).not.toMatch(/2026-03-02/);
    }
  });
});

describe('counts are written in the reader’s language', { timeout: 30_000 }, () => {
  it('1.542 in Indonesian, 1,542 in English: the sentences and the owner’s age table', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app, {
      ...SALON_ANSWERS,
      customers: { ...SALON_ANSWERS.customers, activePerMonth: 30_000 },
    });
    // Answers are kept as counts per day, age group and apps: 1,200 + 342 from yesterday.
    const add = t.db.prepare('INSERT INTO poll_answers VALUES (?, ?, ?, ?, 0, ?)');
    add.run(hashSecret(poll.id), '2026-03-01', '30s', 1, 1200);
    add.run(hashSecret(poll.id), '2026-03-01', '40s', 3, 342);
    const id = (await apiText(t.app, poll, 'id')).join(' ');
    expect(id).toContain('342 dari 1.542 pelanggan');
    expect(id).not.toContain('1542');
    expect((await apiText(t.app, poll, 'en')).join(' ')).toContain('342 of the 1,542 customers');
    const page = await ownerPage(t.app, poll.id, 'id');
    expect(page).toContain('1.542 pelanggan');
    expect(page).toMatch(/1\.200 \(78\s?%\)/);
    expect(page).not.toMatch(/1200|1542/);
  });
});
