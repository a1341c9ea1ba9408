/**
 * The migration kit's view models (like report-view.ts for the report): the report's kit section
 * (views/partials/kit-summary.ejs) and the printable kit (views/kit.ejs, partials/kit-sheets.ejs)
 * get these and `t`, nothing else.
 *
 * Two audiences, two languages (decision 028):
 * - what the owner reads (headings, instructions, notes, platform facts, what to add) is in the
 *   page's language, the owner's;
 * - what customers read (posters, cards, the texts to paste, the WhatsApp greeting and email
 *   subject inside the links, the poll's poster) is in the customers' languages
 *   (`customers.languages`, kitLanguages): the main one, and a second one printed smaller below
 *   it. Each customer-facing text carries its BCP 47 tag for a `lang` attribute, so screen
 *   readers and the print fonts (Noto CJK for Chinese) do the right thing.
 * Link contents (the wa.me greeting, the mailto subject) are one message a customer sends, so
 * they are in the main language only.
 */
import type { Answers } from '../domain/answers.js';
import { buildKit, type Kit, type KitItem, type KitSource, kitLanguages } from '../domain/kit.js';
import type { Message } from '../domain/message.js';
import type { Plan } from '../domain/plan-schema.js';
import type { createI18n, Translator } from '../i18n.js';
import { kitQrCodes, type QrShape, qrShape } from './qr.js';

/** A text for customers, with the BCP 47 tag of its language. */
export interface Said {
  readonly lang: string;
  readonly text: string;
}

/** A piece of a short link: digits never break (a phone number stays whole). */
export interface LinkPart {
  readonly text: string;
  readonly nowrap: boolean;
}

/** One printable sheet pair: an A4 counter poster and a sheet of eight cards to cut out. */
export interface KitSheetVM {
  /** A channel, or "poll" for the customer poll's sheets. */
  readonly id: string;
  /** The owner's words: "Poster: WhatsApp Business", "Cards to cut out: ...". */
  readonly posterLabel: string;
  readonly cardsLabel: string;
  readonly businessName?: string;
  /** The business name, or "Scan to reach us" in the main language, on each card. */
  readonly cardBusiness: Said | { readonly lang?: undefined; readonly text: string };
  /** The poster's heading, in each of the customers' languages (main first). */
  readonly cta: readonly Said[];
  /** The card's heading (the poster's, or a shorter one for the poll). */
  readonly cardCta: readonly Said[];
  /** "New: we are trying this out", for a channel on trial (else empty). */
  readonly trial: readonly Said[];
  readonly qr: QrShape;
  /** The QR code's accessible name, in the main language. */
  readonly qrLabel: Said;
  readonly link: readonly LinkPart[];
  readonly reason: readonly Said[];
  readonly consent: readonly Said[];
  /** The poll's line for staff, in the owner's language. */
  readonly staff?: Said;
  /** Two languages: the poster is laid out for two (print.css .kit-poster--two). */
  readonly bilingual: boolean;
}

export interface KitItemVM {
  readonly channel: string;
  readonly name: string;
  readonly trial: boolean;
  readonly qr?: QrShape;
  readonly qrLabel: string;
  readonly url?: string;
  readonly short?: string;
  /** What to add when there is no link. */
  readonly missing?: string;
}

export interface AnnouncementTextVM {
  /** The language's tag, and the label of its texts ("Text", or "Text in Bahasa Melayu"). */
  readonly lang: string;
  readonly textId: string;
  readonly textLabel: string;
  readonly text: string;
  readonly rows: number;
  readonly subject?: { readonly id: string; readonly label: string; readonly text: string };
}

export interface AnnouncementVM {
  readonly kind: string;
  readonly title: string;
  readonly help: string;
  readonly helpId: string;
  readonly texts: readonly AnnouncementTextVM[];
}

/**
 * A source of a platform fact: its own title (English, as published: the link gets lang="en"),
 * then Kanal's words on it in the page's language, brackets included: " (checked 1 December
 * 2026)", "（2026 年 12 月 1 日核对）".
 */
export interface KitSourceVM {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  readonly aside?: string;
}

export interface KitSummaryVM {
  readonly headingLevel: number;
  readonly subLevel: number;
  readonly kitUrl?: string;
  readonly notes: readonly string[];
  /** "Texts for your customers are in ...": the customers' languages in the owner's words. */
  readonly languagesNote: string;
  readonly items: readonly KitItemVM[];
  readonly announcements: readonly AnnouncementVM[];
  readonly facts: readonly {
    readonly text: string;
    readonly sources: readonly KitSourceVM[];
  }[];
}

export interface KitPageVM {
  /** The page's language tag (the owner's). */
  readonly lang: string;
  readonly businessName?: string;
  readonly reportUrl?: string;
  readonly contactHref?: string;
  readonly notes: readonly string[];
  readonly languagesNote: string;
  /** The plan keeps or adds no channel that needs a kit. */
  readonly noChannels: boolean;
  /** Nothing to print for a channel: the page says what to add. */
  readonly nothingToPrint: boolean;
  /** The poll is open: its sheets are in `sheets` (id "poll"), and this tells the owner. */
  readonly pollOpen: boolean;
  readonly sheets: readonly KitSheetVM[];
}

export interface KitViewInput {
  readonly i18n: Pick<ReturnType<typeof createI18n>, 'translator'>;
  /** The owner's translator (the page's language). */
  readonly tr: Translator;
  readonly answers: Answers;
  readonly plan: Plan;
}

/** The customers' translators, main first, and the kit built with the main one's link texts. */
export function customerWords(input: KitViewInput): { kit: Kit; customers: readonly Translator[] } {
  const customers = kitLanguages(input.answers, input.tr.language).map((l) => input.i18n.translator(l));
  const kit = buildKit(input.answers, input.plan, customers[0]!.render);
  return { kit, customers };
}

const said = (ctr: Translator, m: Message): Said => ({ lang: ctr.htmlLang, text: ctr.render(m) });
const saidKey = (ctr: Translator, key: string): Said => ({ lang: ctr.htmlLang, text: ctr.t(key) });

function linkParts(short: string): LinkPart[] {
  return short
    .split(/(\d+)/)
    .filter((part) => part !== '')
    .map((text) => ({ text, nowrap: /^\d/.test(text) }));
}

/**
 * Which languages customers get, in the owner's words: "your language" when the owner chose
 * none, else their names ("Bahasa Melayu, with English below it").
 */
function languagesNote(input: KitViewInput, customers: readonly Translator[]): string {
  const { tr } = input;
  if (input.answers.customers.languages === undefined) return tr.t('kit.languages.yours');
  const names = customers.map((c) => tr.t(`kit.language.${c.language}`));
  return names.length === 1
    ? tr.t('kit.languages.one', { first: names[0] })
    : tr.t('kit.languages.two', { first: names[0], second: names[1] });
}

/** Kanal's words after a source's title: its note, the day it was checked, or both. */
export function sourceAside(tr: Translator, s: KitSource): string | undefined {
  const date = s.checked === undefined ? undefined : tr.formatDate(new Date(`${s.checked}T00:00:00Z`));
  const note = s.note === undefined ? undefined : tr.render(s.note);
  if (note !== undefined && date !== undefined) return tr.t('kit.source.note_checked', { note, date });
  return note ?? (date === undefined ? undefined : tr.t('kit.source.checked', { date }));
}

/** A fact's source: its title, then Kanal's note and the day it was checked, in the owner's language. */
function sourceView(tr: Translator, s: KitSource): KitSourceVM {
  const note = sourceAside(tr, s);
  return {
    id: s.id,
    title: s.title,
    url: s.url,
    ...(note === undefined ? {} : { aside: tr.t('kit.source.aside', { note }) }),
  };
}

/** The report's kit section. */
export async function kitSummaryView(
  input: KitViewInput,
  opts: { readonly kitUrl?: string; readonly headingLevel?: number } = {},
): Promise<KitSummaryVM> {
  const { tr } = input;
  const { kit, customers } = customerWords(input);
  const qr = await kitQrCodes(kit);
  const h = opts.headingLevel ?? 2;
  const ownOnly = customers.length === 1 && customers[0]!.language === tr.language;
  const items = kit.items.map((item): KitItemVM => {
    const code = item.link ? qr[item.channel] : undefined;
    return {
      channel: item.channel,
      name: tr.render(item.name),
      trial: item.optional,
      ...(code === undefined || item.link === null
        ? { missing: item.missing ? tr.render(item.missing) : tr.t('kit.item.no_link') }
        : { qr: code, url: item.link.url, short: item.link.short }),
      qrLabel: tr.render(item.qrLabel),
    };
  });
  const announcements = kit.announcements.map((a): AnnouncementVM => {
    const texts = customers.map((ctr, i): AnnouncementTextVM => {
      const suffix = i === 0 ? '' : `-${ctr.language}`;
      const language = () => tr.t(`kit.language.${ctr.language}`);
      const lines = a.lines.map((l) => ctr.render(l));
      return {
        lang: ctr.htmlLang,
        textId: `kit-${a.kind}-text${suffix}`,
        textLabel: ownOnly
          ? tr.t('kit.announce.text_label')
          : tr.t('kit.announce.text_label_in', { language: language() }),
        text: lines.join('\n'),
        rows: Math.min(14, lines.length * 2 + 1),
        ...(a.subject
          ? {
              subject: {
                id: `kit-${a.kind}-subject${suffix}`,
                label: ownOnly
                  ? tr.t('kit.announce.subject_label')
                  : tr.t('kit.announce.subject_label_in', { language: language() }),
                text: ctr.render(a.subject),
              },
            }
          : {}),
      };
    });
    return {
      kind: a.kind,
      title: tr.render(a.title),
      help: tr.render(a.help),
      helpId: `kit-${a.kind}-help`,
      texts,
    };
  });
  return {
    headingLevel: h,
    subLevel: Math.min(h + 1, 6),
    ...(opts.kitUrl === undefined ? {} : { kitUrl: opts.kitUrl }),
    notes: kit.notes.map((n) => tr.render(n)),
    languagesNote: languagesNote(input, customers),
    items,
    announcements,
    facts: kit.facts.map((f) => ({
      text: tr.render(f.text),
      sources: f.sources.map((s) => sourceView(tr, s)),
    })),
  };
}

function channelSheet(
  tr: Translator,
  kit: Kit,
  customers: readonly Translator[],
  item: KitItem & { link: NonNullable<KitItem['link']> },
  code: QrShape,
): KitSheetVM {
  const main = customers[0]!;
  const channel = tr.render(item.name);
  const cta = customers.map((c) => said(c, item.callToAction));
  return {
    id: item.channel,
    posterLabel: tr.t('kit.poster.label', { channel }),
    cardsLabel: tr.t('kit.cards.label', { channel }),
    ...(kit.businessName === null ? {} : { businessName: kit.businessName }),
    cardBusiness:
      kit.businessName === null ? saidKey(main, 'kit.cards.business_anon') : { text: kit.businessName },
    cta,
    cardCta: cta,
    trial: item.optional ? customers.map((c) => saidKey(c, 'kit.poster.trial')) : [],
    qr: code,
    qrLabel: said(main, item.qrLabel),
    link: linkParts(item.link.short),
    reason: customers.map((c) => said(c, item.reason)),
    consent: customers.map((c) => said(c, kit.consentLine)),
    bilingual: customers.length > 1,
  };
}

/** The customer poll's counter poster and cards: its QR code and short link, for a week. */
export async function pollSheet(
  tr: Translator,
  customers: readonly Translator[],
  pollUrl: string,
  businessName: string | null,
): Promise<KitSheetVM> {
  const main = customers[0]!;
  const short = pollUrl.replace(/^https?:\/\//, '');
  return {
    id: 'poll',
    posterLabel: tr.t('kit.poll.poster_label'),
    cardsLabel: tr.t('kit.poll.cards_label'),
    ...(businessName === null ? {} : { businessName }),
    cardBusiness: businessName === null ? saidKey(main, 'kit.cards.business_anon') : { text: businessName },
    cta: customers.map((c) => saidKey(c, 'poll.card.cta')),
    cardCta: customers.map((c) => saidKey(c, 'kit.poll.card_cta')),
    trial: [],
    qr: await qrShape(pollUrl),
    qrLabel: saidKey(main, 'poll.card.qr_label'),
    link: linkParts(short),
    reason: customers.map((c) => saidKey(c, 'poll.card.privacy')),
    consent: [],
    staff: saidKey(tr, 'poll.card.staff'),
    bilingual: customers.length > 1,
  };
}

/**
 * The printable kit: a poster and a card sheet per channel with a link, then, while the plan's
 * customer poll is open (`pollUrl`), the poll's.
 */
export async function kitPageView(
  input: KitViewInput,
  opts: { readonly reportUrl?: string; readonly contactHref?: string; readonly pollUrl?: string } = {},
): Promise<KitPageVM> {
  const { tr } = input;
  const { kit, customers } = customerWords(input);
  const qr = await kitQrCodes(kit);
  const sheets: KitSheetVM[] = [];
  for (const item of kit.items) {
    const code = qr[item.channel];
    if (item.link === null || code === undefined) continue;
    sheets.push(channelSheet(tr, kit, customers, { ...item, link: item.link }, code));
  }
  const nothingToPrint = sheets.length === 0;
  if (opts.pollUrl !== undefined) sheets.push(await pollSheet(tr, customers, opts.pollUrl, kit.businessName));
  return {
    lang: tr.htmlLang,
    ...(kit.businessName === null ? {} : { businessName: kit.businessName }),
    ...(opts.reportUrl === undefined ? {} : { reportUrl: opts.reportUrl }),
    ...(opts.contactHref === undefined ? {} : { contactHref: opts.contactHref }),
    notes: kit.notes.map((n) => tr.render(n)),
    languagesNote: languagesNote(input, customers),
    noChannels: kit.items.length === 0,
    nothingToPrint,
    pollOpen: opts.pollUrl !== undefined,
    sheets,
  };
}
