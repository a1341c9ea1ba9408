/**
 * Choosing the language (src/web/language.ts) on a tiny app of its own: the negotiation table
 * (explicit choice, cookie, Accept-Language, English), `?lang=` and `POST /language` set the
 * cookie and send the person back, the headers (`Content-Language`, `Vary`), hreflang on public
 * pages only, a stored language yielding to an explicit choice, and the switch partial valid.
 */
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.js';
import {
  hreflangLinks,
  LANGUAGE_PATH,
  languageChoice,
  languageCookieName,
  languageMiddleware,
  safeBackPath,
  useStoredLanguage,
} from '../../src/web/language.js';
import { expectValidHtml } from '../helpers/html.js';

const VIEWS = path.resolve(import.meta.dirname, '../../views');
/** Four languages whatever locale folders exist on this branch: one key each, and the switch's. */
const resources = Object.fromEntries(
  ['en', 'id', 'ms', 'zh'].map((l) => [l, { hello: `hello-${l}`, 'language.switch_label': `label-${l}` }]),
);
const i18n = createI18n({ strict: true, resources });

function tinyApp(https = false) {
  const app = express();
  app.set('views', VIEWS);
  app.set('view engine', 'ejs');
  app.use(
    languageMiddleware({ i18n, https, publicPaths: ['/', '/method'], baseUrl: 'https://kanal.example/' }),
  );
  app.use(express.urlencoded({ extended: false }));
  app.post(LANGUAGE_PATH, languageChoice({ i18n, https }));
  app.get('/plan/:lang', (req, res) => {
    useStoredLanguage(i18n, res, req.params.lang);
    res.json({ language: res.locals.language, text: res.locals.t('hello') });
  });
  const page: express.RequestHandler = (_req, res) => {
    res.render('partials/language-switch', {}, (err, switchHtml) => {
      if (err) throw err;
      const alternates = (res.locals.alternates as { hreflang: string; href: string }[])
        .map((a) => `<link rel="alternate" hreflang="${a.hreflang}" href="${a.href}">`)
        .join('');
      res.send(
        `<!DOCTYPE html><html lang="${res.locals.lang}"><head><meta charset="utf-8"><title>${res.locals.t('hello')}</title>${alternates}</head><body><main>${switchHtml}</main></body></html>`,
      );
    });
  };
  app.get('/', page);
  app.get('/method', page);
  app.get('/r/:secret', page);
  return app;
}

const app = tinyApp();
const COOKIE = languageCookieName(false);

describe('negotiation', () => {
  const table: [label: string, headers: Record<string, string>, language: string][] = [
    ['no header', {}, 'en'],
    ['id', { 'Accept-Language': 'id' }, 'id'],
    ['id-ID', { 'Accept-Language': 'id-ID' }, 'id'],
    ['ms-MY', { 'Accept-Language': 'ms-MY,ms;q=0.9' }, 'ms'],
    ['ms-SG', { 'Accept-Language': 'ms-SG' }, 'ms'],
    ['zh-SG', { 'Accept-Language': 'zh-SG' }, 'zh'],
    ['zh-Hans-SG', { 'Accept-Language': 'zh-Hans-SG' }, 'zh'],
    ['zh-CN', { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' }, 'zh'],
    ['zh-TW gets Simplified', { 'Accept-Language': 'zh-TW' }, 'zh'],
    ['English first', { 'Accept-Language': 'en-SG,zh-CN;q=0.9' }, 'en'],
    ['equal quality: the order of the header', { 'Accept-Language': 'zh, en' }, 'zh'],
    ['only other languages', { 'Accept-Language': 'fr-FR,de;q=0.8' }, 'en'],
    ['legacy "in" is not Indonesian', { 'Accept-Language': 'in' }, 'en'],
    ['quality order', { 'Accept-Language': 'en;q=0.5,ms;q=0.9' }, 'ms'],
    ['cookie wins over header', { 'Accept-Language': 'zh', Cookie: `${COOKIE}=ms` }, 'ms'],
    ['cookie among others', { Cookie: `a=b; ${COOKIE}=id; c=d` }, 'id'],
    ['unknown cookie ignored', { 'Accept-Language': 'zh', Cookie: `${COOKIE}=xx` }, 'zh'],
    ['other cookie name ignored', { Cookie: `__Host-${COOKIE}=id` }, 'en'],
  ];
  it.each(table)('%s → %s', async (_label, headers, language) => {
    const res = await request(app).get('/').set(headers).expect(200);
    expect(res.text).toContain(`<title>hello-${language}</title>`);
    const tag = language === 'zh' ? 'zh-Hans' : language;
    expect(res.text).toContain(`<html lang="${tag}">`);
    expect(res.headers['content-language']).toBe(tag);
    expect(res.headers.vary).toMatch(/Accept-Language/);
    expect(res.headers.vary).toMatch(/Cookie/);
  });
});

describe('explicit choice', () => {
  it('?lang= sets the cookie and goes back to the same page without it', async () => {
    const res = await request(app).get('/method?a=1&lang=zh&b=2').expect(303);
    expect(res.headers.location).toBe('/method?a=1&b=2');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${COOKIE.replace('.', '\\.')}=zh;`));
    expect(cookie).toMatch(/Max-Age=31536000/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    // The agent keeps the cookie: the next page, without the parameter, is in Chinese.
    const agent = request.agent(app);
    await agent.get('/?lang=id').expect(303);
    const next = await agent.get('/').set('Accept-Language', 'zh').expect(200);
    expect(next.text).toContain('<title>hello-id</title>');
  });

  it('?lang= takes any case, and an unknown language is ignored (no cookie, no redirect)', async () => {
    const upper = await request(app).get('/?lang=MS').expect(303);
    expect(String(upper.headers['set-cookie'])).toMatch(/kanal\.lang=ms;/);
    const unknown = await request(app).get('/?lang=xx').set('Accept-Language', 'id').expect(200);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    expect(unknown.text).toContain('<title>hello-id</title>');
  });

  it('over HTTPS the cookie is __Host- and Secure', async () => {
    const res = await request(tinyApp(true)).get('/?lang=ms').expect(303);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-kanal\.lang=ms;/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain/);
  });

  it('POST /language sets the cookie and goes back to a local path only', async () => {
    const res = await request(app)
      .post(LANGUAGE_PATH)
      .type('form')
      .send({ lang: 'zh', back: '/method' })
      .expect(303);
    expect(res.headers.location).toBe('/method');
    expect(String(res.headers['set-cookie'])).toMatch(/kanal\.lang=zh;/);
    for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'method', '/a\nb']) {
      const away = await request(app).post(LANGUAGE_PATH).type('form').send({ lang: 'en', back }).expect(303);
      expect(away.headers.location, back).toBe('/');
    }
    const unknown = await request(app)
      .post(LANGUAGE_PATH)
      .type('form')
      .send({ lang: 'xx', back: '/' })
      .expect(303);
    expect(unknown.headers['set-cookie']).toBeUndefined();
    expect(safeBackPath(undefined)).toBe('/');
  });

  it('a stored language beats the header but not an explicit choice', async () => {
    const stored = await request(app).get('/plan/ms').set('Accept-Language', 'zh').expect(200);
    expect(stored.body).toEqual({ language: 'ms', text: 'hello-ms' });
    const chosen = await request(app).get('/plan/ms').set('Cookie', `${COOKIE}=id`).expect(200);
    expect(chosen.body).toEqual({ language: 'id', text: 'hello-id' });
    const unknown = await request(app).get('/plan/xx').set('Accept-Language', 'zh').expect(200);
    expect(unknown.body.language).toBe('zh');
  });
});

describe('the switch and hreflang', () => {
  it('names each language in itself, links to the same page, marks the current one; valid HTML', async () => {
    const res = await request(app).get('/method?x=1').set('Accept-Language', 'ms').expect(200);
    await expectValidHtml(res.text, 'switch');
    expect(res.text).toContain('aria-label="label-ms"');
    expect(res.text).toContain(
      '<a class="link language-switch__link" href="/method?x=1&amp;lang=zh" lang="zh-Hans" hreflang="zh-Hans">中文（简体）</a>',
    );
    expect(res.text).toMatch(
      /href="\/method\?x=1&amp;lang=ms" lang="ms" hreflang="ms" aria-current="true">Bahasa Melayu</,
    );
    expect(res.text).toContain('>Bahasa Indonesia<');
    expect(res.text).toContain('>English<');
    expect(res.text.match(/aria-current/g)).toHaveLength(1);
  });

  it('public pages list every language and x-default; capability pages none', async () => {
    const res = await request(app).get('/').expect(200);
    for (const [tag, code] of [
      ['en', 'en'],
      ['id', 'id'],
      ['ms', 'ms'],
      ['zh-Hans', 'zh'],
    ]) {
      expect(res.text).toContain(`hreflang="${tag}" href="https://kanal.example/?lang=${code}"`);
    }
    expect(res.text).toContain('hreflang="x-default" href="https://kanal.example/"');
    const secret = await request(app).get('/r/abc').expect(200);
    expect(secret.text).not.toContain('rel="alternate"');
    expect(hreflangLinks(['en', 'zh'], '/method')).toEqual([
      { hreflang: 'en', href: '/method?lang=en' },
      { hreflang: 'zh-Hans', href: '/method?lang=zh' },
      { hreflang: 'x-default', href: '/method' },
    ]);
  });
});
