/**
 * Nothing is lost on a change: for random valid Answers made through the API, opening a change
 * through the pages and submitting it unchanged leaves the stored answers and plan identical,
 * and changing one page changes exactly what that page asks, keeping every other answer
 * (knownChannelUse of other channels, whatsappFeatures without WhatsApp Business, the order of
 * the channels...).
 */

import fc from 'fast-check';
import { type CountryCode, getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answers } from '../../src/domain/answers.js';
import { answersArb } from '../domain/arbitraries.js';
import { answersOf } from '../domain/fixtures.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp();
});
afterAll(() => t.close());

const contactArb = fc.option(
  fc.record(
    {
      whatsappNumber: fc.constant(true),
      telegram: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{3,12}[A-Za-z0-9]$/),
      email: fc.stringMatching(/^[a-z]{1,8}@[a-z]{2,8}\.com$/),
      signupUrl: fc.stringMatching(/^https:\/\/[a-z]{3,8}\.com\/[a-z]{0,5}$/),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);
const nameArb = fc.option(fc.stringMatching(/^[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8}){0,2}$/), { nil: undefined });

/** Valid Answers with a name and contact details too (the shared arbitrary has neither). */
const fullAnswersArb = fc.tuple(answersArb, nameArb, contactArb).map(([a, name, drawn]) => {
  // A WhatsApp number must be a mobile number of the business's country: its example number.
  const { whatsappNumber, ...rest } = drawn ?? {};
  const example =
    whatsappNumber === undefined
      ? undefined
      : getExampleNumber(a.business.country as CountryCode, mobileExamples);
  const contact = example === undefined ? rest : { ...rest, whatsappNumber: example.number.slice(1) };
  return answersOf({
    ...a,
    business: { ...a.business, ...(name === undefined ? {} : { name }) },
    ...(Object.keys(contact).length === 0 ? {} : { contact }),
  });
});

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
      fc.asyncProperty(fullAnswersArb, async (answers) => {
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
      { numRuns: 20 },
    );
  }, 120_000);

  it('changing one page keeps every answer that page does not ask about', async () => {
    await fc.assert(
      fc.asyncProperty(
        fullAnswersArb,
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
      { numRuns: 12 },
    );
  }, 120_000);

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
