/**
 * No stored plan can make its pages fail (issue 10 item 4): for arbitrary valid Answers
 * (test/domain/arbitraries.ts) with contact blocks of odd but valid text (any Unicode, emoji,
 * right-to-left, combining marks, markup, long sign-up addresses, numbers of many countries),
 * created through the API, the report, the kit and the API read all answer 200, never 500;
 * what the API refuses is a 400 naming fields. A quick run under `npm test`, a long one under
 * `npm run test:soak`.
 */
import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { answersArb } from '../domain/arbitraries.js';
import { makeTestApp } from '../helpers/app.js';
import { soakOr } from './soak.js';

const RUNS = soakOr(400, 20);
const t = makeTestApp();
// After every poll day the arbitrary makes (up to 2099): a poll day in the future is refused.
t.now = new Date('2100-01-01T00:00:00Z');
afterAll(() => t.close());

const ODD = [
  'Ṣàlọ́n “Ènsō” <b>&amp;</b> 💇‍♀️',
  'صالون الجمال',
  'שלום 123',
  'Z̷̢͎a̵l̶g̸o̴',
  '%s %d {{name}} {{- x}} <%= x %> $1',
  '\u200d\u200b\ufeff',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🏳️‍🌈 髪 ヘア',
  'O\'Brien & Sons "Best"',
];
const oddText = fc.oneof(
  fc.constantFrom(...ODD),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 120 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
);

/** Mobile numbers from libphonenumber's examples, written with the country code in odd ways. */
const phone = fc
  .tuple(fc.constantFrom(...getCountries()), fc.constantFrom(' ', '-', '.', '', ' (0) '))
  .map(([country, sep]) => {
    const n = getExampleNumber(country, mobileExamples);
    return n === undefined ? undefined : `+${n.countryCallingCode}${sep}${n.nationalNumber}`;
  });

const pathText = fc.string({ unit: 'binary', maxLength: 200 }).map((s) => encodeURI(s));
const contact = fc.record(
  {
    whatsappNumber: phone,
    telegram: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$/),
    email: fc.constantFrom('hello@example.com', 'o.brien+shop@mail.example.co.id', 'a@b.example'),
    signupUrl: fc.oneof(
      pathText.map((p) => `https://shop.example.com/${p}`),
      fc.constant(`https://example.com/${'x'.repeat(470)}`),
      fc.constant('https://例え.example/ページ?q=<a>&r="1"#frag'),
    ),
  },
  { requiredKeys: [] },
);

const input = fc
  .tuple(answersArb, fc.option(oddText, { nil: undefined }), fc.option(contact, { nil: undefined }))
  .map(([answers, name, c]) => ({
    ...answers,
    business: { ...answers.business, ...(name === undefined ? {} : { name }) },
    ...(c === undefined ? {} : { contact: c }),
  }));

describe('arbitrary valid plans render', { timeout: 600_000 }, () => {
  it(`${RUNS} plans: report, kit and API read answer 200; refusals are 400 naming fields`, async () => {
    let rendered = 0;
    let withContact = 0;
    await fc.assert(
      fc.asyncProperty(input, async (answers) => {
        const res = await request(t.app)
          .post('/api/v1/plans')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(answers));
        expect(res.status, res.text).not.toBeGreaterThanOrEqual(500);
        if (res.status === 400) {
          const errors = res.body.errors as { path: string; message: string }[];
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) expect(e.path).not.toBe('');
          return;
        }
        expect(res.status, res.text).toBe(201);
        const id = res.body.id as string;
        for (const path of [`/r/${id}`, `/r/${id}/kit`, `/api/v1/plans/${id}`]) {
          const page = await request(t.app).get(path);
          expect(page.status, `${path}: ${page.text.slice(0, 300)}`).toBe(200);
        }
        rendered++;
        if (answers.contact !== undefined) withContact++;
      }),
      { numRuns: RUNS },
    );
    // The property reached the pages, contact blocks included, not only the refusals.
    expect(rendered).toBeGreaterThan(RUNS / 2);
    expect(withContact).toBeGreaterThan(0);
  });
});
