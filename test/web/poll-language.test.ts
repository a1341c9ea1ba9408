/**
 * The poll page's language (?lang= on its links, else the browser's) is the request's language:
 * `<html lang>` is the BCP 47 tag (zh-Hans), Content-Language says the same, and the error pages
 * on a poll address (a missing poll, a POST without its CSRF token) follow it too.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm } from '../helpers/forms.js';
import { planWithOpenPoll } from '../helpers/poll.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const htmlLang = (html: string) => /<html lang="([^"]*)"/.exec(html)?.[1];
/** The page is in `tag`: its <html lang> and its Content-Language both say so. */
function expectLanguage(res: { text: string; headers: Record<string, string> }, tag: string) {
  expect(htmlLang(res.text)).toBe(tag);
  expect(res.headers['content-language']).toBe(tag);
}
const ENGLISH = { 'Accept-Language': 'en-GB,en;q=0.9' };

describe("the poll page's language", { timeout: 30_000 }, () => {
  it.each([
    ['zh', 'zh-Hans'],
    ['id', 'id'],
    ['ms', 'ms'],
    ['en', 'en'],
  ])('?lang=%s on an English browser: <html lang="%s"> and the same Content-Language', async (code, tag) => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const res = await request(t.app).get(`${poll.path}?lang=${code}`).set(ENGLISH);
    expect(res.status).toBe(200);
    expectLanguage(res, tag);
    expect(res.text).toContain(t.i18n.translator(code).t('poll.form.submit'));
    // The choice stays in the poll's links: no language cookie, no redirect.
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('kanal.lang');
  });

  it('the poll’s address with other letter cases (Express matches it): ?lang= stays its own', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const res = await request(t.app)
      .get(`${poll.path.replace(/^\/p\//, '/P/')}?lang=zh`)
      .set(ENGLISH);
    expect(res.status).toBe(200);
    expectLanguage(res, 'zh-Hans');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('kanal.lang');
  });

  it('a Chinese browser without ?lang= gets zh-Hans too', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const res = await request(t.app).get(poll.path).set('Accept-Language', 'zh-SG');
    expectLanguage(res, 'zh-Hans');
  });

  it('the thanks page, after a POST to ?lang=zh, is Chinese throughout', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const agent = request.agent(t.app);
    const page = await agent.get(`${poll.path}?lang=zh`).set(ENGLISH);
    const res = await agent
      .post(`${poll.path}?lang=zh`)
      .set(ENGLISH)
      .type('form')
      .send(encodeForm({ age: '30s', apps: 'whatsapp', _csrf: csrfFrom(page.text) }));
    expect(res.status).toBe(200);
    expectLanguage(res, 'zh-Hans');
    expect(res.text).toContain(t.i18n.translator('zh').t('poll.thanks.title'));
  });

  it('a missing poll with ?lang=zh: the 404 page is Chinese', async () => {
    t = makeTestApp({ withPolls: true });
    const res = await request(t.app)
      .get(`/p/${'x'.repeat(43)}?lang=zh`)
      .set(ENGLISH);
    expect(res.status).toBe(404);
    expectLanguage(res, 'zh-Hans');
    expect(res.text).toContain(t.i18n.translator('zh').t('web.not_found.title'));
  });

  it('a POST to ?lang=id without the CSRF token: the 403 page is Indonesian', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const res = await request(t.app)
      .post(`${poll.path}?lang=id`)
      .set(ENGLISH)
      .type('form')
      .send(encodeForm({ age: '30s', apps: 'whatsapp' }));
    expect(res.status).toBe(403);
    expectLanguage(res, 'id');
    expect(res.text).toContain(t.i18n.translator('id').t('web.error.csrf'));
  });

  it('a closed poll with ?lang=zh: the 410 page is Chinese', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    await request(t.app).delete(`/api/v1/plans/${poll.id}/poll`).set('X-Owner-Key', poll.ownerKey);
    const res = await request(t.app).get(`${poll.path}?lang=zh`).set(ENGLISH);
    expect(res.status).toBe(410);
    expectLanguage(res, 'zh-Hans');
  });

  it('an unknown ?lang= is ignored: the browser language stands', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const res = await request(t.app).get(`${poll.path}?lang=fr`).set('Accept-Language', 'ms-MY');
    expectLanguage(res, 'ms');
  });

  it('the language switch marks each language with its tag: lang and hreflang zh-Hans', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const res = await request(t.app).get(`${poll.path}?lang=en`).set(ENGLISH);
    expect(res.text).toContain(`lang="zh-Hans" hreflang="zh-Hans" href="${poll.path}?lang=zh"`);
    expect(res.text).not.toMatch(/lang="zh"/);
    const zh = await request(t.app).get(`${poll.path}?lang=zh`).set(ENGLISH);
    expect(zh.text).toMatch(/<span lang="zh-Hans" aria-current="true">/);
  });
});
