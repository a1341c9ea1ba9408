/**
 * Planning threads (src/plan-threads.ts, decision 043): the API's create validated and planned on
 * a real worker thread gives what the request thread gives, byte for byte, and the same field
 * errors; the app stores and answers the thread's text; a fault in planning is that one request's
 * 500, with nothing stored.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LANGUAGE_INFO } from '../src/i18n.js';
import { type PlanThreads, startPlanThreads } from '../src/plan-threads.js';
import { type Prepared, preparer } from '../src/prepare-plan.js';
import { SALON_ANSWERS } from './helpers/answers.js';
import { makeTestApp } from './helpers/app.js';

const EXAMPLES = new URL('../examples/', import.meta.url);
const examples: [string, unknown][] = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, EXAMPLES), 'utf8')) as unknown]);
const NOW = Date.parse('2026-06-01T00:00:00Z');

let threads: PlanThreads;
beforeAll(() => {
  threads = startPlanThreads(1, { onError: (err) => expect.unreachable(String(err)) });
});
afterAll(() => threads.close());

/** The request thread's answer to the same task (the test app's planner: the same data). */
const here = (() => {
  const t = makeTestApp();
  const prepare = preparer(t.planner);
  t.close();
  return prepare;
})();

describe('a planning thread', () => {
  it('has examples to prepare', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples)('prepares %s exactly as the request thread does, in every language', async (_, body) => {
    for (const language of Object.keys(LANGUAGE_INFO)) {
      const task = { body, now: NOW, language };
      const there = await threads.prepare(task);
      expect(there.ok).toBe(true);
      expect(there).toEqual(here(task));
    }
  });

  it.each([
    ['nothing', null],
    ['a list', []],
    ['a business that is a number', { ...SALON_ANSWERS, business: 1 }],
    [
      'ages adding up to 130%',
      {
        ...SALON_ANSWERS,
        customers: { ageMix: { under20: 50, '20s': 50, '30s': 30, '40s': 0, '50s': 0, '60plus': 0 } },
      },
    ],
  ])('gives the request thread’s field errors for %s', async (_, body) => {
    const task = { body, now: NOW, language: 'id' };
    const there: Prepared = await threads.prepare(task);
    expect(there.ok).toBe(false);
    if (there.ok) return;
    expect(there.errors.length).toBeGreaterThan(0);
    expect(there).toEqual(here(task));
  });

  it('finishes the tasks in hand when closed', async () => {
    const own = startPlanThreads(1, { onError: () => {} });
    const pending = own.prepare({ body: SALON_ANSWERS, now: NOW, language: 'en' });
    await own.close();
    expect((await pending).ok).toBe(true);
  });

  it('refuses a size that is not a whole number of threads', () => {
    expect(() => startPlanThreads(0, { onError: () => {} })).toThrow(RangeError);
    expect(() => startPlanThreads(1.5, { onError: () => {} })).toThrow(RangeError);
  });

  it('is ready once a new thread has loaded its data and answered, before any task is sent', async () => {
    const own = startPlanThreads(1, { onError: (err) => expect.unreachable(String(err)) });
    try {
      await expect(own.ready).resolves.toBeUndefined();
    } finally {
      await own.close();
    }
  });

  it('starts its threads in a process run with options a thread may not take (--max-old-space-size)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-thread-'));
    try {
      const module = pathToFileURL(path.join(dir, 'answers.mjs'));
      writeFileSync(module, 'export default () => ({ ok: false, errors: [] });\n');
      const threadsUrl = new URL('../src/plan-threads.ts', import.meta.url).href;
      const code = `const { startPlanThreads } = await import(${JSON.stringify(threadsUrl)});
        const t = startPlanThreads(1, { onError: (e) => { console.error(e); process.exit(2); }, module: new URL(${JSON.stringify(module.href)}) });
        await t.ready; await t.close(); console.log('ready');`;
      const script = path.join(dir, 'start.mts');
      writeFileSync(script, code);
      const run = spawnSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', script], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('ready');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says it cannot start when a thread cannot load its module, and does not end the process', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-thread-'));
    const module = pathToFileURL(path.join(dir, 'broken.mjs'));
    writeFileSync(module, "throw new Error('the adoption data is unreadable');\n");
    const errors: unknown[] = [];
    const broken = startPlanThreads(1, { onError: (err) => errors.push(err), module });
    try {
      await expect(broken.ready).rejects.toThrow('the adoption data is unreadable');
      await vi.waitFor(() => expect(errors).toHaveLength(1));
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the API on a planning thread', () => {
  it('stores and answers the plan the thread made, and reads it back the same', async () => {
    const t = makeTestApp({ prepare: threads.prepare });
    try {
      const made = await request(t.app)
        .post('/api/v1/plans')
        .set('Accept-Language', 'ms')
        .send(SALON_ANSWERS as object);
      expect(made.status).toBe(201);
      const expected = here({ body: SALON_ANSWERS, now: t.now.getTime(), language: 'ms' });
      if (!expected.ok) throw new Error('bad fixture');
      expect(made.body.plan).toEqual(JSON.parse(expected.planText));
      // In the owner's language: the planner's own plan in Malay, not only the preparer's.
      expect(made.body.plan).toEqual(JSON.parse(JSON.stringify(t.planner(expected.answers, 'ms'))));
      expect(made.body.language).toBe('ms');
      const read = await request(t.app).get(`/api/v1/plans/${made.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body.plan).toEqual(made.body.plan);
      expect(read.body.answers).toEqual(JSON.parse(JSON.stringify(expected.answers)));
      const report = await request(t.app).get(`/r/${made.body.id}`);
      expect(report.status).toBe(200);

      const bad = await request(t.app)
        .post('/api/v1/plans')
        .send({ ...SALON_ANSWERS, business: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toContainEqual({
        path: 'business',
        message: expect.stringContaining('Information about your business'),
      });
    } finally {
      t.close();
    }
  });

  it('changes a plan through the thread too (PUT), in the owner’s language, refusing a bad body', async () => {
    const asked: unknown[] = [];
    const t = makeTestApp({
      prepare: (task) => {
        asked.push(task.body);
        return threads.prepare(task);
      },
    });
    try {
      const made = await request(t.app)
        .post('/api/v1/plans')
        .send(SALON_ANSWERS as object);
      expect(made.status).toBe(201);
      const changedAnswers = { ...SALON_ANSWERS, business: { ...SALON_ANSWERS.business, name: 'Enso Two' } };
      const put = (body: object) =>
        request(t.app)
          .put(`/api/v1/plans/${made.body.id}`)
          .set('X-Owner-Key', made.body.ownerKey)
          .set('Accept-Language', 'zh')
          .send(body);
      const changed = await put(changedAnswers);
      expect(changed.status).toBe(200);
      expect(asked).toHaveLength(2);
      const expected = here({ body: changedAnswers, now: t.now.getTime(), language: 'zh' });
      if (!expected.ok) throw new Error('bad fixture');
      expect(changed.body.plan).toEqual(JSON.parse(expected.planText));
      expect(changed.body.language).toBe('zh');
      const read = await request(t.app).get(`/api/v1/plans/${made.body.id}`);
      expect(read.body.plan).toEqual(changed.body.plan);
      expect(read.body.answers.business.name).toBe('Enso Two');

      const bad = await put({ ...SALON_ANSWERS, business: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('business');
      const after = await request(t.app).get(`/api/v1/plans/${made.body.id}`);
      expect(after.body.plan).toEqual(changed.body.plan);
    } finally {
      t.close();
    }
  });

  it('refuses a body nested too deep to copy to a thread with a 400 naming its field, never a 500', async () => {
    const t = makeTestApp({ prepare: threads.prepare });
    try {
      const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
      const post = (text: string) =>
        request(t.app).post('/api/v1/plans').set('Content-Type', 'application/json').send(text);
      // 8 kB of brackets: well under the size limit, far too deep for the structured clone.
      const whole = await post(deep(4000));
      expect(whole.status, whole.text).toBe(400);
      expect(whole.body.errors).toEqual([
        { path: '', message: expect.stringContaining('nested more than 32 levels') },
      ]);
      const inField = await post(
        JSON.stringify({ ...SALON_ANSWERS, business: 0 }).replace('"business":0', `"business":${deep(4000)}`),
      );
      expect(inField.status, inField.text).toBe(400);
      expect(inField.body.errors.map((e: { path: string }) => e.path)).toEqual(['business']);
      // Answers themselves are far shallower, and still go through.
      expect(
        (
          await request(t.app)
            .post('/api/v1/plans')
            .send(SALON_ANSWERS as object)
        ).status,
      ).toBe(201);
      expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 1 });
    } finally {
      t.close();
    }
  });

  it('answers 500 and stores nothing when planning fails (a lost thread)', async () => {
    const t = makeTestApp({ prepare: () => Promise.reject(new Error('planning thread lost')) });
    try {
      const res = await request(t.app)
        .post('/api/v1/plans')
        .send(SALON_ANSWERS as object);
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('planning thread lost');
      expect(res.text).not.toMatch(/\n\s+at /);
      expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 });
    } finally {
      t.close();
    }
  });
});
