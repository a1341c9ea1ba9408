/** The API refuses a body declared UTF-8 (or with no charset) that is not: nothing stored changed. */
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

const answersText = (name: string) =>
  `{"version":1,"business":{"name":"${name}","country":"SG","sector":"food"},"customers":{"ageMix":{"under20":0,"20s":50,"30s":50,"40s":0,"50s":0,"60plus":0}},"team":"solo"}`;
const latin1 = Buffer.from(answersText('Café Rosé'), 'latin1');

/** The bytes as they are (superagent would serialise a Buffer as JSON). */
const raw = (b: Buffer) => b as unknown as string;
const asIs = (b: unknown) => b as string;

describe('a JSON body that is not UTF-8', () => {
  for (const type of [
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=UTF-8',
  ]) {
    it(`is refused naming the field (${type})`, async () => {
      const res = await request(t.app)
        .post('/api/v1/plans')
        .set('Content-Type', type)
        .serialize(asIs)
        .send(raw(latin1));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        {
          path: 'business.name',
          message: expect.stringMatching(/^Business name holds bytes that are not valid UTF-8 .*UTF-8\.$/),
        },
      ]);
    });
  }

  it('is refused by PUT too, in the language asked for', async () => {
    const made = await request(t.app)
      .post('/api/v1/plans')
      .send(JSON.parse(answersText('Cafe')));
    expect(made.status).toBe(201);
    const res = await request(t.app)
      .put(`/api/v1/plans/${made.body.id}`)
      .set('X-Owner-Key', made.body.ownerKey)
      .set('Accept-Language', 'zh')
      .set('Content-Type', 'application/json')
      .serialize(asIs)
      .send(raw(latin1));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('business.name');
    expect(res.body.errors[0].message).toContain('UTF-8');
    expect(res.body.errors[0].message).toMatch(/\p{Script=Han}/u);
  });

  it('names an unknown key as the whole answers', async () => {
    const body = Buffer.from('{"version":1,"n\xE4me":1}', 'latin1');
    const res = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .serialize(asIs)
      .send(raw(body));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'n\uFFFDme', message: expect.stringContaining('Your answers') },
    ]);
  });

  it('still accepts UTF-8 (with a real U+FFFD in it) and declared UTF-16', async () => {
    const utf8 = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .serialize(asIs)
      .send(raw(Buffer.from(answersText('Caf\uFFFD Rosé'), 'utf8')));
    expect(utf8.status).toBe(201);
    const read = await request(t.app).get(`/api/v1/plans/${utf8.body.id}`);
    expect(read.body.answers.business.name).toBe('Caf\uFFFD Rosé');
    const utf16 = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json; charset=utf-16le')
      .serialize(asIs)
      .send(raw(Buffer.from(answersText('Café Rosé'), 'utf16le')));
    expect(utf16.status).toBe(201);
    const back = await request(t.app).get(`/api/v1/plans/${utf16.body.id}`);
    expect(back.body.answers.business.name).toBe('Café Rosé');
  });
});
