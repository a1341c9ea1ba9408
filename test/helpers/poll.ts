/**
 * The customer poll in the web tests: a plan made through the API with its poll opened, and a
 * post of the owner's poll page form (/r/:id/poll) with the page's CSRF token.
 */
import request from 'supertest';
import { expect } from 'vitest';
import { SALON_ANSWERS } from './answers.js';
import type { TestApp } from './app.js';
import { csrfFrom, encodeForm, type FormFields } from './forms.js';

/** A new plan of `answers` with its customer poll open: its id, owner key and poll path. */
export async function planWithOpenPoll(app: TestApp['app'], answers: object = SALON_ANSWERS) {
  const plan = await request(app).post('/api/v1/plans').send(answers);
  expect(plan.status).toBe(201);
  const poll = await request(app)
    .post(`/api/v1/plans/${plan.body.id}/poll`)
    .set('X-Owner-Key', plan.body.ownerKey);
  expect(poll.status).toBe(201);
  return {
    id: plan.body.id as string,
    ownerKey: plan.body.ownerKey as string,
    path: new URL(poll.body.pollUrl as string).pathname,
  };
}

/** Posts the owner's poll page form, with the token of the page it reads first. */
export async function ownerPollPost(app: TestApp['app'], id: string, fields: FormFields) {
  const agent = request.agent(app);
  const page = await agent.get(`/r/${id}/poll`);
  expect(page.status).toBe(200);
  return agent
    .post(`/r/${id}/poll`)
    .type('form')
    .send(encodeForm({ ...fields, _csrf: csrfFrom(page.text) }));
}
