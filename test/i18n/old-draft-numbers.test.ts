/**
 * Drafts saved before the `language` column (migration 004, decision 027): their row has no
 * language (NULL) and their number fields hold the text as it was typed on the English-only
 * pages (`1,200`, `44.5`, `30 %`). Stored text is re-read in three places: a question page
 * re-checks and shows it (`page.parse` without a language, then `valuesIn`), the check page and
 * the submit rebuild Answers from it (`answersOfDraft`). None of them reads it with the marks of
 * the language the page is shown in: it is read English-style (`readNumber`), whatever the
 * reader's language, and shown in that language's marks so that sending the page back unchanged
 * reads the same number. Were it read the Indonesian way, `1,200` would be refused as ambiguous
 * and `44.5` as the other convention; this walks such a draft in every language to the plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

const i18n = createI18n({ strict: true });

/** The salon's pages as a draft made before 027 held them: numbers as typed, English-style. */
const OLD_PAGES = {
  ...SALON_PAGES,
  customers: {
    ...SALON_PAGES.customers,
    age_20s: '44.5',
    age_30s: '35.5',
    activePerMonth: '1,200',
  },
  purposes: { ...SALON_PAGES.purposes, broadcastAudience: '1,500' },
  knowledge: { emailOnFilePercent: '30 %', known_telegram: '45.5' },
};

/** What those texts mean, as Answers. */
const MEANT = {
  ageMix: { '20s': 44.5, '30s': 35.5 },
  activePerMonth: 1200,
  broadcastAudience: 1500,
  emailOnFilePercent: 30,
  telegram: 45.5,
};

const tagOf = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const inputValue = (html: string, name: string) =>
  new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

let t: TestApp;
beforeAll(() => {
  t = makeTestApp();
});
afterAll(() => t.close());

/** A draft row as migration 004 left one made before it: every page answered, no language. */
async function oldDraft(): Promise<string> {
  const base = await new FormUser(t.app).start();
  const token = base.slice('/d/'.length);
  t.db
    .prepare('UPDATE drafts SET data = ?, language = NULL WHERE token_hash = ?')
    .run(JSON.stringify({ version: 1, pages: OLD_PAGES }), hashSecret(token));
  const loaded = await t.store.loadDraft(hashSecret(token));
  expect(loaded && 'language' in loaded).toBe(false);
  return base;
}

/** A reader who chose a language with the switch (`?lang=`, which sets the cookie). */
async function readerIn(code: string): Promise<FormUser> {
  const user = new FormUser(t.app);
  await user.get(`/?lang=${code}`).expect(303);
  return user;
}

describe.each(i18n.languages)('a draft stored without a language, opened in %s', (code) => {
  const tr = i18n.translator(code);
  const decimal = (n: number) => String(n).replace('.', code === 'id' ? ',' : '.');

  it('shows its numbers as they were meant, in the page marks, with no error', async () => {
    const base = await oldDraft();
    const user = await readerIn(code);
    const page = await user.get(`${base}/customers`).expect(200);
    expect(tagOf(page.text)).toBe(tr.htmlLang);
    expect(page.text).not.toContain('error-summary');
    expect(inputValue(page.text, 'activePerMonth')).toBe('1200');
    expect(inputValue(page.text, 'age_20s')).toBe(decimal(44.5));
    const knowledge = await user.get(`${base}/knowledge`).expect(200);
    expect(inputValue(knowledge.text, 'emailOnFilePercent')).toBe('30');
    expect(inputValue(knowledge.text, 'known_telegram')).toBe(decimal(45.5));
  });

  it('checks and makes the plan with the numbers meant', async () => {
    const base = await oldDraft();
    const user = await readerIn(code);
    const check = await user.get(`${base}/check`).expect(200);
    expect(tagOf(check.text)).toBe(tr.htmlLang);
    expect(check.text).toContain(tr.formatNumber(MEANT.activePerMonth));
    expect(check.text).toContain(tr.formatNumber(MEANT.broadcastAudience));
    const { reportPath } = await user.submit(base);
    const plan = await t.store.loadPlan(hashSecret(reportPath.split('/')[2]!), t.now);
    const customers = plan?.answers.customers;
    expect(customers?.activePerMonth).toBe(MEANT.activePerMonth);
    expect(customers?.ageMix).toMatchObject(MEANT.ageMix);
    expect(customers?.emailOnFilePercent).toBe(MEANT.emailOnFilePercent);
    expect(customers?.knownChannelUse?.telegram).toBe(MEANT.telegram);
    expect(plan?.answers.broadcastAudience).toBe(MEANT.broadcastAudience);
  });

  it('reads a page sent back as shown as the same numbers, then stores them plainly', async () => {
    const base = await oldDraft();
    const user = await readerIn(code);
    const page = await user.get(`${base}/customers`).expect(200);
    const shown = Object.fromEntries(
      Object.keys(SALON_PAGES.customers!).map((name) => [name, inputValue(page.text, name) ?? '']),
    );
    shown.ageMixMode = 'percent';
    const saved = await user.post(`${base}/customers`, shown);
    expect(saved.status, saved.text.slice(0, 300)).toBe(303);
    const draft = await t.store.loadDraft(hashSecret(base.slice('/d/'.length)));
    expect(draft?.data.pages.customers).toMatchObject({
      activePerMonth: '1200',
      age_20s: '44.5',
      age_30s: '35.5',
    });
  });
});
