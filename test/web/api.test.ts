import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateAnswers } from '../../src/domain/answers.js';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const api = () => request(t.app);
const create = (body: unknown = SALON_ANSWERS) =>
  api()
    .post('/api/v1/plans')
    .send(body as object);

describe('POST /api/v1/plans', () => {
  it('creates a plan: 201 with id, url, ownerKey and the plan, and no cookies', async () => {
    const res = await create();
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.ownerKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.ownerKey).not.toBe(res.body.id);
    expect(res.body.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/r/${res.body.id}$`));
    expect(res.headers.location).toBe(`/api/v1/plans/${res.body.id}`);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    // No-store answers carry no ETag (nothing would revalidate them).
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    // Members in the order the API has always sent them (the plan's text is spliced in).
    expect(Object.keys(res.body)).toEqual(['id', 'url', 'ownerKey', 'expiresAt', 'plan', 'language']);
    const answers = validateAnswers(SALON_ANSWERS);
    if (!answers.ok) throw new Error('bad fixture');
    expect(res.body.plan).toEqual(JSON.parse(JSON.stringify(t.planner(answers.value, 'en'))));
  });

  it('uses BASE_URL for the link when configured', async () => {
    const other = makeTestApp({ config: { BASE_URL: 'https://kanal.example.org' } });
    const res = await request(other.app).post('/api/v1/plans').send(SALON_ANSWERS);
    expect(res.body.url).toBe(`https://kanal.example.org/r/${res.body.id}`);
    other.close();
  });

  it('answers 400 with one message per wrong field, the same words as the pages', async () => {
    const res = await create({
      ...SALON_ANSWERS,
      business: { country: 'SG' },
      customers: { ageMix: { under20: 50, '20s': 50, '30s': 30, '40s': 0, '50s': 0, '60plus': 0 } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'customers.ageMix', message: 'Age shares add up to 130%; they must add up to 100%.' },
        { path: 'business.sector', message: expect.stringContaining('Type of business') },
      ]),
    );
    // The page says the same for the same mistake.
    const user = new FormUser(t.app);
    const base = await user.start();
    await user.post(`${base}/business`, { country: 'SG', sector: 'beauty' });
    const page = await user.post(`${base}/customers`, {
      ageMixMode: 'percent',
      age_under20: '50',
      age_20s: '50',
      age_30s: '30',
    });
    expect(page.text).toContain('Age shares add up to 130%; they must add up to 100%.');
  });

  it('answers 400 to malformed JSON and to a body that is not an object', async () => {
    const bad = await api().post('/api/v1/plans').set('Content-Type', 'application/json').send('{"version":');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toBe('The request body is not valid JSON.');
    const list = await create([1, 2]);
    expect(list.status).toBe(400);
    expect(list.body.errors[0].path).toBe('');
  });

  it('answers 415 to anything but JSON', async () => {
    const res = await api().post('/api/v1/plans').type('form').send('version=1');
    expect(res.status).toBe(415);
    expect(res.body.errors[0].message).toContain('Content-Type: application/json');
  });

  it('answers 413 to a body over the limit', async () => {
    const res = await create({ ...SALON_ANSWERS, padding: 'x'.repeat(40_000) });
    expect(res.status).toBe(413);
    expect(res.body.errors).toHaveLength(1);
  });
});

describe('GET, PUT and DELETE /api/v1/plans/:id', () => {
  it('round trip: create, read, open in the browser, delete, then 404', async () => {
    const created = await create();
    const { id, ownerKey } = created.body;

    const read = await api().get(`/api/v1/plans/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.plan).toEqual(created.body.plan);
    expect(read.body.answers.business.country).toBe('SG');
    expect(read.body.expiresAt).toBe('2026-08-29T09:30:00.000Z');
    expect(read.headers['cache-control']).toBe('no-store');

    const page = await new FormUser(t.app).get(`/r/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your channel plan');

    const noKey = await api().delete(`/api/v1/plans/${id}`);
    expect(noKey.status).toBe(401);
    const wrongKey = await api().delete(`/api/v1/plans/${id}`).set('X-Owner-Key', id);
    expect(wrongKey.status).toBe(403);

    const gone = await api().delete(`/api/v1/plans/${id}`).set('X-Owner-Key', ownerKey);
    expect(gone.status).toBe(204);
    expect((await api().get(`/api/v1/plans/${id}`)).status).toBe(404);
    expect((await api().delete(`/api/v1/plans/${id}`).set('X-Owner-Key', ownerKey)).status).toBe(404);
    expect((await new FormUser(t.app).get(`/r/${id}`)).status).toBe(404);
  });

  it('replaces the answers with PUT and the owner key', async () => {
    const { id, ownerKey } = (await create()).body;
    const changed = { ...SALON_ANSWERS, team: 'small_team' };
    expect((await api().put(`/api/v1/plans/${id}`).send(changed)).status).toBe(401);
    const bad = await api().put(`/api/v1/plans/${id}`).set('X-Owner-Key', ownerKey).send({ version: 1 });
    expect(bad.status).toBe(400);
    const ok = await api().put(`/api/v1/plans/${id}`).set('X-Owner-Key', ownerKey).send(changed);
    expect(ok.status).toBe(200);
    expect((await api().get(`/api/v1/plans/${id}`)).body.answers.team).toBe('small_team');
  });

  it.each(['nope', 'A'.repeat(43)])('404s an unknown id %s', async (id) => {
    const res = await api().get(`/api/v1/plans/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.errors[0].message).toContain('no plan with this id');
  });

  it('404s an unknown API route as JSON', async () => {
    const res = await api().get('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body.errors).toHaveLength(1);
  });
});

describe('/healthz', () => {
  it('answers when the app and database are up', async () => {
    const res = await api().get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers 503 when the database is down', async () => {
    t.db.close();
    const res = await api().get('/healthz');
    expect(res.status).toBe(503);
  });
});

describe('a plan read back and sent again', () => {
  it('accepts its own answers: a number abroad in its stored form (GET, then PUT)', async () => {
    const made = await create({
      ...SALON_ANSWERS,
      business: { ...SALON_ANSWERS.business, country: 'SG' },
      contact: { whatsappNumber: '+62 812 3456 7890' },
    });
    expect(made.status).toBe(201);
    const read = await api().get(`/api/v1/plans/${made.body.id}`);
    expect(read.body.answers.contact.whatsappNumber).toBe('6281234567890');
    const put = await api()
      .put(`/api/v1/plans/${made.body.id}`)
      .set('X-Owner-Key', made.body.ownerKey)
      .send(read.body.answers);
    expect(put.status).toBe(200);
    const again = await api().get(`/api/v1/plans/${made.body.id}`);
    expect(again.body.answers).toEqual(read.body.answers);
  });
});

describe('the API under a path in capitals (Express matches paths case-insensitively)', () => {
  it('answers every error as JSON, as under /api', async () => {
    const made = await create();
    const isJson = (res: request.Response) => {
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body.errors[0].message).toEqual(expect.any(String));
    };
    const badJson = await api().post('/API/v1/plans').set('Content-Type', 'application/json').send('{');
    expect(badJson.status).toBe(400);
    isJson(badJson);
    const text = await api().post('/API/v1/plans').set('Content-Type', 'text/plain').send('x');
    expect(text.status).toBe(415);
    isJson(text);
    const missing = await api().get('/API/v1/plans/nonexistent');
    expect(missing.status).toBe(404);
    isJson(missing);
    const noKey = await api().delete(`/Api/V1/Plans/${made.body.id}`);
    expect(noKey.status).toBe(401);
    isJson(noKey);
    const method = await api().patch('/API/v1/plans');
    expect(method.status).toBe(405);
    isJson(method);
  });
});

describe('a poll day in the future', () => {
  const poll = (on: string) => ({
    ...SALON_ANSWERS,
    customers: {
      ...SALON_ANSWERS.customers,
      poll: { responses: 30, counts: { whatsapp: 'most', telegram: 'fewer', email: 'fewer' }, on },
    },
  });
  it('is refused by POST and PUT, as of the app clock (2026-03-02), up to the next day', async () => {
    const far = await create(poll('9999-12-31'));
    expect(far.status).toBe(400);
    expect(far.body.errors).toEqual([
      { path: 'customers.poll.on', message: expect.stringContaining('in the future') },
    ]);
    expect((await create(poll('2026-03-04'))).status).toBe(400);
    const made = await create(poll('2026-03-03'));
    expect(made.status).toBe(201);
    const put = await api()
      .put(`/api/v1/plans/${made.body.id}`)
      .set('X-Owner-Key', made.body.ownerKey)
      .send(poll('2026-04-01'));
    expect(put.status).toBe(400);
    expect(put.body.errors[0].path).toBe('customers.poll.on');
  });
});
