import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../src/domain/answers.js';
import { APPLIED_ANSWERS, COMPARED_ANSWERS } from '../../src/domain/compare.js';
import {
  ANSWER_PATHS,
  activePages,
  answersOfDraft,
  cleanForm,
  countsToPercentages,
  type DraftPages,
  draftAnswers,
  errorFields,
  firstUnanswered,
  nextStep,
  ownedPaths,
  pageById,
  pagesFromAnswers,
  position,
  previousStep,
  readNumber,
} from '../../src/domain/questionnaire.js';
import { createI18n } from '../../src/i18n.js';
import { SALON_ANSWERS, SALON_PAGES } from '../helpers/answers.js';

const salonPages = (): DraftPages =>
  Object.fromEntries(
    Object.entries(SALON_PAGES).map(([id, fields]) => [id, cleanForm(pageById(id as never), fields)]),
  );

describe('countsToPercentages (largest remainder)', () => {
  it.each([
    [
      [1, 1, 1, 0, 0, 0],
      [34, 33, 33, 0, 0, 0],
    ],
    [
      [12, 40, 30, 10, 5, 3],
      [12, 40, 30, 10, 5, 3],
    ],
    [
      [1, 2, 3, 4, 5, 6],
      [5, 9, 14, 19, 24, 29],
    ],
    [
      [0, 0, 0, 0, 0, 7],
      [0, 0, 0, 0, 0, 100],
    ],
    [
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ],
    [
      [333, 333, 334, 0, 0, 0],
      [33, 33, 34, 0, 0, 0],
    ],
  ])('%j -> %j', (counts, expected) => {
    const pct = countsToPercentages(counts);
    expect(pct).toEqual(expected);
  });

  it('always sums to exactly 100 for any non-zero counts', () => {
    for (let seed = 1; seed < 500; seed++) {
      const counts = Array.from({ length: 6 }, (_, i) => ((seed * (i + 7) * 7919) % 97) * (i % 2 ? 3 : 1));
      if (counts.every((c) => c === 0)) continue;
      expect(countsToPercentages(counts).reduce((a, b) => a + b, 0)).toBe(100);
    }
  });
});

describe('readNumber', () => {
  it.each([
    ['', undefined],
    ['  ', undefined],
    ['45', 45],
    ['45%', 45],
    ['45 %', 45],
    ['1,200', 1200],
    ['12.5', 12.5],
    ['abc', Number.NaN],
  ])('%j -> %j', (raw, expected) => {
    expect(readNumber(raw)).toEqual(expected);
  });
});

describe('the flow', () => {
  it('asks about WhatsApp features only when WhatsApp Business is used', () => {
    const pages = salonPages();
    expect(activePages(pages).map((p) => p.id)).toContain('whatsapp');
    const without = { ...pages, channels: cleanForm(pageById('channels'), { channels: ['email'] }) };
    expect(activePages(without).map((p) => p.id)).not.toContain('whatsapp');
    expect(nextStep(without, 'purposes', false)).toBe('knowledge');
    expect(nextStep(pages, 'purposes', false)).toBe('whatsapp');
    expect(previousStep(without, 'knowledge')).toBe('purposes');
  });

  it('goes back to check answers after a change, unless a new question needs an answer', () => {
    const pages = salonPages();
    expect(nextStep(pages, 'business', true)).toBe('check');
    const { whatsapp: _, ...noWhatsapp } = pages;
    expect(nextStep(noWhatsapp, 'channels', true)).toBe('whatsapp');
  });

  it('counts questions from the answers so far', () => {
    // m is every page, whatever the answers: it never changes during the questionnaire.
    expect(position({}, 'business')).toEqual({ n: 1, m: 8 });
    expect(position({ channels: { channels: ['email'] } }, 'knowledge')).toEqual({ n: 6, m: 8 });
    expect(position(salonPages(), 'contact')).toEqual({ n: 8, m: 8 });
    expect(previousStep({}, 'business')).toBeUndefined();
    expect(previousStep(salonPages(), 'check')).toBe('contact');
  });

  it('knows the first unanswered page', () => {
    expect(firstUnanswered({})).toBe('business');
    expect(firstUnanswered(salonPages())).toBeUndefined();
  });
});

describe('pages to Answers', () => {
  it('adds up to the same Answers as the JSON', () => {
    const fromPages = draftAnswers(salonPages());
    const fromJson = validateAnswers(SALON_ANSWERS);
    expect(fromPages.ok && fromJson.ok).toBe(true);
    if (!fromPages.ok || !fromJson.ok) return;
    expect({
      ...fromPages.value,
      channels: [...fromPages.value.channels].sort((a, b) => a.channel.localeCompare(b.channel)),
    }).toEqual({
      ...fromJson.value,
      channels: [...fromJson.value.channels].sort((a, b) => a.channel.localeCompare(b.channel)),
    });
  });

  it('round-trips Answers through the pages (changing a plan)', () => {
    const answers = draftAnswers(salonPages());
    if (!answers.ok) throw new Error('invalid');
    const again = draftAnswers(pagesFromAnswers(answers.value));
    expect(again).toEqual(answers);
  });

  it('converts counts to percentages', () => {
    const page = pageById('customers');
    const result = page.parse(
      cleanForm(page, { ageMixMode: 'count', age_under20: '1', age_20s: '1', age_30s: '1' }),
    );
    expect(result.ok && result.fragment).toEqual({
      customers: {
        ageMix: { under20: 34, '20s': 33, '30s': 33, '40s': 0, '50s': 0, '60plus': 0 },
        activePerMonth: undefined,
      },
    });
  });

  it('names the form field of each problem, with the API message key', () => {
    const page = pageById('channels');
    const result = page.parse(
      cleanForm(page, {
        channels: ['telegram', 'email'],
        share_telegram: '80',
        share_email: '90',
        share_sms: '5',
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.field, e.message.key])).toEqual([
      ['channels', 'validation.channel_share_sum'],
      ['share_sms', 'web.error.share_without_channel'],
    ]);
  });

  it('keeps only the page fields, as typed', () => {
    const values = cleanForm(pageById('business'), { name: ' Enso ', country: ['SG', 'MY'], other: 'x' });
    expect(values).toEqual({ name: ' Enso ', country: 'SG', sector: '' });
  });
});

describe('each question described once', () => {
  const tr = createI18n({ strict: true }).translator('en');

  it('every answer path has a label, and the compared answers are exactly those paths', () => {
    expect(ANSWER_PATHS.length).toBeGreaterThan(15);
    for (const path of ANSWER_PATHS) expect(tr.t(`fields.${path}`), path).not.toBe('');
    // The questionnaire's paths, then only what no question fills (the poll the owner applies).
    expect(COMPARED_ANSWERS).toEqual([...ANSWER_PATHS, ...APPLIED_ANSWERS]);
    for (const path of APPLIED_ANSWERS) expect(ANSWER_PATHS).not.toContain(path);
    expect(new Set(ANSWER_PATHS).size).toBe(ANSWER_PATHS.length);
  });

  it.each([
    ['knowledge', 'customers.knownChannelUse.telegram', 'known_telegram'],
    ['knowledge', 'customers.emailOnFilePercent', 'emailOnFilePercent'],
    ['customers', 'customers.ageMix.30s', 'age_30s'],
    ['customers', 'customers.ageMix', 'ageMix'],
    ['concerns', 'concerns', 'worries'],
    ['contact', 'contact.signupUrl', 'signupUrl'],
    ['business', 'business', 'name'],
  ] as const)('%s: an error at %s goes to the field %s', (page, path, field) => {
    expect(errorFields(pageById(page))[path]).toBe(field);
  });

  it('a page owns only what it asks: the knowledge page, the advised channels’ shares', () => {
    expect(ownedPaths(pageById('knowledge'))).toEqual([
      'customers.emailOnFilePercent',
      'customers.knownChannelUse.whatsapp_business',
      'customers.knownChannelUse.telegram',
      'customers.knownChannelUse.email',
    ]);
  });

  it('a change without WhatsApp Business leaves its features page unanswered, to be asked', () => {
    const v = validateAnswers({ ...SALON_ANSWERS, channels: [{ channel: 'email' }] });
    if (!v.ok) throw new Error('bad fixture');
    const pages = pagesFromAnswers(v.value);
    expect(pages.whatsapp).toBeUndefined();
    expect(firstUnanswered({ ...pages, channels: { channels: ['whatsapp_business'] } })).toBe('whatsapp');
  });

  it('answers over a base keep what no page asks, in the base order', () => {
    const v = validateAnswers({
      ...SALON_ANSWERS,
      channels: [{ channel: 'sms' }, { channel: 'email' }],
      customers: { ...SALON_ANSWERS.customers, knownChannelUse: { line: 3, telegram: 45 } },
    });
    if (!v.ok) throw new Error('bad fixture');
    const pages = pagesFromAnswers(v.value);
    const again = answersOfDraft(pages, v.value);
    expect(again).toEqual({ ok: true, value: v.value });
    const fresh = answersOfDraft(pages);
    expect(fresh.ok && fresh.value.customers.knownChannelUse).toEqual({ telegram: 45 });
    // Without the base, the page's own order (the option list's).
    expect(fresh.ok && fresh.value.channels.map((c) => c.channel)).toEqual(['email', 'sms']);
  });
});
