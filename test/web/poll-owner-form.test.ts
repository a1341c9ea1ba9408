/**
 * The owner's poll page form (/r/:id/poll): an error with the owner key is shown at the key's
 * field (and the key is not echoed back); an error with the action (none or an unknown one, or
 * one that cannot be done yet) is shown at the buttons, naming the action, and the correctly
 * typed key stays in its field.
 */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm } from '../helpers/forms.js';
import { expectValidHtml } from '../helpers/html.js';
import { ownerPollPost } from '../helpers/poll.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

async function makePlan(app: TestApp['app']) {
  const res = await request(app).post('/api/v1/plans').send(SALON_ANSWERS);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, ownerKey: res.body.ownerKey as string };
}

/** The text of the error message at the key field, and at the buttons. */
const keyError = (html: string) => /id="f-ownerKey-error">.*?<\/span>([^<]*)<\/p>/s.exec(html)?.[1];
const actionError = (html: string) => /id="f-action-error">.*?<\/span>([^<]*)<\/p>/s.exec(html)?.[1];
const keyValue = (html: string) => /<input[^>]*id="f-ownerKey"[^>]*?(?: value="([^"]*)")?>/.exec(html)?.[1];

describe("the owner's poll page form errors", { timeout: 30_000 }, () => {
  it.each([
    ['no action', {}],
    ['an unknown action', { action: 'explode' }],
  ])('%s: 400 at the buttons, naming the action; the typed key kept', async (_name, fields) => {
    t = makeTestApp({ withPolls: true });
    const plan = await makePlan(t.app);
    const res = await ownerPollPost(t.app, plan.id, { ...fields, ownerKey: plan.ownerKey });
    expect(res.status).toBe(400);
    const en = t.i18n.translator('en');
    expect(actionError(res.text)).toBe(en.t('poll.owner.error.action'));
    expect(keyError(res.text)).toBeUndefined();
    expect(res.text).not.toContain('aria-invalid="true"');
    expect(res.text).toContain(`href="#f-action">${en.t('poll.owner.error.action')}</a>`);
    expect(keyValue(res.text)).toBe(plan.ownerKey);
    await expectValidHtml(res.text);
  });

  it('an action that cannot be done yet (apply with too few answers): at the buttons, key kept', async () => {
    t = makeTestApp({ withPolls: true });
    const plan = await makePlan(t.app);
    expect((await ownerPollPost(t.app, plan.id, { action: 'open', ownerKey: plan.ownerKey })).status).toBe(
      303,
    );
    const res = await ownerPollPost(t.app, plan.id, { action: 'apply', ownerKey: plan.ownerKey });
    expect(res.status).toBe(409);
    expect(actionError(res.text)).toBe(t.i18n.translator('en').t('poll.owner.error.too_few'));
    expect(keyError(res.text)).toBeUndefined();
    expect(keyValue(res.text)).toBe(plan.ownerKey);
  });

  it('a wrong or missing key: at the key field, and the key is not echoed back', async () => {
    t = makeTestApp({ withPolls: true });
    const plan = await makePlan(t.app);
    const wrong = 'C'.repeat(43);
    const res = await ownerPollPost(t.app, plan.id, { action: 'open', ownerKey: wrong });
    expect(res.status).toBe(403);
    expect(keyError(res.text)).toBe(t.i18n.translator('en').t('web.owner_key.wrong'));
    expect(actionError(res.text)).toBeUndefined();
    expect(res.text).not.toContain(wrong);
    expect(keyValue(res.text)).toBeUndefined();
    await expectValidHtml(res.text);
    const missing = await ownerPollPost(t.app, plan.id, { action: 'open' });
    expect(missing.status).toBe(403);
    expect(keyError(missing.text)).toBe(t.i18n.translator('en').t('web.owner_key.missing'));
  });

  it('in the page’s language (Chinese browser)', async () => {
    t = makeTestApp({ withPolls: true });
    const plan = await makePlan(t.app);
    const agent = request.agent(t.app);
    const page = await agent.get(`/r/${plan.id}/poll`).set('Accept-Language', 'zh');
    const res = await agent
      .post(`/r/${plan.id}/poll`)
      .set('Accept-Language', 'zh')
      .type('form')
      .send(encodeForm({ ownerKey: plan.ownerKey, _csrf: csrfFrom(page.text) }));
    expect(res.status).toBe(400);
    expect(actionError(res.text)).toBe(t.i18n.translator('zh').t('poll.owner.error.action'));
  });
});
