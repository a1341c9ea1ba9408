/**
 * The bodies of the poll's API routes: optional, and when sent a JSON object. JSON of another kind
 * (`true`, `[]`, `null`) is a 400 that says so, not "not valid JSON"; a body that is not JSON is a
 * 415 in the poll's words (not the plans API's "Send the answers as JSON").
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { planWithOpenPoll } from '../helpers/poll.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

const send = (app: TestApp['app'], path: string, key: string, body: string, type = 'application/json') =>
  request(app).post(path).set('X-Owner-Key', key).set('Content-Type', type).send(body);

describe("the poll API's request bodies", { timeout: 30_000 }, () => {
  it.each(['true', 'false', '[]', 'null', '5', '"on"'])(
    'counter with the JSON %s: 400, "not an object", with what to send',
    async (body) => {
      t = makeTestApp({ withPolls: true });
      const poll = await planWithOpenPoll(t.app);
      const res = await send(t.app, `/api/v1/plans/${poll.id}/poll/counter`, poll.ownerKey, body);
      expect(res.status).toBe(400);
      const en = t.i18n.translator('en');
      expect(res.body).toEqual({ errors: [{ path: '', message: en.t('poll.api.counter_not_object') }] });
      expect(res.body.errors[0].message).not.toBe(en.t('web.api.bad_json'));
    },
  );

  it.each(['/poll', '/poll/reset', '/poll/apply'])(
    '%s with the JSON true: 400, "not an object"',
    async (suffix) => {
      t = makeTestApp({ withPolls: true });
      const poll = await planWithOpenPoll(t.app);
      const res = await send(t.app, `/api/v1/plans/${poll.id}${suffix}`, poll.ownerKey, 'true');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].message).toBe(t.i18n.translator('en').t('poll.api.not_object'));
    },
  );

  it('in the reader’s language (Accept-Language: zh)', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const res = await send(t.app, `/api/v1/plans/${poll.id}/poll/counter`, poll.ownerKey, 'true').set(
      'Accept-Language',
      'zh',
    );
    expect(res.body.errors[0].message).toBe(t.i18n.translator('zh').t('poll.api.counter_not_object'));
  });

  it('JSON that does not parse is still "not valid JSON"; an object works as before', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    const path = `/api/v1/plans/${poll.id}/poll/counter`;
    const bad = await send(t.app, path, poll.ownerKey, '{"on": tru');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toBe(t.i18n.translator('en').t('web.api.bad_json'));
    const on = await send(t.app, path, poll.ownerKey, '{"on": true}');
    expect(on.status).toBe(200);
    expect(on.body.counterTablet).toBe(true);
    const missing = await send(t.app, path, poll.ownerKey, '{}');
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ path: 'on' });
    // No body at all: the optional routes take none.
    expect(
      (await request(t.app).post(`/api/v1/plans/${poll.id}/poll/reset`).set('X-Owner-Key', poll.ownerKey))
        .status,
    ).toBe(200);
  });

  it('a body that is not JSON: 415 in the poll’s words, not "Send the answers as JSON"', async () => {
    t = makeTestApp({ withPolls: true });
    const poll = await planWithOpenPoll(t.app);
    for (const suffix of ['/poll', '/poll/reset', '/poll/counter', '/poll/apply']) {
      const res = await send(
        t.app,
        `/api/v1/plans/${poll.id}${suffix}`,
        poll.ownerKey,
        'on=true',
        'text/plain',
      );
      expect(res.status, suffix).toBe(415);
      expect(res.body.errors[0].message).toBe(t.i18n.translator('en').t('poll.api.content_type'));
      expect(res.body.errors[0].message).not.toBe(t.i18n.translator('en').t('web.api.content_type'));
    }
  });
});
