/**
 * How a questionnaire page's form is read (readPage): never cut short, never read as part of
 * what was sent. Nothing of a refused page is saved, and the page comes back as typed.
 * - An input sent with several different values (no page of Kanal's sends that: a tool, or a
 *   page changed by hand) is refused at that input, never read as its first value alone; the
 *   same value twice is one value.
 * - An input longer than any field keeps is refused at that input, unless the field's own rule
 *   already says so: a value cut at 2,000 characters could read as another valid one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_TEXT } from '../../src/domain/questionnaire.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';
import { expectRefusedAt } from '../helpers/html.js';

let t: TestApp;
beforeAll(() => {
  t = makeTestApp();
});
afterAll(() => t.close());

/** A new questionnaire with the salon's `pages` saved: its user, its path, what it has saved. */
async function questionnaire(pages: readonly string[]) {
  const user = new FormUser(t.app);
  const base = await user.start();
  for (const page of pages) expect((await user.post(`${base}/${page}`, SALON_PAGES[page]!)).status).toBe(303);
  const hash = hashSecret(base.split('/').pop() ?? '');
  const saved = () => JSON.stringify(t.db.prepare('SELECT data FROM drafts WHERE token_hash = ?').get(hash));
  return { user, base, saved };
}

const MESSAGE = 'This answer was sent more than once, with different values';
const TOO_LONG = 'This answer is longer than 2,000 characters';

describe('an input sent more than once', () => {
  let user: FormUser;
  let base: string;
  let drafts: () => string;
  beforeAll(async () => {
    ({ user, base, saved: drafts } = await questionnaire([]));
  });

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

describe('an input longer than any field keeps (the pages before the contact page saved)', () => {
  let user: FormUser;
  let base: string;
  let drafts: () => string;
  beforeAll(async () => {
    ({ user, base, saved: drafts } = await questionnaire(SALON_PAGE_ORDER.filter((id) => id !== 'contact')));
  });

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
