/**
 * A page's input sent with several different values (no page of Kanal's sends that: a tool, or
 * a page changed by hand) is refused with a message at that input, never read as its first
 * value alone; the same value twice is one value. Nothing of a refused page is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { expectRefusedAt } from '../helpers/html.js';

let t: TestApp;
let user: FormUser;
let base: string;
beforeAll(async () => {
  t = makeTestApp();
  user = new FormUser(t.app);
  base = await user.start();
});
afterAll(() => t.close());

const MESSAGE = 'This answer was sent more than once, with different values';
const drafts = () => JSON.stringify(t.db.prepare('SELECT data FROM drafts').all());

describe('an input sent more than once', () => {
  it('with different values: refused at that input, the first shown, nothing saved', async () => {
    const res = await user.post(`${base}/business`, {
      ...SALON_PAGES.business!,
      name: ['Kedai A', 'Kedai B'],
    });
    await expectRefusedAt(res, 'name', MESSAGE);
    expect(res.text).toMatch(/name="name"[^>]*value="Kedai A"/);
    expect(drafts()).not.toContain('Kedai');
  });

  it('a part of a group (one age group) the same way', async () => {
    await user.post(`${base}/business`, SALON_PAGES.business!);
    const res = await user.post(`${base}/customers`, { ...SALON_PAGES.customers!, age_20s: ['45', '40'] });
    await expectRefusedAt(res, 'age_20s', MESSAGE);
    expect(drafts()).not.toContain('age_20s');
  });

  it('with the same value twice: one value, accepted', async () => {
    const res = await user.post(`${base}/customers`, { ...SALON_PAGES.customers!, age_20s: ['45', '45'] });
    expect(res.status).toBe(303);
    expect(drafts()).toContain('age_20s');
  });
});
