/**
 * Links that lead to the owner (issue 9 item 7): a WhatsApp number written the way owners write
 * it in their country becomes the right international number, so every wa.me link in the kit
 * (the QR codes are drawn from the same links) leads to the owner; through the API and through
 * the pages (the number on the contact page, the country on the business page).
 */
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

const t = makeTestApp();
afterAll(() => t.close());

const CASES: [country: string, typed: string, digits: string][] = [
  ['SG', '9123 4567', '6591234567'],
  ['ID', '0812-3456-7890', '6281234567890'],
  ['ID', '+62 0812 3456 7890', '6281234567890'],
  ['MY', '012-345 6789', '60123456789'],
  ['MY', '+60 12-345 6789', '60123456789'],
];

const waLinks = (html: string) => [...html.matchAll(/wa\.me\/(\d+)/g)].map((m) => m[1]);

describe('wa.me links in the kit lead to the owner', () => {
  it.each(CASES)('through the API: %s, typed %s: every link is wa.me/%s', async (country, typed, digits) => {
    const res = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          ...SALON_ANSWERS,
          business: { ...SALON_ANSWERS.business, country },
          contact: { whatsappNumber: typed },
        }),
      );
    expect(res.status, res.text).toBe(201);
    const read = await request(t.app).get(`/api/v1/plans/${res.body.id}`);
    expect(read.body.answers.contact.whatsappNumber).toBe(digits);
    const kit = await request(t.app).get(`/r/${res.body.id}/kit`);
    expect(kit.status).toBe(200);
    const links = waLinks(kit.text);
    expect(links.length).toBeGreaterThan(0);
    expect(new Set(links)).toEqual(new Set([digits]));
  });

  it.each(CASES)(
    'through the pages: %s, typed %s: every link is wa.me/%s',
    async (country, typed, digits) => {
      const u = new FormUser(t.app);
      const base = await u.start();
      for (const page of SALON_PAGE_ORDER) {
        const fields =
          page === 'business'
            ? { ...SALON_PAGES.business, country }
            : page === 'contact'
              ? { ...SALON_PAGES.contact, whatsappNumber: typed }
              : SALON_PAGES[page];
        const res = await u.post(`${base}/${page}`, fields ?? {});
        expect(res.status, page).toBe(303);
      }
      const submitted = await u.post(`${base}/check`, {});
      expect(submitted.status).toBe(303);
      const kit = await u.get(`${submitted.headers.location?.replace(/\/key$/, '')}/kit`);
      expect(new Set(waLinks(kit.text))).toEqual(new Set([digits]));
    },
  );

  it('a number that cannot be a mobile number in the country: 400 with an example for that country', async () => {
    const res = await request(t.app)
      .post('/api/v1/plans')
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          ...SALON_ANSWERS,
          business: { ...SALON_ANSWERS.business, country: 'ID' },
          contact: { whatsappNumber: '021-1234-5678' },
        }),
      );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        path: 'contact.whatsappNumber',
        message:
          'WhatsApp number must be a mobile phone number in Indonesia, like 0812-345-678, or with its country code, like +62 812 345 678.',
      },
    ]);
  });

  it('the pages check the number again when the country changes: back to the contact page, never a 500', async () => {
    const u = new FormUser(t.app);
    const base = await u.start();
    for (const page of SALON_PAGE_ORDER) {
      const fields =
        page === 'contact' ? { ...SALON_PAGES.contact, whatsappNumber: '9123 4567' } : SALON_PAGES[page];
      expect((await u.post(`${base}/${page}`, fields ?? {})).status, page).toBe(303);
    }
    // A local Singapore number typed on the contact page: refused with Indonesia's example once the
    // business page says Indonesia.
    const moved = await u.post(
      `${base}/business?change=1`,
      { ...SALON_PAGES.business, country: 'ID' },
      `${base}/business`,
    );
    expect(moved.status).toBe(303);
    const check = await u.get(`${base}/check`);
    expect(check.status).toBe(303);
    expect(check.headers.location).toBe(`${base}/contact`);
    const contact = await u.get(`${base}/contact`);
    expect(contact.text).toContain('must be a mobile phone number in Indonesia, like 0812-345-678');
    const submit = await u.post(`${base}/check`, {}, `${base}/contact`);
    expect(submit.status).toBe(303);
    expect(submit.headers.location).toBe(`${base}/contact`);
    // Typed again as an Indonesian number, the plan is made and links to it.
    expect(
      (await u.post(`${base}/contact`, { ...SALON_PAGES.contact, whatsappNumber: '0812-3456-7890' })).status,
    ).toBe(303);
    const made = await u.post(`${base}/check`, {});
    expect(made.status).toBe(303);
    expect(
      new Set(waLinks((await u.get(`${made.headers.location?.replace(/\/key$/, '')}/kit`)).text)),
    ).toEqual(new Set(['6281234567890']));
  });
});
