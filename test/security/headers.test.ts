/**
 * Headers on every kind of answer (T6): pages, private pages, static, API, 404, 405, 413, 415,
 * 429, 500 and 503. Cookies over HTTP and behind HTTPS.
 */
import { Router } from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { PERMISSIONS_POLICY } from '../../src/web/security.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { formSession, planThroughForms } from './support.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const CSP_HTTP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "form-action 'self'",
];

type Res = { status: number; headers: Record<string, string | string[] | undefined> };

function expectCommonHeaders(label: string, res: Res, https = false) {
  const h = res.headers;
  const csp = String(h['content-security-policy'] ?? '');
  const directives = csp
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  expect(directives, label).toEqual(https ? [...CSP_HTTP, 'upgrade-insecure-requests'] : CSP_HTTP);
  expect(csp, label).not.toContain('unsafe');
  expect(h['x-content-type-options'], label).toBe('nosniff');
  expect(h['referrer-policy'], label).toBe('no-referrer');
  expect(h['x-powered-by'], label).toBeUndefined();
  expect(h['cross-origin-opener-policy'], label).toBe('same-origin');
  // The frame headers agree: frame-ancestors 'none' and X-Frame-Options DENY.
  expect(h['x-frame-options'], label).toBe('DENY');
  expect(h['permissions-policy'], label).toBe(PERMISSIONS_POLICY);
  expect(String(h['permissions-policy']), label).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  // A response that sets a cookie is never kept by a cache.
  if (h['set-cookie'] !== undefined) expect(h['cache-control'], `${label} sets a cookie`).toBe('no-store');
  if (res.status !== 204 && res.status !== 304)
    expect(String(h['content-type']), label).toMatch(/charset=utf-8/i);
}

function expectPrivate(label: string, res: Res) {
  expect(res.headers['cache-control'], label).toBe('no-store');
  expect(String(res.headers['x-robots-tag']), label).toMatch(/noindex/);
}

function boom(): Router {
  const r = Router();
  r.get('/boom', () => {
    throw new Error('internal detail /srv/kanal/src/secret.ts:12 SELECT * FROM plans');
  });
  r.get('/busy', () => {
    throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
  });
  return r;
}

describe('headers on every answer', () => {
  it('public pages, static files, health and the privacy notice', async () => {
    t = makeTestApp();
    const u = new FormUser(t.app);
    for (const path of [
      '/',
      '/privacy',
      '/deleted',
      '/healthz',
      '/static/css/main.css',
      '/static/js/enhance.js',
    ]) {
      const res = await u.get(path);
      expect(res.status, path).toBe(200);
      expectCommonHeaders(path, res);
    }
    expect((await u.get('/robots.txt')).text).toContain('Disallow: /r/');
    const notFound = await u.get('/no-such-page');
    expect(notFound.status).toBe(404);
    expectCommonHeaders('404', notFound);
    expect(notFound.headers['cache-control']).toBe('no-store');
  });

  it('draft, report, kit, change, delete pages and the API: private, not cached, not indexed', async () => {
    t = makeTestApp();
    const u = new FormUser(t.app);
    const { base, reportPath } = await planThroughForms(u);
    const draftBase = await u.start();
    const paths = [
      `${draftBase}/business`,
      `${draftBase}`,
      reportPath,
      `${reportPath}/kit`,
      `${reportPath}/change`,
      `${reportPath}/delete`,
      `${base}/business`, // the draft is gone once the plan is made: a private 404
      `/r/${'A'.repeat(43)}`,
    ];
    for (const path of paths) {
      const res = await u.get(path);
      expectCommonHeaders(path, res);
      expectPrivate(path, res);
    }
    const api = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ version: 1 }));
    expect(api.status).toBe(400);
    expectCommonHeaders('api 400', api);
    expectPrivate('api 400', api);
    expect(api.headers['set-cookie']).toBeUndefined();
  });

  it('405 (with Allow), 413, 415, 429, 500 and 503 answers carry them too', async () => {
    t = makeTestApp({
      extraRoutes: boom(),
      config: { RATE_LIMIT: true, RATE_LIMIT_API_PER_MINUTE: 1 },
    });
    const { user, token } = await formSession(t.app);
    const cases: [string, Promise<Res>, number][] = [
      ['GET /start', user.get('/start'), 405],
      ['PUT /', user.agent.put('/'), 405],
      ['DELETE /static/css/main.css', user.agent.delete('/static/css/main.css'), 405],
      ['POST /healthz', user.agent.post('/healthz'), 405],
      [
        'form 413',
        user.agent
          .post('/start')
          .type('form')
          .send(`_csrf=${token}&x=${'a'.repeat(40_000)}`),
        413,
      ],
      ['form 415', user.agent.post('/start').set('Content-Type', 'application/json').send('{}'), 415],
      ['form 415 text/plain', user.agent.post('/start').set('Content-Type', 'text/plain').send('a=b'), 415],
      ['500', user.get('/boom'), 500],
      ['503', user.get('/busy'), 503],
    ];
    for (const [label, pending, status] of cases) {
      const res = await pending;
      expect(res.status, label).toBe(status);
      expectCommonHeaders(label, res);
    }
    expect((await user.get('/start')).headers.allow).toBe('POST');
    expect((await user.agent.put('/')).headers.allow).toBe('GET, HEAD');
    expect((await user.get('/busy')).headers['retry-after']).toBe('2');

    const api = request(t.app);
    const apiCases: [string, () => Promise<Res>, number][] = [
      ['API GET /plans', () => api.get('/api/v1/plans'), 405],
      ['API 415', () => api.post('/api/v1/plans').set('Content-Type', 'text/plain').send('{}'), 415],
      [
        'API 413',
        () =>
          api
            .post('/api/v1/plans')
            .set('Content-Type', 'application/json')
            .send(`"${'a'.repeat(40_000)}"`),
        413,
      ],
    ];
    // The API limit is 1 per minute here: the first is answered, the rest are 429.
    const first = await apiCases[0]![1]();
    expect(first.status).toBe(405);
    expect(first.headers.allow).toBe('POST');
    for (const [label, send] of apiCases.slice(1)) {
      const res = await send();
      expect(res.status, label).toBe(429);
      expect(Number(res.headers['retry-after']), label).toBeGreaterThan(0);
      expectCommonHeaders(label, res);
    }
  });

  it('API 405, 413 and 415 when the API is not limited', async () => {
    t = makeTestApp();
    const api = request(t.app);
    const id = 'A'.repeat(43);
    const r405 = await api.patch(`/api/v1/plans/${id}`);
    expect(r405.status).toBe(405);
    expect(r405.headers.allow).toBe('GET, PUT, DELETE, HEAD');
    expectCommonHeaders('API 405', r405);
    const r415 = await api
      .post('/api/v1/plans')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('a=b');
    expect(r415.status).toBe(415);
    const r415b = await api.post('/api/v1/plans');
    expect(r415b.status).toBe(415);
    const r413 = await api
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(`"${'a'.repeat(40_000)}"`);
    expect(r413.status).toBe(413);
    for (const r of [r415, r415b, r413]) expectCommonHeaders('API error', r);
  });
});

describe('pages that set cookies or carry a per-visitor token', () => {
  it('/, /privacy, /method, /deleted and the question pages send Cache-Control: no-store', async () => {
    t = makeTestApp();
    const u = new FormUser(t.app);
    const draft = await u.start();
    for (const path of ['/', '/privacy', '/method', '/deleted', `${draft}/business`]) {
      // A first visit (cookies set) and a later one (cookies already there, token on the page).
      for (const res of [await request(t.app).get(path), await u.get(path)]) {
        expect(res.status, path).toBe(200);
        expect(res.headers['cache-control'], path).toBe('no-store');
      }
    }
    const fresh = await request(t.app).get('/');
    expect(fresh.headers['set-cookie']).toBeDefined();
  });

  it('a response that renders nothing (a cached page, JSON) sets no cookie (decision 033)', async () => {
    t = makeTestApp();
    const { app } = t;
    const made = await request(app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SALON_ANSWERS))
      .expect(201);
    const report = `/r/${made.body.id as string}`;
    // The first visit renders (and caches) each page; the later ones are served from the cache
    // (one Host: supertest's own port changes with each request, and the origin is in the key).
    const get = (path: string) => request(app).get(path).set('Host', 'kanal.example');
    await get(report).expect(200);
    await get(`${report}/kit`).expect(200);
    for (const path of [report, report, `${report}/kit`, '/healthz', '/api/v1/plans/none']) {
      const res = await get(path);
      expect(res.headers['set-cookie'], path).toBeUndefined();
    }
    // A page with a form still gets both cookies, and its form still posts.
    const u = new FormUser(app);
    const start = await request(app).get('/');
    const names = ([] as string[]).concat(start.headers['set-cookie'] ?? []).map((c) => c.split('=')[0]);
    expect(names.sort()).toEqual(['kanal.csrf', 'kanal.sid']);
    expect(await u.start()).toMatch(/^\/d\//);
  });

  it('static files (no cookie, no token) may still be cached', async () => {
    t = makeTestApp();
    const res = await request(t.app).get('/static/css/main.css');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).not.toBe('no-store');
  });
});

describe('cookies', () => {
  it('over plain HTTP: HttpOnly, SameSite, Path=/, no Domain, not Secure', async () => {
    t = makeTestApp();
    const res = await new FormUser(t.app).get('/');
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of cookies) {
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=(Lax|Strict)/);
      expect(c).toMatch(/; Path=\//);
      expect(c).not.toMatch(/Domain=/i);
      expect(c).not.toMatch(/; Secure/);
    }
  });

  it('behind HTTPS: every cookie __Host-, Secure, HttpOnly, SameSite, Path=/, and HSTS a year', async () => {
    t = makeTestApp({ config: { HTTPS: true } });
    const res = await new FormUser(t.app).get('/');
    expectCommonHeaders('https /', res, true);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.length).toBeGreaterThanOrEqual(2);
    for (const c of cookies) {
      expect(c).toMatch(/^__Host-/);
      expect(c).toMatch(/; Secure/);
      expect(c).toMatch(/; HttpOnly/);
      expect(c).toMatch(/; SameSite=(Lax|Strict)/);
      expect(c).toMatch(/; Path=\//);
      expect(c).not.toMatch(/Domain=/i);
    }
  });

  it('the API sets no cookie', async () => {
    t = makeTestApp();
    const res = await request(t.app).get(`/api/v1/plans/${'A'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
