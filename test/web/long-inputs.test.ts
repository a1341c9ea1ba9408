/**
 * A page's values are read as typed, never cut short: a value cut at 2,000 characters could read
 * as another valid one, saved without a word. An input longer than any field keeps is refused at
 * that input (unless the field's own rule already says so), and the page comes back with what
 * was typed. Nothing of a refused page is saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_TEXT } from '../../src/domain/questionnaire.js';
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
  for (const page of ['business', 'customers', 'channels', 'purposes', 'whatsapp', 'knowledge', 'concerns']) {
    expect((await user.post(`${base}/${page}`, SALON_PAGES[page]!)).status).toBe(303);
  }
});
afterAll(() => t.close());

const TOO_LONG = 'This answer is longer than 2,000 characters';
const drafts = () => JSON.stringify(t.db.prepare('SELECT data FROM drafts').all());

describe('an input longer than any field keeps', () => {
  it('an address after 2,000 spaces: refused at that input, typed in full, nothing saved', async () => {
    // Cut at 2,000 characters, this read as the valid address "shop@enso.co".
    const typed = `${' '.repeat(MAX_INPUT_TEXT - 12)}shop@enso.com`;
    const res = await user.post(`${base}/contact`, { ...SALON_PAGES.contact!, email: typed });
    await expectRefusedAt(res, 'email', TOO_LONG);
    expect(res.text).toMatch(/name="email"[^>]*value=" *shop@enso\.com"/);
    expect(drafts()).not.toContain('shop@enso');
  });

  it('a phone number whose last digits lie past 2,000 characters: the same', async () => {
    const typed = `+65 9123${' '.repeat(MAX_INPUT_TEXT)}4567`;
    const res = await user.post(`${base}/contact`, { ...SALON_PAGES.contact!, whatsappNumber: typed });
    await expectRefusedAt(res, 'whatsappNumber', TOO_LONG);
    expect(drafts()).not.toContain('whatsappNumber');
  });

  it('as long as allowed: read as usual', async () => {
    const typed = `${' '.repeat(MAX_INPUT_TEXT - 13)}shop@enso.com`;
    expect(typed).toHaveLength(MAX_INPUT_TEXT);
    const res = await user.post(`${base}/contact`, { ...SALON_PAGES.contact!, email: typed });
    expect(res.status).toBe(303);
    expect(drafts()).toContain('shop@enso.com');
  });

  it('a field with its own limit says that one, once (a business name)', async () => {
    const res = await user.post(`${base}/business`, { ...SALON_PAGES.business!, name: 'N'.repeat(3000) });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(TOO_LONG);
    expect(res.text).toContain('120 characters or fewer');
    expect(res.text.match(/href="#f-name"/g)).toHaveLength(1);
    expect(drafts()).not.toContain('NNNN');
  });
});
