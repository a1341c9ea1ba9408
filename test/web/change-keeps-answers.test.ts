/**
 * Nothing is lost on a change: for random valid Answers made through the API, opening a change
 * through the pages and submitting it unchanged leaves the stored answers and plan identical,
 * and changing one page changes exactly what that page asks, keeping every other answer
 * (knownChannelUse of other channels, whatsappFeatures without WhatsApp Business, the order of
 * the channels...).
 */

import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/domain/answers.js';
import { answersArb } from '../domain/arbitraries.js';
import { answersOf, baseInput } from '../domain/fixtures.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { soakOr } from '../security/soak.js';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp();
  // After every poll day the arbitrary makes (up to 2099): a poll day in the future is refused.
  t.now = new Date('2100-01-01T00:00:00Z');
});
afterAll(() => t.close());

/** Quick under `npm test`, long under the soak (test/security/soak.ts). */
const UNCHANGED_RUNS = soakOr(200, 20);
const CHANGED_RUNS = soakOr(120, 12);

async function createThroughApi(answers: Answers) {
  const res = await request(t.app)
    .post('/api/v1/plans')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(answers));
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; ownerKey: string };
}

async function stored(id: string) {
  const res = await request(t.app).get(`/api/v1/plans/${id}`);
  expect(res.status).toBe(200);
  return res.body as { answers: Answers; plan: unknown };
}

/** Owner key on the change page, then the draft's base path (/d/<token>). */
async function openChange(user: FormUser, id: string, ownerKey: string): Promise<string> {
  const res = await user.post(`/r/${id}/change`, { ownerKey });
  expect(res.status).toBe(303);
  return res.headers.location!.replace(/\/check$/, '');
}

describe('a change through the pages', () => {
  it('submitted unchanged leaves the stored answers and plan identical', async () => {
    await fc.assert(
      fc.asyncProperty(answersArb, async (answers) => {
        const { id, ownerKey } = await createThroughApi(answers);
        const before = await stored(id);
        const user = new FormUser(t.app);
        const draft = await openChange(user, id, ownerKey);
        const check = await user.get(`${draft}/check`);
        expect(check.status, check.text.slice(0, 300)).toBe(200);
        const done = await user.post(`${draft}/check`, {});
        expect(done.status).toBe(303);
        expect(done.headers.location).toBe(`/r/${id}`);
        const after = await stored(id);
        expect(after.answers).toEqual(before.answers);
        expect(after.plan).toEqual(before.plan);
      }),
      { numRuns: UNCHANGED_RUNS },
    );
  }, 600_000);

  it('changing one page keeps every answer that page does not ask about', async () => {
    await fc.assert(
      fc.asyncProperty(
        answersArb,
        fc.constantFrom('solo', 'small_team', 'outsourced'),
        fc.constantFrom('none', 'some', 'high'),
        async (answers, team, customerPrivacy) => {
          const { id, ownerKey } = await createThroughApi(answers);
          const before = await stored(id);
          const user = new FormUser(t.app);
          const draft = await openChange(user, id, ownerKey);
          const page = `${draft}/concerns?change=1`;
          const res = await user.post(
            page,
            { customerPrivacy, worries: ['competitorDataSharing'], team },
            page,
          );
          expect(res.status).toBe(303);
          expect((await user.post(`${draft}/check`, {})).status).toBe(303);
          const after = await stored(id);
          expect(after.answers).toEqual({
            ...before.answers,
            concerns: { customerPrivacy, competitorDataSharing: true, platformDependence: false },
            team,
          });
        },
      ),
      { numRuns: CHANGED_RUNS },
    );
  }, 600_000);

  it('an API-made contact block with no detail in it is no block: a change keeps the answers identical', async () => {
    for (const contact of [{}, { email: '', telegram: ' ' }]) {
      const res = await request(t.app)
        .post('/api/v1/plans')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...answersOf(baseInput()), contact }));
      expect(res.status, res.text).toBe(201);
      const { id, ownerKey } = res.body as { id: string; ownerKey: string };
      const before = await stored(id);
      expect(before.answers).not.toHaveProperty('contact');
      const user = new FormUser(t.app);
      const draft = await openChange(user, id, ownerKey);
      expect((await user.post(`${draft}/check`, {})).status).toBe(303);
      const after = await stored(id);
      expect(after.answers).toStrictEqual(before.answers);
      expect(after.plan).toStrictEqual(before.plan);
    }
  });

  it('API-made shares measured for no channel are none: changing another page keeps the answers', async () => {
    const input = answersOf(baseInput());
    const res = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...input, customers: { ...input.customers, knownChannelUse: {} } }));
    expect(res.status, res.text).toBe(201);
    const { id, ownerKey } = res.body as { id: string; ownerKey: string };
    const before = await stored(id);
    expect(before.answers.customers).not.toHaveProperty('knownChannelUse');
    const user = new FormUser(t.app);
    const draft = await openChange(user, id, ownerKey);
    const page = `${draft}/concerns?change=1`;
    const concerns = { customerPrivacy: 'some', worries: ['platformDependence'], team: before.answers.team };
    expect((await user.post(page, concerns, page)).status).toBe(303);
    expect((await user.post(`${draft}/check`, {})).status).toBe(303);
    const after = await stored(id);
    expect(after.answers).toStrictEqual({
      ...before.answers,
      concerns: { customerPrivacy: 'some', competitorDataSharing: false, platformDependence: true },
    });
  });

  it('keeps shares measured for other channels and WhatsApp features without WhatsApp Business', async () => {
    const answers = answersOf({
      version: 1,
      business: { country: 'MY', sector: 'food' },
      customers: {
        ageMix: { under20: 0, '20s': 10, '30s': 20, '40s': 30, '50s': 30, '60plus': 10 },
        knownChannelUse: { telegram: 20, whatsapp_personal: 90, line: 5 },
      },
      channels: [{ channel: 'sms' }, { channel: 'email', sharePercent: 10 }],
      whatsappFeatures: ['catalog'],
      purposes: ['orders', 'appointments'],
      team: 'solo',
    });
    const { id, ownerKey } = await createThroughApi(answers);
    const user = new FormUser(t.app);
    const draft = await openChange(user, id, ownerKey);
    // The owner clears the Telegram share they measured on the knowledge page.
    const page = `${draft}/knowledge?change=1`;
    expect((await user.post(page, { emailOnFilePercent: '', known_telegram: '' }, page)).status).toBe(303);
    expect((await user.post(`${draft}/check`, {})).status).toBe(303);
    const after = await stored(id);
    expect(after.answers.customers.knownChannelUse).toEqual({ whatsapp_personal: 90, line: 5 });
    expect(after.answers.whatsappFeatures).toEqual(['catalog']);
    expect(after.answers.channels).toEqual(answers.channels);
    expect(after.answers.purposes).toEqual(['orders', 'appointments']);
  });
});
