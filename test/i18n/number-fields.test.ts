/**
 * The questionnaire's number fields read as the owner's language writes numbers (decision 027,
 * src/domain/questionnaire.ts with numbers.ts): a table per language of what every number field
 * reads, what it refuses (the field named, what was wrong, how to write it) and what an
 * accepted page stores (plain numbers) and shows again (in the page's marks); then the pages
 * themselves, posted in en, id, ms and zh.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Message, message } from '../../src/domain/message.js';
import { parseNumber, plainNumberIn } from '../../src/domain/numbers.js';
import {
  type FormValues,
  numberInputs,
  type PageId,
  pageById,
  valuesIn,
} from '../../src/domain/questionnaire.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

const i18n = createI18n({ strict: true });
const LANGUAGES = ['en', 'id', 'ms', 'zh'] as const;

const AGES = { ageMixMode: 'percent', age_under20: '', age_40s: '', age_50s: '', age_60plus: '' };

type Expect =
  | { readonly read: Readonly<Record<string, number>>; readonly stored: Readonly<Record<string, string>> }
  | { readonly refused: string; readonly field: string; readonly key: string };

type Row = [language: string, page: PageId, values: FormValues, expected: Expect];

const rows: Row[] = [
  // Indonesian: decimal comma, point groups.
  [
    'id',
    'customers',
    { ...AGES, age_20s: '87,5', age_30s: '12,5', activePerMonth: '1.200' },
    {
      read: { 'customers.ageMix.20s': 87.5, 'customers.ageMix.30s': 12.5, 'customers.activePerMonth': 1200 },
      stored: { age_20s: '87.5', age_30s: '12.5', activePerMonth: '1200' },
    },
  ],
  [
    'id',
    'customers',
    { ...AGES, age_20s: '100', age_30s: '', activePerMonth: '1,200' },
    { refused: 'activePerMonth', field: 'fields.customers.activePerMonth', key: 'numbers.ambiguous' },
  ],
  [
    'id',
    'customers',
    { ...AGES, ageMixMode: 'count', age_20s: '2,5', age_30s: '4', activePerMonth: '' },
    { refused: 'age_20s', field: 'fields.customers.ageMix.20s', key: 'numbers.not_whole' },
  ],
  [
    'id',
    'channels',
    { channels: ['whatsapp_business', 'email'], share_whatsapp_business: '87,5', share_email: '12,5 %' },
    {
      read: { 'channels.0.sharePercent': 87.5, 'channels.1.sharePercent': 12.5 },
      stored: { share_whatsapp_business: '87.5', share_email: '12.5' },
    },
  ],
  [
    'id',
    'channels',
    { channels: ['telegram'], share_telegram: '12.5' },
    { refused: 'share_telegram', field: 'channel.telegram', key: 'numbers.other_marks' },
  ],
  [
    'id',
    'purposes',
    { purposes: ['promotions'], broadcastAudience: '1.250' },
    { read: { broadcastAudience: 1250 }, stored: { broadcastAudience: '1250' } },
  ],
  [
    'id',
    'knowledge',
    { emailOnFilePercent: '33,3', known_telegram: '1.5' },
    {
      refused: 'known_telegram',
      field: 'fields.customers.knownChannelUse.telegram',
      key: 'numbers.other_marks',
    },
  ],
  [
    'id',
    'knowledge',
    { emailOnFilePercent: '33,3%', known_email: '10' },
    {
      read: { 'customers.emailOnFilePercent': 33.3, 'customers.knownChannelUse.email': 10 },
      stored: { emailOnFilePercent: '33.3', known_email: '10' },
    },
  ],
  // English, Malay, Chinese: decimal point, comma groups.
  [
    'en',
    'customers',
    { ...AGES, age_20s: '87.5', age_30s: '12.5', activePerMonth: '1,200' },
    {
      read: { 'customers.ageMix.20s': 87.5, 'customers.activePerMonth': 1200 },
      stored: { age_20s: '87.5', activePerMonth: '1200' },
    },
  ],
  [
    'en',
    'purposes',
    { purposes: ['promotions'], broadcastAudience: '1.200' },
    { refused: 'broadcastAudience', field: 'fields.broadcastAudience', key: 'numbers.ambiguous' },
  ],
  [
    'en',
    'knowledge',
    { emailOnFilePercent: '12,5' },
    {
      refused: 'emailOnFilePercent',
      field: 'fields.customers.emailOnFilePercent',
      key: 'numbers.other_marks',
    },
  ],
  [
    'ms',
    'customers',
    { ...AGES, age_20s: '50', age_30s: '50', activePerMonth: '12,000' },
    { read: { 'customers.activePerMonth': 12000 }, stored: { activePerMonth: '12000' } },
  ],
  [
    'ms',
    'channels',
    { channels: ['whatsapp_business'], share_whatsapp_business: '12,5' },
    { refused: 'share_whatsapp_business', field: 'channel.whatsapp_business', key: 'numbers.other_marks' },
  ],
  [
    'ms',
    'purposes',
    { purposes: ['promotions'], broadcastAudience: 'banyak' },
    { refused: 'broadcastAudience', field: 'fields.broadcastAudience', key: 'numbers.not_a_number' },
  ],
  [
    'zh',
    'customers',
    // A Chinese input method's full-width digits and marks.
    { ...AGES, age_20s: '８７．５', age_30s: '12.5', activePerMonth: '１，２００' },
    {
      read: { 'customers.ageMix.20s': 87.5, 'customers.activePerMonth': 1200 },
      stored: { age_20s: '87.5', activePerMonth: '1200' },
    },
  ],
  [
    'zh',
    'customers',
    { ...AGES, age_20s: '100', age_30s: '', activePerMonth: '1.200' },
    { refused: 'activePerMonth', field: 'fields.customers.activePerMonth', key: 'numbers.ambiguous' },
  ],
  [
    'zh',
    'knowledge',
    { emailOnFilePercent: '30', known_telegram: '四十' },
    {
      refused: 'known_telegram',
      field: 'fields.customers.knownChannelUse.telegram',
      key: 'numbers.not_a_number',
    },
  ],
];

function valueAt(fragment: unknown, path: string): unknown {
  let v = fragment;
  for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  return v;
}

describe('a number field read in the owner language', () => {
  it.each(rows)('%s %s %j', (language, pageId, values, expected) => {
    const page = pageById(pageId);
    const parsed = page.parse(values, {}, { language });
    if ('read' in expected) {
      expect(parsed.ok, JSON.stringify(parsed.ok ? '' : parsed.errors)).toBe(true);
      if (!parsed.ok) return;
      for (const [path, n] of Object.entries(expected.read)) expect(valueAt(parsed.fragment, path)).toBe(n);
      for (const [name, text] of Object.entries(expected.stored)) expect(parsed.values[name]).toBe(text);
      // What is stored reads back the same without a language, and is shown in the page's marks.
      const again = page.parse(parsed.values, {});
      expect(again.ok && again.fragment).toEqual(parsed.fragment);
      const shown = page.parse(valuesIn(page, parsed.values, language), {}, { language });
      expect(shown.ok && shown.fragment).toEqual(parsed.fragment);
      return;
    }
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    // The typed text kept as it was, for the page shown again.
    expect(parsed.values).toBe(values);
    const error = parsed.errors.find((e) => e.field === expected.refused);
    expect(error, JSON.stringify(parsed.errors)).toBeDefined();
    expect(error!.message.key).toBe(expected.key);
    expect((error!.message.params?.field as Message | undefined)?.key).toBe(expected.field);
    // Rendered in the owner language, it names the field in it and quotes the text typed.
    const tr = i18n.translator(language);
    const text = tr.render(error!.message);
    expect(text).toContain(tr.t(expected.field));
    expect(text).toContain(String(values[expected.refused]).trim());
  });

  it('reads stored values as before without a language (drafts saved before 027)', () => {
    const parsed = pageById('customers').parse(
      { ...AGES, age_20s: '100', age_30s: '', activePerMonth: '1,200' },
      {},
    );
    expect(parsed.ok && valueAt(parsed.fragment, 'customers.activePerMonth')).toBe(1200);
  });

  it('names every number input of every page (the readers cover them all)', () => {
    expect(numberInputs(pageById('customers'))).toEqual([
      'age_under20',
      'age_20s',
      'age_30s',
      'age_40s',
      'age_50s',
      'age_60plus',
      'activePerMonth',
    ]);
    expect(numberInputs(pageById('purposes'))).toEqual(['broadcastAudience']);
    expect(numberInputs(pageById('knowledge'))).toContain('emailOnFilePercent');
    expect(numberInputs(pageById('channels'))).toContain('share_telegram');
  });

  it("shows stored numbers in the page marks, old drafts' grouped ones plainly", () => {
    const page = pageById('customers');
    const stored = { ...AGES, age_20s: '87.5', age_30s: '12.5', activePerMonth: '1,200' };
    expect(valuesIn(page, stored, 'id')).toMatchObject({ age_20s: '87,5', activePerMonth: '1200' });
    expect(valuesIn(page, stored, 'zh')).toMatchObject({ age_20s: '87.5', activePerMonth: '1200' });
    expect(valuesIn(page, { ...stored, activePerMonth: 'lots' }, 'id').activePerMonth).toBe('lots');
    // A share made through the API (100 / 3) is shown so that it can be sent back as it is.
    const third = valuesIn(pageById('channels'), { share_email: String(100 / 3) }, 'id')
      .share_email as string;
    expect(third).toBe('33,3333333333333');
    expect(
      pageById('channels').parse({ channels: ['email'], share_email: third }, {}, { language: 'id' }).ok,
    ).toBe(true);
  });

  it('shows any stored number so that it reads back as the same number, in every language', () => {
    const amount = fc.oneof(
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.integer({ min: 0, max: 100_000 }).map((n) => n / 1000),
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    );
    fc.assert(
      fc.property(amount, fc.constantFrom(...LANGUAGES), (n, language) => {
        const parsed = parseNumber(plainNumberIn(n, language), language, 'x', { percent: true });
        expect(parsed).toEqual({ ok: true, value: n });
      }),
    );
  });
});

/** The pages, posted in each language (the language cookie) through the real app. */
describe('the questionnaire pages in each language', () => {
  let t: TestApp;
  beforeAll(() => {
    t = makeTestApp();
  });
  afterAll(() => t.close());

  const escapeHtml = (s: string) =>
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&#34;')
      .replace(/'/g, '&#39;');

  async function draftIn(language: string) {
    const user = new FormUser(t.app);
    user.agent.set('Cookie', `kanal.lang=${language}`);
    const base = await user.start();
    expect((await user.post(`${base}/business`, SALON_PAGES.business!)).status).toBe(303);
    return { user, base };
  }

  const accepted: [language: string, customers: FormValues, shown: Record<string, string>][] = [
    ['id', { ...AGES, age_20s: '87,5', age_30s: '12,5', activePerMonth: '1.200' }, { age_20s: '87,5' }],
    ['ms', { ...AGES, age_20s: '87.5', age_30s: '12.5', activePerMonth: '1,200' }, { age_20s: '87.5' }],
    ['zh', { ...AGES, age_20s: '８７．５', age_30s: '12.5', activePerMonth: '1,200' }, { age_20s: '87.5' }],
    ['en', { ...AGES, age_20s: '87.5', age_30s: '12.5', activePerMonth: '1 200' }, { age_20s: '87.5' }],
  ];

  it.each(accepted)(
    '%s: accepts the number as written there, stores it plainly, shows it in its marks',
    async (language, customers, shown) => {
      const { user, base } = await draftIn(language);
      const saved = await user.post(`${base}/customers`, customers as Record<string, string>);
      expect(saved.status, saved.text.slice(0, 300)).toBe(303);
      const token = base.slice(3);
      const draft = await t.store.loadDraft(hashSecret(token));
      expect(draft?.data.pages.customers).toMatchObject({ activePerMonth: '1200', age_20s: '87.5' });
      const page = await user.get(`${base}/customers`).expect(200);
      expect(page.text).toContain('value="1200"');
      for (const [name, value] of Object.entries(shown))
        expect(page.text).toMatch(new RegExp(`name="${name}"[^>]*value="${value}"`));
    },
  );

  it.each([
    ['id', ',', '.'],
    ['en', '.', ','],
    ['zh', '.', ','],
  ])(
    '%s: the age mix carries the page’s marks for enhance.js’s live total',
    async (language, decimal, group) => {
      const { user, base } = await draftIn(language);
      const page = await user.get(`${base}/customers`).expect(200);
      expect(page.text).toMatch(
        new RegExp(`data-module="age-mix" data-decimal-mark="\\${decimal}" data-group-mark="\\${group}"`),
      );
    },
  );

  // Counts typed for the age mix, shown back as a list with the language's separator: in
  // Chinese "、", since "1, 1,200, 30" reads as thousands marks there.
  const counted: [language: string, count: string, percents: string, counts: string][] = [
    ['zh', '1,200', '0%、92%、8%、0%、0%、0%', '0、1,200、100、0、0、0'],
    ['en', '1,200', '0%, 92%, 8%, 0%, 0%, 0%', '0, 1,200, 100, 0, 0, 0'],
    ['id', '1.200', '0%, 92%, 8%, 0%, 0%, 0%', '0, 1.200, 100, 0, 0, 0'],
  ];

  it.each(counted)(
    '%s: lists counts and their shares with its own separator',
    async (language, count, percents, counts) => {
      const { user, base } = await draftIn(language);
      const tr = i18n.translator(language);
      const customers = {
        ...SALON_PAGES.customers!,
        ...AGES,
        ageMixMode: 'count',
        age_20s: count,
        age_30s: '100',
      };
      let next = `${base}/business`;
      for (const page of SALON_PAGE_ORDER) {
        const res = await user.post(next, page === 'customers' ? customers : SALON_PAGES[page]!);
        expect(res.status, `${page}: ${res.text.slice(0, 300)}`).toBe(303);
        next = res.headers.location!;
      }
      const check = await user.get(next).expect(200);
      expect(check.text).toContain(escapeHtml(tr.t('web.check.age_from_counts', { counts })));
      const page = await user.get(`${base}/customers`).expect(200);
      expect(page.text).toContain(escapeHtml(tr.t('web.age_mix.converted', { shares: percents })));
    },
  );

  const refused: [
    language: string,
    field: string,
    typed: string,
    key: string,
    params: Record<string, string>,
  ][] = [
    ['id', 'activePerMonth', '1,200', 'numbers.ambiguous', { decimal: '1,2', thousands: '1200' }],
    ['en', 'activePerMonth', '1.200', 'numbers.ambiguous', { decimal: '1.2', thousands: '1200' }],
    ['ms', 'age_30s', '12,5', 'numbers.other_marks', { suggestion: '12.5', example: '1,200.5' }],
    ['zh', 'age_30s', '12,5', 'numbers.other_marks', { suggestion: '12.5', example: '1,200.5' }],
  ];

  it.each(refused)(
    '%s: refuses %s “%s” in the owner language, the text kept',
    async (language, field, typed, key, params) => {
      const { user, base } = await draftIn(language);
      const form = { ...AGES, age_20s: '87.5', age_30s: '12.5', activePerMonth: '300', [field]: typed };
      if (language === 'id') Object.assign(form, { age_20s: '87,5', age_30s: '12,5' }, { [field]: typed });
      const res = await user.post(`${base}/customers`, form);
      expect(res.status).toBe(400);
      const tr = i18n.translator(language);
      const label =
        field === 'activePerMonth' ? 'fields.customers.activePerMonth' : 'fields.customers.ageMix.30s';
      const expected = tr.render(message(key, { field: message(label), text: typed, ...params }));
      expect(res.text).toContain(escapeHtml(expected));
      // The text as typed, in its input.
      expect(res.text).toMatch(new RegExp(`name="${field}"[^>]*value="${escapeHtml(typed)}"`));
      expect(/<html lang="([^"]+)"/.exec(res.text)?.[1]).toBe(tr.htmlLang);
      // Nothing stored for the page.
      const draft = await t.store.loadDraft(hashSecret(base.slice(3)));
      expect(draft?.data.pages.customers).toBeUndefined();
    },
  );
});
