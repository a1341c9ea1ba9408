/**
 * Every page links its static files by their fingerprinted names (decision 029): the HTML of
 * every page the app serves names only /static/<name>.<hash>.<ext>, and each of those answers 200
 * with the year-long immutable header and its content type. No view writes a /static/ path by
 * hand: they all go through partials/static-links.ejs, which calls asset().
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWS_DIR } from '../../src/web/app.js';
import { IMMUTABLE } from '../../src/web/assets.js';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, FormUser, ownerKeyOn } from '../helpers/forms.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const FINGERPRINTED = /^\/static\/[\w/-]+\.[0-9a-f]{10}\.[a-z0-9]+$/;
const STATIC_REF = /\b(?:href|src)="(\/static\/[^"]*)"/g;

let t: TestApp;
/** Page label → its HTML, gathered once by walking the whole app. */
const pages = new Map<string, string>();

async function walk(): Promise<void> {
  const user = new FormUser(t.app);
  const keep = (label: string, res: { status: number; text: string }, status = 200) => {
    expect(res.status, label).toBe(status);
    pages.set(label, res.text);
  };
  keep('start', await user.get('/'));
  const base = await user.start();
  const first = SALON_PAGE_ORDER[0]!;
  const bad = await user.post(`${base}/${first}`, { ...SALON_PAGES[first], country: 'not-a-country' });
  keep('question page with an error', bad, 400);
  for (const id of SALON_PAGE_ORDER) {
    keep(`question ${id}`, await user.get(`${base}/${id}`));
    await user.post(`${base}/${id}`, SALON_PAGES[id]!);
  }
  keep('check answers', await user.get(`${base}/check`));
  const submitted = await user.post(`${base}/check`, {});
  const slip = await user.get(submitted.headers.location ?? '');
  keep('key slip', slip);
  const ownerKey = ownerKeyOn(slip.text) ?? '';
  const reportPath = (submitted.headers.location ?? '').replace(/\/key$/, '');
  keep('report', await user.get(reportPath));
  keep('kit', await user.get(`${reportPath}/kit`));
  keep('change', await user.get(`${reportPath}/change`));
  keep('delete', await user.get(`${reportPath}/delete`));
  keep('deleted', await user.get('/deleted'));
  keep('method', await user.get('/method'));
  keep('privacy', await user.get('/privacy'));
  keep('not found', await user.get('/no-such-page'), 404);
  keep('error', await user.get('/boom'), 500);

  // The customer poll: the owner's page, the poll, the thanks, the closed poll.
  const plan = { id: reportPath.slice('/r/'.length), ownerKey };
  keep('poll owner page', await user.get(`/r/${plan.id}/poll`));
  const opened = await request(t.app)
    .post(`/api/v1/plans/${plan.id}/poll`)
    .set('X-Owner-Key', plan.ownerKey)
    .expect(201);
  const pollPath = new URL(opened.body.pollUrl as string).pathname;
  const phone = request.agent(t.app);
  const poll = await phone.get(pollPath);
  keep('poll', poll);
  const thanks = await phone
    .post(pollPath)
    .type('form')
    .send(encodeForm({ age: '30s', apps: 'telegram', _csrf: csrfFrom(poll.text) }));
  keep('poll thanks', thanks);
  await request(t.app).delete(`/api/v1/plans/${plan.id}/poll`).set('X-Owner-Key', plan.ownerKey).expect(200);
  keep('poll closed', await request(t.app).get(pollPath), 410);
}

beforeAll(async () => {
  const boom = Router().get('/boom', () => {
    throw new Error('boom');
  });
  t = makeTestApp({ withPolls: true, extraRoutes: boom });
  await walk();
}, 60_000);
afterAll(() => t.close());

describe('static files on every page', { timeout: 30_000 }, () => {
  it('walks every kind of page', () => {
    expect([...pages.keys()].length).toBeGreaterThanOrEqual(22);
  });

  it('names only fingerprinted static files, and every page names some', () => {
    for (const [label, html] of pages) {
      const refs = [...html.matchAll(STATIC_REF)].map((m) => m[1]!);
      expect(refs.length, label).toBeGreaterThanOrEqual(2);
      for (const ref of refs) expect(ref, label).toMatch(FINGERPRINTED);
      // Nothing else in the page (a style url(), a stray text) names a plain static path either.
      for (const m of html.matchAll(/\/static\/[\w/.-]+/g)) expect(m[0], label).toMatch(FINGERPRINTED);
    }
  });

  it('serves each of them for a year, with its content type', async () => {
    const refs = new Set(
      [...pages.values()].flatMap((html) => [...html.matchAll(STATIC_REF)].map((m) => m[1]!)),
    );
    expect(refs.size).toBeGreaterThanOrEqual(5);
    for (const ref of refs) {
      const res = await request(t.app).get(ref);
      expect(res.status, ref).toBe(200);
      expect(res.headers['cache-control'], ref).toBe(IMMUTABLE);
      expect(res.headers['content-type'], ref).toBe(TYPES[path.extname(ref)]);
    }
  });
});

describe('the views', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(path.join(dir, e.name))
        : e.name.endsWith('.ejs')
          ? [path.join(dir, e.name)]
          : [],
    );

  it('write no /static/ path by hand (only static-links.ejs knows the plain name, as a fallback)', () => {
    const all = files(VIEWS_DIR);
    expect(all.length).toBeGreaterThan(10);
    for (const file of all) {
      if (path.basename(file) === 'static-links.ejs') continue;
      expect(readFileSync(file, 'utf8'), path.relative(VIEWS_DIR, file)).not.toMatch(/\/static\//);
    }
  });
});
