/**
 * The migration kit (issue #4): what an owner needs to move customers to the channels the plan
 * keeps or adds: a link per channel (wa.me, t.me, mailto or the sign-up page) for QR codes and
 * posters, announcement texts ready to paste that name the business and ask for consent as the
 * country's rules require, and the platform facts that bite, each with its source.
 *
 * Pure: plain data, no HTML. Every sentence is a Message (keys in locales/<lang>/kit.json). The
 * only rendered text is what must live inside a link (the wa.me greeting, the mailto subject),
 * made with the `translate` function passed in, so the caller chooses the customers' language.
 */
import { ADVISED_CHANNELS, type AdvisedChannel, type Answers, type CustomerLanguage } from './answers.js';
import { type ConsentRegime, consentRegime } from './countries.js';
import { LAW_SOURCES } from './law.js';
import { type Message, type MessageParams, message, type Translate } from './message.js';
import { MODEL } from './model.js';
import type { Plan, Verdict } from './plan-schema.js';

export const KIT_VERSION = 1;

/** Which consent wording applies: the three countries with their own rules, or a generic one. */

export type KitVerdict = Extract<Verdict, 'keep' | 'add' | 'consider'>;

export type LinkKind = 'wa_me' | 't_me' | 'mailto' | 'signup';

export interface KitLink {
  readonly kind: LinkKind;
  /** The full link a QR code encodes. */
  readonly url: string;
  /** A short form to print under a QR code (no scheme, no query): "wa.me/6591234567". */
  readonly short: string;
  /**
   * The link to write in a message: without the pre-filled greeting or subject, and a bare
   * address for email (messaging apps link addresses themselves): "https://wa.me/6591234567".
   */
  readonly plain: string;
}

export interface KitItem {
  readonly channel: AdvisedChannel;
  readonly verdict: KitVerdict;
  /** A "consider" channel: offered as an optional trial, never as a must. */
  readonly optional: boolean;
  /** The channel's name ("Telegram"). */
  readonly name: Message;
  /** Null when the owner gave no contact for the channel: then `missing` says what to add. */
  readonly link: KitLink | null;
  readonly missing: Message | null;
  /** Poster heading: "Chat with us on WhatsApp". */
  readonly callToAction: Message;
  /** One line on why a customer would join. */
  readonly reason: Message;
  /** Accessible name of the QR code: what scanning it does. */
  readonly qrLabel: Message;
}

export type AnnouncementKind = 'whatsapp_status' | 'instagram_bio' | 'email';

export interface Announcement {
  readonly kind: AnnouncementKind;
  readonly title: Message;
  /** Where and how to use it. */
  readonly help: Message;
  /** Email subject line (email only). */
  readonly subject: Message | null;
  /** The text, one Message per line, to be joined with line breaks. */
  readonly lines: readonly Message[];
}

export interface KitSource {
  readonly id: string;
  /** The document's own title, in its own language (English), as published. */
  readonly title: string;
  readonly url: string;
  /** Kanal's note on the source ("citing the WhatsApp Help Center"), never part of its title. */
  readonly note?: Message;
  /** ISO date the rule was last checked against the source (law sources). */
  readonly checked?: string;
}

export type FactCode =
  | 'whatsapp_broadcast_limit'
  | 'whatsapp_channels'
  | 'whatsapp_broadcast_caps'
  | 'telegram_channels_vs_groups'
  | 'telegram_privacy'
  | 'whatsapp_link_not_consent'
  | 'telegram_bots_cannot_message_first'
  | 'telegram_business_premium'
  | 'consent_rules';

export interface PlatformFact {
  readonly code: FactCode;
  readonly text: Message;
  readonly sources: readonly KitSource[];
}

export interface Kit {
  readonly version: typeof KIT_VERSION;
  readonly businessName: string | null;
  readonly country: string;
  readonly regime: ConsentRegime;
  /** Primary channel first, then keep, add, and optional trials. */
  readonly items: readonly KitItem[];
  readonly announcements: readonly Announcement[];
  readonly facts: readonly PlatformFact[];
  /** The consent line printed on posters. */
  readonly consentLine: Message;
  /** Things to fix before using the kit (no business name, no contacts...). */
  readonly notes: readonly Message[];
}

/** The law sources (law.ts) as kit sources: id, title, address and the date checked. */
const LAW_KIT_SOURCES = Object.fromEntries(
  Object.values(LAW_SOURCES).map((l): [string, KitSource] => [
    l.id,
    {
      id: l.id,
      title: l.title,
      url: l.url,
      checked: l.checked,
      ...(l.note === undefined ? {} : { note: l.note }),
    },
  ]),
) as { readonly [K in keyof typeof LAW_SOURCES]: KitSource };

/** Kanal's note on a source (kit.source.note.<id>), shown after its title in the page's language. */
const note = (id: string): Message => message(`kit.source.note.${id}`);

/**
 * Sources of the platform facts: the pages data/sources.md §3 cites (the official Help Center page
 * for the broadcast limit was not retrieved; the pages below cite it).
 */
export const KIT_SOURCES = {
  'blueticks-broadcast-limit': {
    id: 'blueticks-broadcast-limit',
    title: 'Blueticks: WhatsApp broadcast limit',
    note: note('blueticks-broadcast-limit'),
    url: 'https://blueticks.co/blog/whatsapp-broadcast-limit',
  },
  'wabulksend-broadcast-vs-group': {
    id: 'wabulksend-broadcast-vs-group',
    title: 'WABulkSend: WhatsApp broadcast vs group',
    note: note('wabulksend-broadcast-vs-group'),
    url: 'https://wabulksend.com/blog/whatsapp-broadcast-vs-group-256-limit',
  },
  'meta-whatsapp-opt-in': {
    id: 'meta-whatsapp-opt-in',
    title: 'Meta for Developers: WhatsApp Business Platform, getting opt-in',
    url: 'https://developers.facebook.com/docs/whatsapp/overview/getting-opt-in/',
  },
  'vonage-whatsapp-2025': {
    id: 'vonage-whatsapp-2025',
    title: 'Vonage: WhatsApp pricing updates, 1 July 2025',
    note: note('vonage-whatsapp-2025'),
    url: 'https://api.support.vonage.com/hc/en-us/articles/19800233069084-WhatsApp-Pricing-Updates-1st-July-2025',
  },
  'tmat-bots-pm': {
    id: 'tmat-bots-pm',
    title: 'Telegram Mini Apps handbook: private chats with bots',
    url: 'https://handbook.tmat.me/en/chats/pm',
  },
  'telegram-api-business': {
    id: 'telegram-api-business',
    title: 'Telegram API: Telegram Business',
    url: 'https://core.telegram.org/api/business',
  },
  'whatsapp-channels-sg-2023': {
    id: 'whatsapp-channels-sg-2023',
    title: 'tech360.tv: WhatsApp launches Channels',
    note: note('whatsapp-channels-sg-2023'),
    url: 'https://www.tech360.tv/whatsapp-launches-channels-in-singapore',
  },
  'whatsapp-channels-one-way': {
    id: 'whatsapp-channels-one-way',
    title: 'CNBC TV18: Meta announces WhatsApp Channels, a one-way broadcast tool',
    note: note('whatsapp-channels-one-way'),
    url: 'https://www.cnbctv18.com/technology/meta-ceo-mark-zuckerberg-whatsapp-channels-roll-out-16882211.htm',
  },
  'whatsapp-broadcast-limits-2025': {
    id: 'whatsapp-broadcast-limits-2025',
    title: 'Times Catalog: WhatsApp to test limits on broadcast messages, paid broadcasts for businesses',
    note: note('whatsapp-broadcast-limits-2025'),
    url: 'https://timescatalog.com/whatsapp-will-soon-limit-number-of-broadcast-messages-users-and-businesses-can-send/',
  },
  'whatsapp-broadcast-credits-2026': {
    id: 'whatsapp-broadcast-credits-2026',
    title: 'SheetWA: WhatsApp tests paid limits for business broadcasts',
    note: note('whatsapp-broadcast-credits-2026'),
    url: 'https://sheetwa.com/news/whatsapp-broadcast-list-paid-limits/',
  },
  'telegram-faq-channels': {
    id: 'telegram-faq-channels',
    title: 'Telegram: Channels FAQ',
    note: note('telegram-faq-channels'),
    url: 'https://telegram.org/faq_channels',
  },
  'telegram-faq-secret-chats': {
    id: 'telegram-faq-secret-chats',
    title: 'Telegram FAQ: cloud chats and end-to-end encrypted secret chats',
    url: 'https://telegram.org/faq#q-how-are-secret-chats-different',
  },
  'telegram-ads-basics': {
    id: 'telegram-ads-basics',
    title: 'Telegram Ad Platform',
    note: note('telegram-ads-basics'),
    url: 'https://promote.telegram.org/basics',
  },
  ...LAW_KIT_SOURCES,
} as const satisfies Record<string, KitSource>;

/** The WhatsApp Business app's broadcast list size: the model's figure (data/SOURCES.md). */
const WHATSAPP_BROADCAST_LIST_SIZE = MODEL.broadcastListCap.value;

const VERDICT_ORDER: Readonly<Record<KitVerdict, number>> = { keep: 0, add: 1, consider: 2 };

/** A message naming the business, or its "_anon" twin (worded with "we") when there is no name. */
function named(key: string, name: string | null, params: MessageParams = {}): Message {
  return name === null ? message(`${key}_anon`, params) : message(key, { ...params, business: name });
}

// ---------------------------------------------------------------------------------------------
// The customers' languages

/**
 * The languages the kit speaks to customers in, main first: the owner's choice
 * (`customers.languages`: one of CUSTOMER_LANGUAGES, or two), else the language the owner is
 * using (`ownerLanguage`, the page's).
 */
export function kitLanguages(answers: Answers, ownerLanguage: string): readonly string[] {
  const chosen = answers.customers.languages;
  if (chosen !== undefined && chosen.length > 0) return [...new Set<CustomerLanguage>(chosen)];
  return [ownerLanguage];
}

// ---------------------------------------------------------------------------------------------
// Links

/** https://wa.me/<digits>?text=<greeting>: digits only (country code first), text URL-encoded. */
export function waMeLink(digits: string, text?: string): string {
  // E.164: at most 15 digits; the shortest real numbers (Niue, Saint Helena) have 7.
  if (!/^[1-9]\d{5,14}$/.test(digits)) throw new Error('A wa.me number is 6-15 digits, country code first.');
  return text ? `https://wa.me/${digits}?text=${encodeURIComponent(text)}` : `https://wa.me/${digits}`;
}

/** https://t.me/<name> for a public username or channel. */
export function tMeLink(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$/.test(name)) throw new Error('Not a Telegram username.');
  return `https://t.me/${name}`;
}

/** mailto:<address>?subject=<subject> (RFC 6068): unsafe characters of the address percent-encoded. */
export function mailtoLink(address: string, subject?: string): string {
  const addr = address.replace(/[^A-Za-z0-9\-._~!$'()*+,;=:@]/gu, (c) => encodeURIComponent(c));
  return subject ? `mailto:${addr}?subject=${encodeURIComponent(subject)}` : `mailto:${addr}`;
}

/** What to print under a QR code: the link without its scheme, query or trailing slash. */
export function shortLink(url: string): string {
  if (url.startsWith('mailto:')) return decodeURIComponent(url.slice('mailto:'.length).split('?')[0] ?? '');
  return url
    .replace(/^https?:\/\/(www\.)?/i, '')
    .replace(/[?#].*$/, '')
    .replace(/\/$/, '');
}

function linkFor(channel: AdvisedChannel, answers: Answers, translate: Translate): KitLink | null {
  const contact = answers.contact;
  const name = answers.business.name ?? null;
  if (channel === 'whatsapp_business') {
    if (!contact?.whatsappNumber) return null;
    const url = waMeLink(contact.whatsappNumber, translate(named('kit.link.whatsapp_greeting', name)));
    return { kind: 'wa_me', url, short: shortLink(url), plain: waMeLink(contact.whatsappNumber) };
  }
  if (channel === 'telegram') {
    if (!contact?.telegram) return null;
    const url = tMeLink(contact.telegram);
    return { kind: 't_me', url, short: shortLink(url), plain: url };
  }
  if (contact?.signupUrl) {
    const url = contact.signupUrl;
    return { kind: 'signup', url, short: shortLink(url), plain: url };
  }
  if (contact?.email) {
    const url = mailtoLink(contact.email, translate(named('kit.link.email_subject', name)));
    return { kind: 'mailto', url, short: contact.email, plain: contact.email };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The kit

function kitItem(
  channel: AdvisedChannel,
  verdict: KitVerdict,
  answers: Answers,
  translate: Translate,
): KitItem {
  const link = linkFor(channel, answers, translate);
  const name = answers.business.name ?? null;
  return {
    channel,
    verdict,
    optional: verdict === 'consider',
    name: message(`channel.${channel}`),
    link,
    missing: link === null ? message(`kit.missing.${channel}`) : null,
    callToAction: message(`kit.cta.${channel}`),
    reason: message(`kit.reason.${channel}`),
    qrLabel:
      link === null ? message('kit.qr.none') : named(`kit.qr.label.${link.kind}`, name, { link: link.short }),
  };
}

/**
 * Builds the kit for the channels the plan keeps or adds (and, marked optional, those it says to
 * consider). `translate` renders the wa.me greeting and the mailto subject that go inside links.
 */
export function buildKit(answers: Answers, plan: Plan, translate: Translate): Kit {
  const name = answers.business.name ?? null;
  const regime = consentRegime(answers.business.country);
  const items = ADVISED_CHANNELS.flatMap((channel) => {
    const advice = plan.channels[channel];
    const verdict = advice.verdict;
    if (verdict === 'skip') return [];
    return [{ item: kitItem(channel, verdict, answers, translate), primary: advice.primary }];
  })
    .sort(
      (a, b) =>
        Number(b.primary) - Number(a.primary) ||
        VERDICT_ORDER[a.item.verdict] - VERDICT_ORDER[b.item.verdict],
    )
    .map((x) => x.item);

  const notes: Message[] = [];
  if (name === null) notes.push(message('kit.note.add_name'));
  if (items.some((i) => i.link === null)) notes.push(message('kit.note.add_contacts'));

  return {
    version: KIT_VERSION,
    businessName: name,
    country: answers.business.country,
    regime,
    items,
    announcements: announcements(answers, plan, items, regime),
    facts: platformFacts(answers, items, regime),
    consentLine: named(`kit.consent.poster.${regime}`, name),
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Announcements

function linkLines(items: readonly KitItem[], except: AdvisedChannel | null): Message[] {
  return items
    .filter((i) => i.link !== null && i.channel !== except)
    .map((i) =>
      message(i.optional ? 'kit.announce.link_line_trial' : 'kit.announce.link_line', {
        channel: i.name,
        link: i.link?.plain ?? '',
      }),
    );
}

function announcements(
  answers: Answers,
  plan: Plan,
  items: readonly KitItem[],
  regime: ConsentRegime,
): Announcement[] {
  const name = answers.business.name ?? null;
  const out: Announcement[] = [];
  const usesWhatsapp =
    plan.channels.whatsapp_business.inUse || items.some((i) => i.channel === 'whatsapp_business');
  const whatsappLines = linkLines(items, 'whatsapp_business');
  if (usesWhatsapp && whatsappLines.length > 0) {
    out.push({
      kind: 'whatsapp_status',
      title: message('kit.announce.whatsapp_status.title'),
      help: message('kit.announce.whatsapp_status.help'),
      subject: null,
      lines: [
        named('kit.announce.whatsapp_status.intro', name),
        ...whatsappLines,
        named(`kit.consent.message.${regime}`, name),
      ],
    });
  }

  const bioLines = items
    .filter((i) => i.link !== null)
    .map((i) => message('kit.announce.bio.link_line', { channel: i.name, link: i.link?.short ?? '' }));
  if (bioLines.length > 0) {
    out.push({
      kind: 'instagram_bio',
      title: message('kit.announce.instagram_bio.title'),
      help: message('kit.announce.instagram_bio.help'),
      subject: null,
      lines: [...bioLines, message('kit.announce.bio.consent')],
    });
  }

  const hasEmailList =
    plan.channels.email.inUse ||
    items.some((i) => i.channel === 'email' && !i.optional) ||
    (answers.customers.emailOnFilePercent ?? 0) > 0;
  const emailLines = linkLines(items, 'email');
  if (hasEmailList && emailLines.length > 0) {
    const address = answers.contact?.email;
    out.push({
      kind: 'email',
      title: message('kit.announce.email.title'),
      help: message(regime === 'SG' ? 'kit.announce.email.help_SG' : 'kit.announce.email.help'),
      subject: named(regime === 'SG' ? 'kit.announce.email.subject_SG' : 'kit.announce.email.subject', name),
      lines: [
        message('kit.announce.email.greeting'),
        named('kit.announce.email.intro', name),
        ...emailLines,
        named(`kit.consent.email.${regime}`, name),
        address
          ? message(`kit.announce.email.unsubscribe_address.${regime === 'SG' ? 'SG' : 'other'}`, { address })
          : message(`kit.announce.email.unsubscribe_reply.${regime === 'SG' ? 'SG' : 'other'}`),
        named('kit.announce.email.signoff', name),
      ],
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Platform facts

function platformFacts(answers: Answers, items: readonly KitItem[], regime: ConsentRegime): PlatformFact[] {
  const facts: PlatformFact[] = [];
  const has = (channel: AdvisedChannel, firm = true) =>
    items.some((i) => i.channel === channel && (!firm || !i.optional));
  const s = KIT_SOURCES;

  const broadcasting =
    answers.purposes.includes('promotions') || answers.whatsappFeatures.includes('broadcast');
  if (has('whatsapp_business') && broadcasting) {
    const audience = answers.broadcastAudience ?? 0;
    facts.push({
      code: 'whatsapp_broadcast_limit',
      text:
        audience > WHATSAPP_BROADCAST_LIST_SIZE
          ? message('kit.fact.whatsapp_broadcast_limit_lists', {
              limit: WHATSAPP_BROADCAST_LIST_SIZE,
              audience,
              lists: Math.ceil(audience / WHATSAPP_BROADCAST_LIST_SIZE),
            })
          : message('kit.fact.whatsapp_broadcast_limit', { limit: WHATSAPP_BROADCAST_LIST_SIZE }),
      sources: [s['blueticks-broadcast-limit'], s['wabulksend-broadcast-vs-group']],
    });
    if (audience > WHATSAPP_BROADCAST_LIST_SIZE)
      facts.push({
        code: 'whatsapp_channels',
        text: message('kit.fact.whatsapp_channels'),
        sources: [s['whatsapp-channels-sg-2023'], s['whatsapp-channels-one-way']],
      });
    facts.push({
      code: 'whatsapp_broadcast_caps',
      text: message('kit.fact.whatsapp_broadcast_caps'),
      sources: [s['whatsapp-broadcast-limits-2025'], s['whatsapp-broadcast-credits-2026']],
    });
  }
  if (items.some((i) => i.link?.kind === 'wa_me')) {
    facts.push({
      code: 'whatsapp_link_not_consent',
      text: message('kit.fact.whatsapp_link_not_consent'),
      sources: [s['meta-whatsapp-opt-in'], s['vonage-whatsapp-2025']],
    });
  }
  // A Telegram trial meets the same walls as a firm Telegram channel.
  if (has('telegram', false)) {
    facts.push(
      {
        code: 'telegram_bots_cannot_message_first',
        text: message('kit.fact.telegram_bots_cannot_message_first'),
        sources: [s['tmat-bots-pm']],
      },
      {
        code: 'telegram_business_premium',
        text: message('kit.fact.telegram_business_premium'),
        sources: [s['telegram-api-business']],
      },
      {
        code: 'telegram_channels_vs_groups',
        text: message('kit.fact.telegram_channels_vs_groups'),
        sources: [s['telegram-faq-channels']],
      },
      {
        code: 'telegram_privacy',
        text: message('kit.fact.telegram_privacy'),
        sources: [s['telegram-faq-secret-chats'], s['telegram-ads-basics']],
      },
    );
  }
  if (items.length > 0) {
    facts.push({
      code: 'consent_rules',
      text: message(`kit.fact.consent_rules.${regime}`),
      sources:
        regime === 'SG'
          ? [
              s['sg-spam-control-act-sch2'],
              s['sg-spam-control-act-s4a'],
              s['pdpc-dnc-guidelines'],
              s['imda-sms-sender-id'],
            ]
          : regime === 'ID'
            ? [s['id-pdp-law-2022']]
            : regime === 'MY'
              ? [s['my-pdpa-s43']]
              : [s['meta-whatsapp-opt-in']],
    });
  }
  return facts;
}
