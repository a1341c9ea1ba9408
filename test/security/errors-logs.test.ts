/**
 * One error path (T9) and log hygiene (T10, T25): a friendly 500 with an incident id and no
 * internals, the same id with the stack in the log; a busy database is a 503 with Retry-After,
 * never a 500; the log never holds a report id, draft token or owner key (nor their hashes),
 * and input cannot forge log lines.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { Router } from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { capturedLogger, planThroughApi, planThroughForms } from './support.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const INTERNALS = /\s{4}at |node_modules|\.ts:\d|SQLITE|SELECT |INSERT |\/srv\/kanal/;

function failing(): Router {
  const r = Router();
  r.get('/boom', () => {
    throw new Error('internal detail /srv/kanal/src/secret.ts:12 SELECT * FROM plans');
  });
  r.get('/boom-async', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    throw new TypeError('async failure at /srv/kanal/src/other.ts:3');
  });
  r.get('/half-sent', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.write('partial');
    throw new Error('after the headers');
  });
  return r;
}

describe('errors', () => {
  it.each([
    ['/boom', 'internal detail'],
    ['/boom-async', 'async failure'],
  ])('%s: a friendly page with an incident id, the stack only in the log', async (path, logged) => {
    const log = capturedLogger();
    t = makeTestApp({ extraRoutes: failing(), logger: log.logger, config: { NODE_ENV: 'production' } });
    const res = await new FormUser(t.app).get(path);
    expect(res.status).toBe(500);
    expect(res.text).not.toMatch(INTERNALS);
    expect(res.text).toContain(t.i18n.translator('en').t('web.error.title'));
    const incident = /reference: ([0-9a-f]{12})\./.exec(res.text)?.[1];
    expect(incident).toBeDefined();
    const line = log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.incident === incident);
    expect(line?.msg).toBe('unexpected error');
    const err = line?.err as { stack?: string; message?: string };
    expect(err.message).toContain(logged);
    expect(err.stack).toMatch(/\n\s+at /);
  });

  it('the API answers JSON with the incident id', async () => {
    t = makeTestApp({
      extraRoutes: Router().get('/api/v1/boom', () => {
        throw new Error('x');
      }),
    });
    const res = await request(t.app).get('/api/v1/boom');
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.incident).toMatch(/^[0-9a-f]{12}$/);
    expect(res.text).not.toMatch(INTERNALS);
  });

  it('cuts the connection when an error comes after the headers were sent', async () => {
    t = makeTestApp({ extraRoutes: failing() });
    await expect(request(t.app).get('/half-sent')).rejects.toThrow();
  });
});

describe('a busy database', () => {
  it('answers 503 with Retry-After (page and API), saves nothing, and works again once free', async () => {
    t = makeTestApp();
    t.db.pragma('busy_timeout = 50');
    const u = new FormUser(t.app);
    await u.get('/');
    const holder = new Database(t.dbPath);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const page = await u.post('/start', {}, '/');
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('2');
      expect(page.text).toContain(t.i18n.translator('en').t('security.busy'));
      expect(page.text).not.toMatch(INTERNALS);
      const api = await request(t.app)
        .post('/api/v1/plans')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(SALON_ANSWERS));
      expect(api.status).toBe(503);
      expect(api.headers['retry-after']).toBe('2');
      expect(api.text).not.toMatch(INTERNALS);
      const health = await request(t.app).get('/healthz');
      expect(health.status).toBe(200); // reads still work in WAL while another connection writes
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 });
    expect((await planThroughApi(t.app)).id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('the log', () => {
  it('holds no report id, draft token, owner key or their hashes after a journey and an API round trip', async () => {
    const log = capturedLogger('trace');
    t = makeTestApp({ logger: log.logger });
    const u = new FormUser(t.app);
    const made = await planThroughForms(u);
    const draft = await u.start();
    await u.get(`${made.reportPath}/kit`);
    await u.post(`${made.reportPath}/change`, { ownerKey: made.ownerKey });
    const api = await planThroughApi(t.app);
    await request(t.app).get(`/api/v1/plans/${api.id}`);
    await request(t.app)
      .put(`/api/v1/plans/${api.id}`)
      .set('X-Owner-Key', api.ownerKey)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(SALON_ANSWERS));
    await request(t.app).delete(`/api/v1/plans/${api.id}`).set('X-Owner-Key', 'wrong');
    await request(t.app).delete(`/api/v1/plans/${api.id}`).set('X-Owner-Key', api.ownerKey);
    await u.post(`${made.reportPath}/delete`, { ownerKey: made.ownerKey });

    const secrets = [
      made.reportPath.slice(3),
      made.ownerKey,
      made.base.slice(3),
      draft.slice(3),
      api.id,
      api.ownerKey,
    ];
    const text = log.text();
    expect(log.lines.length).toBeGreaterThan(20);
    for (const s of secrets) {
      expect(text).not.toContain(s);
      const hash = createHash('sha256').update(s).digest('hex');
      expect(text).not.toContain(hash.slice(0, 12));
    }
    expect(text).not.toContain('Enso Hair Studio');
    expect(text).toContain('"route":"/r/:id"');
  });

  it('is one valid JSON object per line whatever CR, LF or ANSI escapes the input holds', async () => {
    const log = capturedLogger('trace');
    t = makeTestApp({ logger: log.logger });
    const forged = '\r\n{"level":60,"msg":"forged"}\r\n\u001b[31mred\u001b[0m';
    const u = new FormUser(t.app);
    await u.get(`/r/${encodeURIComponent(forged)}`);
    await u.get(`/no-such/${encodeURIComponent(forged)}`);
    await request(t.app).get('/').set('User-Agent', 'Mozilla/5.0 {"level":60,"msg":"forged"}');
    await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ business: { name: forged } }));
    const base = await u.start();
    await u.post(`${base}/business`, { name: forged, country: 'SG', sector: 'beauty' });
    await u.post(`${base}/business`, { name: 'x'.repeat(10_000), country: 'SG', sector: 'beauty' });
    expect(log.lines.length).toBeGreaterThan(5);
    for (const line of log.lines) {
      const parsed = JSON.parse(line) as { msg?: string; time?: number };
      expect(parsed.msg).not.toBe('forged');
      expect(typeof parsed.time).toBe('number');
      expect(line).not.toContain('\u001b');
      expect(line.length).toBeLessThan(4000);
    }
    expect(log.text()).not.toContain('xxxxxxxxxx');
  });
});
