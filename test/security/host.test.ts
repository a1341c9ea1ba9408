/**
 * Absolute links never take an unchecked Host header (outside-tests fault 7): without BASE_URL,
 * only a Host naming the listening loopback address and port, or one of ALLOWED_HOSTS, makes
 * absolute links; anything else gives relative ones. An odd or 3,000-character Host is never a 500.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { linkBase } from '../../src/web/security.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

async function create(app: TestApp['app'], host?: string) {
  const req = request(app).post('/api/v1/plans').set('Content-Type', 'application/json');
  if (host !== undefined) req.set('Host', host);
  return req.send(JSON.stringify(SALON_ANSWERS));
}

describe('absolute links and the Host header', () => {
  it('the listening loopback address and port make absolute links', async () => {
    t = makeTestApp();
    const res = await create(t.app);
    expect(res.status).toBe(201);
    expect(res.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/r\/[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['another site', 'evil.example'],
    ['another site on our port', 'evil.example:80'],
    ['loopback on another port', 'localhost:1'],
    ['3,000 characters', `${'a'.repeat(2990)}.example`],
    ['spaces', 'evil host.example'],
    ['an unclosed IPv6 bracket', '[::1'],
    ['a port out of range', '127.0.0.1:999999'],
    ['non-ASCII', 'évil.example'],
    ['a path', 'evil.example/x'],
  ])('%s (%s): relative links, and the report, kit and API still answer', async (_name, host) => {
    t = makeTestApp();
    const res = await create(t.app, host);
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect(res.body.url).toBe(`/r/${id}`);
    for (const path of [`/r/${id}`, `/r/${id}/kit`, `/api/v1/plans/${id}`]) {
      const page = await request(t.app).get(path).set('Host', host);
      expect(page.status, path).toBe(200);
      expect(page.text).not.toContain(host.slice(0, 40));
    }
  });

  it('a Host in ALLOWED_HOSTS, or BASE_URL, makes absolute links', () => {
    const req = (host: string) => ({
      protocol: 'http',
      get: () => host,
      socket: { localPort: 3000, localAddress: '127.0.0.1' },
    });
    expect(linkBase(req('kanal.example'), { ALLOWED_HOSTS: ['kanal.example'] })).toBe('http://kanal.example');
    expect(linkBase(req('evil.example'), { ALLOWED_HOSTS: ['kanal.example'] })).toBe('');
    expect(linkBase(req('evil.example'), { BASE_URL: 'https://kanal.example/' })).toBe(
      'https://kanal.example',
    );
    expect(linkBase(req('localhost:3000'), {})).toBe('http://localhost:3000');
    expect(linkBase(req('LOCALHOST:3000'), {})).toBe('http://localhost:3000');
    expect(linkBase(req('localhost:3001'), {})).toBe('');
    expect(linkBase(req('localhost'), {})).toBe('');
  });

  it('with BASE_URL set, the Host header is ignored', async () => {
    t = makeTestApp({ config: { BASE_URL: 'https://kanal.example' } });
    const res = await create(t.app, 'evil.example');
    expect(res.body.url).toBe(`https://kanal.example/r/${res.body.id}`);
  });
});

describe('a request path that starts with two slashes', () => {
  it('is a path on this site: never a 500, and the language switch never leaves the site', async () => {
    t = makeTestApp();
    for (const p of ['//', '//?lang=id', '///', '/\\', '//evil.example/x', '//evil.example/x?lang=id']) {
      const res = await request(t.app).get(p);
      expect(res.status, p).not.toBe(500);
      expect(res.status, p).toBeLessThan(500);
      const location = res.headers.location as string | undefined;
      if (location !== undefined) expect(location, p).toMatch(/^\/(?![/\\])/);
    }
    const chosen = await request(t.app).get('//evil.example/x?lang=id');
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe('/evil.example/x');
  });
});
