/**
 * The kit's view models and the customers' languages (decision 028): which languages customers
 * get (the owner's choice, else the owner's own), one or two on every customer-facing text with
 * its tag, the owner's words in the owner's language, the link texts in the main language only;
 * and the contact page's two language fields, read and checked like the other fields.
 */
import { describe, expect, it } from 'vitest';
import type { AnswersInput } from '../../src/domain/answers.js';
import { kitLanguages } from '../../src/domain/kit.js';
import { answersOfDraft, pageById, pagesFromAnswers } from '../../src/domain/questionnaire.js';
import { type KitSheetVM, kitPageView, kitSummaryView } from '../../src/web/kit-view.js';
import { answers, i18n, plan } from './fixtures.js';

const AGES = { under20: 5, '20s': 45, '30s': 35, '40s': 10, '50s': 5, '60plus': 0 };
const withLanguages = (languages?: readonly ('en' | 'id' | 'ms' | 'zh')[]): Partial<AnswersInput> => ({
  business: { name: 'Kedai Mak Cik', country: 'MY', sector: 'food' },
  customers: { ageMix: AGES, ...(languages === undefined ? {} : { languages: [...languages] }) },
});
const PLAN = plan({ whatsapp_business: 'keep', telegram: 'consider', email: 'add' }, 'MY');

describe('kitLanguages', () => {
  it.each([
    [['ms', 'en'], 'en', ['ms', 'en']],
    [['zh', 'en'], 'ms', ['zh', 'en']],
    [['id'], 'zh', ['id']],
    [undefined, 'id', ['id']],
    [undefined, 'zh', ['zh']],
    [undefined, 'en', ['en']],
  ] as const)('chosen %j, owner in %s: %j', (chosen, owner, expected) => {
    expect(kitLanguages(answers(withLanguages(chosen)), owner)).toEqual(expected);
  });
});

async function pageFor(
  languages: readonly ('en' | 'id' | 'ms' | 'zh')[] | undefined,
  owner: string,
  pollUrl?: string,
) {
  const tr = i18n.translator(owner);
  return kitPageView(
    { i18n, tr, answers: answers(withLanguages(languages)), plan: PLAN },
    pollUrl === undefined ? {} : { pollUrl },
  );
}

const texts = (xs: readonly { lang: string; text: string }[]) => xs.map((x) => [x.lang, x.text]);
const sheet = (sheets: readonly KitSheetVM[], id: string) => sheets.find((s) => s.id === id)!;

describe('kitPageView', () => {
  it.each([
    // chosen, owner, expected tags of every customer text (main first)
    [['ms', 'en'], 'en', ['ms', 'en']],
    [['zh', 'en'], 'id', ['zh-Hans', 'en']],
    [['en'], 'zh', ['en']],
    [undefined, 'ms', ['ms']],
    [undefined, 'zh', ['zh-Hans']],
  ] as const)('%j, owner in %s: customers read %j', async (chosen, owner, tags) => {
    const vm = await pageFor(chosen, owner);
    const tr = i18n.translator(owner);
    const customers = (chosen ?? [owner]).map((l) => i18n.translator(l));
    expect(vm.lang).toBe(tr.htmlLang);
    const whatsapp = sheet(vm.sheets, 'whatsapp_business');
    expect(texts(whatsapp.cta)).toEqual(customers.map((c) => [c.htmlLang, c.t('kit.cta.whatsapp_business')]));
    expect(whatsapp.reason.map((r) => r.lang)).toEqual(tags);
    expect(whatsapp.consent.map((r) => r.lang)).toEqual(tags);
    expect(whatsapp.bilingual).toBe(tags.length === 2);
    // The QR code's name, for whoever scans: the main language.
    expect(whatsapp.qrLabel.lang).toBe(tags[0]);
    // A trial channel says so in each language.
    expect(sheet(vm.sheets, 'telegram').trial.map((x) => x.lang)).toEqual(tags);
    // The owner's words stay the owner's.
    expect(whatsapp.posterLabel).toBe(
      tr.t('kit.poster.label', { channel: tr.t('channel.whatsapp_business') }),
    );
    expect(vm.notes).toEqual([]);
    expect(vm.languagesNote).toBe(
      chosen === undefined
        ? tr.t('kit.languages.yours')
        : chosen.length === 1
          ? tr.t('kit.languages.one', { first: tr.t(`kit.language.${chosen[0]}`) })
          : tr.t('kit.languages.two', {
              first: tr.t(`kit.language.${chosen[0]}`),
              second: tr.t(`kit.language.${chosen[1]}`),
            }),
    );
  });

  it('has no poll sheets without an open poll, and the poll’s with one, last', async () => {
    expect((await pageFor(['ms', 'en'], 'en')).sheets.map((s) => s.id)).toEqual([
      'whatsapp_business',
      'email',
      'telegram',
    ]);
    const url = 'https://kanal.example/p/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
    const vm = await pageFor(['ms', 'en'], 'zh', url);
    expect(vm.pollOpen).toBe(true);
    const poll = sheet(vm.sheets, 'poll');
    expect(vm.sheets.at(-1)).toBe(poll);
    const ms = i18n.translator('ms');
    const en = i18n.translator('en');
    const zh = i18n.translator('zh');
    expect(texts(poll.cta)).toEqual([
      ['ms', ms.t('poll.card.cta')],
      ['en', en.t('poll.card.cta')],
    ]);
    expect(texts(poll.cardCta)).toEqual([
      ['ms', ms.t('kit.poll.card_cta')],
      ['en', en.t('kit.poll.card_cta')],
    ]);
    expect(texts(poll.reason)).toEqual([
      ['ms', ms.t('poll.card.privacy')],
      ['en', en.t('poll.card.privacy')],
    ]);
    // The staff line is for the owner's people: the owner's language.
    expect(poll.staff).toEqual({ lang: 'zh-Hans', text: zh.t('poll.card.staff') });
    expect(poll.link.map((p) => p.text).join('')).toBe(url.replace('https://', ''));
    expect(poll.link.filter((p) => p.nowrap).map((p) => p.text)).toEqual(['0123456789']);
    expect(poll.qr.size).toBeGreaterThan(20);
  });

  it('prints a page saying what to add when there is nothing to print, poll or not', async () => {
    const tr = i18n.translator('en');
    const input = {
      i18n,
      tr,
      answers: answers({ business: { country: 'ID', sector: 'food' }, contact: undefined }),
      plan: PLAN,
    };
    const vm = await kitPageView(input, { contactHref: '/r/x/change' });
    expect(vm.nothingToPrint).toBe(true);
    expect(vm.sheets).toEqual([]);
    expect(vm.contactHref).toBe('/r/x/change');
    expect(vm.notes).toContain(tr.t('kit.note.add_contacts'));
    const withPoll = await kitPageView(input, { pollUrl: 'https://kanal.example/p/x' });
    expect(withPoll.nothingToPrint).toBe(true);
    expect(withPoll.sheets.map((s) => s.id)).toEqual(['poll']);
    expect(withPoll.sheets[0]?.cardBusiness).toEqual({
      lang: 'en',
      text: tr.t('kit.cards.business_anon'),
    });
  });
});

describe('kitSummaryView', () => {
  it('puts the link texts in the main language only, and each announcement in every language', async () => {
    const tr = i18n.translator('en');
    const vm = await kitSummaryView({ i18n, tr, answers: answers(withLanguages(['zh', 'en'])), plan: PLAN });
    const whatsapp = vm.items.find((i) => i.channel === 'whatsapp_business')!;
    const greeting = i18n.translator('zh').t('kit.link.whatsapp_greeting', { business: 'Kedai Mak Cik' });
    expect(whatsapp.url).toBe(`https://wa.me/6591234567?text=${encodeURIComponent(greeting)}`);
    // The owner's view of the item: the owner's language.
    expect(whatsapp.name).toBe('WhatsApp Business');
    expect(whatsapp.qrLabel).toBe(
      tr.t('kit.qr.label.wa_me', { business: 'Kedai Mak Cik', link: 'wa.me/6591234567' }),
    );
    for (const a of vm.announcements) {
      expect(a.texts.map((x) => x.lang)).toEqual(['zh-Hans', 'en']);
      expect(a.texts.map((x) => x.textLabel)).toEqual(['Text in Chinese (Simplified)', 'Text in English']);
      expect(new Set(a.texts.map((x) => x.textId)).size).toBe(2);
      // The title and help are for the owner.
      expect(a.title).toBe(tr.t(`kit.announce.${a.kind}.title`));
    }
    const email = vm.announcements.find((a) => a.kind === 'email')!;
    expect(email.texts[0]?.subject?.text).toBe(
      i18n.translator('zh').t('kit.announce.email.subject', { business: 'Kedai Mak Cik' }),
    );
    expect(email.texts[1]?.subject?.text).toBe(
      tr.t('kit.announce.email.subject', { business: 'Kedai Mak Cik' }),
    );
  });

  it('keeps the plain labels when the customers read the owner’s language', async () => {
    const tr = i18n.translator('ms');
    const vm = await kitSummaryView({ i18n, tr, answers: answers(withLanguages()), plan: PLAN });
    for (const a of vm.announcements) {
      expect(a.texts.map((x) => [x.lang, x.textLabel])).toEqual([['ms', tr.t('kit.announce.text_label')]]);
    }
    expect(vm.facts.every((f) => f.text.length > 0)).toBe(true);
  });
});

describe('the contact page’s language fields', () => {
  const contact = pageById('contact');
  const salon = answers(withLanguages());

  it.each([
    [{ customerLanguage: 'ms', secondLanguage: 'en' }, ['ms', 'en']],
    [{ customerLanguage: 'zh', secondLanguage: 'none' }, ['zh']],
    [{ customerLanguage: 'id', secondLanguage: '' }, ['id']],
    [{ customerLanguage: '', secondLanguage: 'none' }, undefined],
    [{}, undefined],
  ])('%j gives customers.languages %j', (values, expected) => {
    const parsed = contact.parse(values);
    expect(parsed.ok).toBe(true);
    const pages = { ...pagesFromAnswers(salon), contact: values };
    const made = answersOfDraft(pages);
    expect(made.ok ? made.value.customers.languages : 'invalid').toEqual(expected);
  });

  it.each([
    [{ customerLanguage: 'ms', secondLanguage: 'ms' }, 'secondLanguage', 'validation.languages_repeated'],
    [{ customerLanguage: '', secondLanguage: 'en' }, 'customerLanguage', 'validation.required'],
    [{ customerLanguage: 'fr' }, 'customerLanguage', 'validation.one_of'],
    [{ customerLanguage: 'en', secondLanguage: 'de' }, 'secondLanguage', 'validation.one_of'],
  ])('%j: an error on %s (%s)', (values, field, key) => {
    const parsed = contact.parse(values);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => [e.field, e.message.key])).toEqual([[field, key]]);
  });

  it('reads stored languages back as the form values (so a change keeps them)', () => {
    const two = answers(withLanguages(['zh', 'en']));
    expect(contact.fromAnswers(two)).toMatchObject({ customerLanguage: 'zh', secondLanguage: 'en' });
    expect(contact.fromAnswers(answers(withLanguages(['ms'])))).toMatchObject({
      customerLanguage: 'ms',
      secondLanguage: 'none',
    });
    expect(contact.fromAnswers(salon)).toMatchObject({ customerLanguage: '', secondLanguage: '' });
    for (const a of [two, salon]) {
      const again = answersOfDraft(pagesFromAnswers(a), a);
      expect(again.ok && again.value).toEqual(a);
    }
  });
});
