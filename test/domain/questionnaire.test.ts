import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../src/domain/answers.js';
import {
  activePages,
  cleanForm,
  countsToPercentages,
  type DraftPages,
  draftAnswers,
  firstUnanswered,
  nextStep,
  pageById,
  pagesFromAnswers,
  position,
  previousStep,
  readNumber,
} from '../../src/domain/questionnaire.js';
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
    expect(position({}, 'business')).toEqual({ n: 1, m: 7 });
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
