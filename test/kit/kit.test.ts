import { describe, expect, it } from 'vitest';
import {
  buildKit,
  type FactCode,
  KIT_SOURCES,
  type Kit,
  mailtoLink,
  shortLink,
  tMeLink,
  waMeLink,
} from '../../src/domain/kit.js';
import type { Message } from '../../src/domain/message.js';
import { answers, plan, tr } from './fixtures.js';

const text = (m: Message) => tr.render(m);
const announcement = (kit: Kit, kind: string) => {
  const a = kit.announcements.find((x) => x.kind === kind);
  if (!a) throw new Error(`no ${kind} announcement`);
  return { subject: a.subject ? text(a.subject) : null, body: a.lines.map(text).join('\n') };
};
const factCodes = (kit: Kit): FactCode[] => kit.facts.map((f) => f.code);

describe('kit links', () => {
  it('builds wa.me, t.me and mailto links from the contact block', () => {
    const kit = buildKit(answers(), plan(), tr.render);
    const byChannel = Object.fromEntries(kit.items.map((i) => [i.channel, i.link]));
    expect(byChannel.whatsapp_business?.url).toBe(
      `https://wa.me/6591234567?text=${encodeURIComponent("Hi Enso Hair Studio! I'd like to chat with you on WhatsApp.")}`,
    );
    expect(byChannel.whatsapp_business?.short).toBe('wa.me/6591234567');
    expect(byChannel.whatsapp_business?.plain).toBe('https://wa.me/6591234567');
    expect(byChannel.telegram?.url).toBe('https://t.me/ensohair');
    expect(byChannel.email?.url).toBe(
      `mailto:hello@enso.example.com?subject=${encodeURIComponent('Please add me to the Enso Hair Studio email list')}`,
    );
    expect(byChannel.email?.plain).toBe('hello@enso.example.com');
  });

  it('prefers the sign-up page to a mailto link for email', () => {
    const a = answers({ contact: { email: 'a@b.example.com', signupUrl: 'https://enso.example.com/join/' } });
    const email = buildKit(a, plan(), tr.render).items.find((i) => i.channel === 'email');
    expect(email?.link).toEqual({
      kind: 'signup',
      url: 'https://enso.example.com/join/',
      short: 'enso.example.com/join',
      plain: 'https://enso.example.com/join/',
    });
  });

  it.each([
    'Kopi & Roti #1',
    'Salon Cantik 💇‍♀️✨',
    'Kedai Makan Pak Ali – masakan Melayu',
    'Warung Bu Sri: nasi goreng 100%',
    '美发沙龙 (牛车水)',
    'a+b=c?d/e',
  ])('round-trips the business name %j through the wa.me text', (name) => {
    const a = answers({ business: { name, country: 'MY', sector: 'food' } });
    const link = buildKit(a, plan(), tr.render).items.find((i) => i.channel === 'whatsapp_business')?.link;
    expect(link).toBeTruthy();
    const url = new URL(link?.url ?? '');
    expect(url.origin + url.pathname).toBe('https://wa.me/6591234567');
    expect([...url.searchParams.keys()]).toEqual(['text']);
    expect(url.searchParams.get('text')).toBe(`Hi ${name}! I'd like to chat with you on WhatsApp.`);
    expect(link?.url).not.toMatch(/[\s#&]/u);
    expect(url.hash).toBe('');
  });

  it('does not interpolate translation syntax found in a business name', () => {
    const a = answers({ business: { name: '{{business}} $t(kit.heading)', country: 'SG', sector: 'food' } });
    const link = buildKit(a, plan(), tr.render).items[0]?.link;
    expect(new URL(link?.url ?? '').searchParams.get('text')).toBe(
      "Hi {{business}} $t(kit.heading)! I'd like to chat with you on WhatsApp.",
    );
  });

  it('uses "we" wording when the business has no name', () => {
    const a = answers({ business: { country: 'SG', sector: 'food' } });
    const kit = buildKit(a, plan(), tr.render);
    expect(kit.businessName).toBeNull();
    expect(new URL(kit.items[0]?.link?.url ?? '').searchParams.get('text')).toBe(
      "Hi! I'd like to chat with you on WhatsApp.",
    );
    expect(kit.notes.map((n) => n.key)).toContain('kit.note.add_name');
    const status = announcement(kit, 'whatsapp_status').body;
    expect(status).toContain('News from us');
    expect(status).not.toMatch(/undefined|\{\{/);
  });

  it('gives a "add your contact" item instead of a link when a contact is missing', () => {
    const a = answers({ contact: { whatsappNumber: '6591234567' } });
    const kit = buildKit(a, plan({ whatsapp_business: 'keep', telegram: 'add', email: 'add' }), tr.render);
    const telegram = kit.items.find((i) => i.channel === 'telegram');
    const email = kit.items.find((i) => i.channel === 'email');
    expect(telegram?.link).toBeNull();
    expect(email?.link).toBeNull();
    expect(text(telegram?.missing ?? { key: 'x' })).toMatch(/Add your Telegram username/);
    expect(text(email?.missing ?? { key: 'x' })).toMatch(/Add your email address/);
    expect(kit.notes.map((n) => n.key)).toContain('kit.note.add_contacts');
    // No link, nothing about it in the texts.
    for (const a of kit.announcements) expect(a.lines.map(text).join('\n')).not.toMatch(/t\.me|mailto/);
  });

  it('has no contact block at all: every item asks for its contact', () => {
    const a = answers({ contact: undefined });
    const kit = buildKit(a, plan(), tr.render);
    expect(kit.items.every((i) => i.link === null && i.missing !== null)).toBe(true);
    expect(kit.announcements).toEqual([]);
    expect(factCodes(kit)).not.toContain('whatsapp_link_not_consent');
  });

  it('checks link parts', () => {
    expect(() => waMeLink('+6591234567')).toThrow();
    expect(() => tMeLink('bad name')).toThrow();
    expect(mailtoLink('a+b@example.com')).toBe('mailto:a+b@example.com');
    expect(mailtoLink('ä@example.com')).toBe('mailto:%C3%A4@example.com');
    expect(shortLink('https://www.example.com/a/?x=1#y')).toBe('example.com/a');
  });
});

describe('kit items', () => {
  it('includes only kept and added channels, with "consider" as an optional trial, primary first', () => {
    const kit = buildKit(
      answers(),
      plan({ whatsapp_business: 'keep', telegram: 'consider', email: 'add' }),
      tr.render,
    );
    expect(kit.items.map((i) => [i.channel, i.verdict, i.optional])).toEqual([
      ['whatsapp_business', 'keep', false],
      ['email', 'add', false],
      ['telegram', 'consider', true],
    ]);
  });

  it('leaves out skipped channels everywhere', () => {
    const kit = buildKit(
      answers(),
      plan({ whatsapp_business: 'keep', telegram: 'skip', email: 'skip' }),
      tr.render,
    );
    expect(kit.items.map((i) => i.channel)).toEqual(['whatsapp_business']);
    const all = kit.announcements.flatMap((a) => a.lines.map(text)).join('\n');
    expect(all).not.toMatch(/t\.me|Telegram|mailto|Email:/);
    expect(factCodes(kit)).not.toContain('telegram_bots_cannot_message_first');
  });

  it('renders every message of the kit in English (strict: no missing key)', () => {
    for (const country of ['SG', 'ID', 'MY', 'US']) {
      for (const name of ['Enso', undefined]) {
        const a = answers({
          business: { name, country, sector: 'beauty' },
          customers: { ageMix: answers().customers.ageMix, emailOnFilePercent: 40 },
        });
        const kit = buildKit(
          a,
          plan({ whatsapp_business: 'keep', telegram: 'add', email: 'add' }, country),
          tr.render,
        );
        const messages: Message[] = [
          kit.consentLine,
          ...kit.notes,
          ...kit.items.flatMap((i) => [
            i.name,
            i.callToAction,
            i.reason,
            i.qrLabel,
            ...(i.missing ? [i.missing] : []),
          ]),
          ...kit.announcements.flatMap((x) => [
            x.title,
            x.help,
            ...(x.subject ? [x.subject] : []),
            ...x.lines,
          ]),
          ...kit.facts.map((f) => f.text),
        ];
        for (const m of messages) expect(text(m)).not.toMatch(/\{\{|undefined/);
      }
    }
  });
});

describe('consent wording per country', () => {
  const kitFor = (country: string) =>
    buildKit(
      answers({ business: { name: 'Enso', country, sector: 'beauty' } }),
      plan({ whatsapp_business: 'keep', telegram: 'add', email: 'add' }, country),
      tr.render,
    );

  it('Singapore: names the business, says how to stop, unsubscribe but no <ADV> in an email to customers who agreed', () => {
    const kit = kitFor('SG');
    expect(kit.regime).toBe('SG');
    const status = announcement(kit, 'whatsapp_status').body;
    expect(status).toContain('This message is from Enso');
    expect(status).toMatch(/reply STOP/);
    const email = announcement(kit, 'email');
    // <ADV> is for unsolicited messages; this email goes only to customers who gave their address.
    expect(email.subject).not.toContain('<ADV>');
    const help = kit.announcements.find((x) => x.kind === 'email')!.help;
    expect(text(help)).toMatch(/not unsolicited/);
    expect(email.body).toMatch(/To unsubscribe, write to hello@enso\.example\.com/);
    expect(email.body).toMatch(/10 business days/);
    // Channel subscribers cannot reply: the poster says how to leave as well.
    expect(text(kit.consentLine)).toMatch(/reply STOP in a chat.*leave our channel/);
    const rules = kit.facts.find((f) => f.code === 'consent_rules');
    expect(text(rules?.text ?? { key: 'x' })).toMatch(
      /Spam Control Act.*unsolicited.*Do Not Call Register.*ongoing relationship.*Sender ID Registry/s,
    );
    expect(rules?.sources.map((s) => s.id)).toEqual([
      'sg-spam-control-act-sch2',
      'sg-spam-control-act-s4a',
      'pdpc-dnc-guidelines',
      'imda-sms-sender-id',
    ]);
    for (const s of rules?.sources ?? []) expect(s.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('Indonesia: explicit consent and withdrawal under the PDP Law 2022', () => {
    const kit = kitFor('ID');
    const status = announcement(kit, 'whatsapp_status').body;
    expect(status).toMatch(/explicit consent/);
    expect(status).toMatch(/withdraw/);
    expect(status).toMatch(/Law No\. 27 of 2022/);
    const email = announcement(kit, 'email');
    expect(email.subject).not.toContain('<ADV>');
    expect(email.body).toMatch(/Personal Data Protection Law/);
    expect(email.body).toMatch(/unsubscribe/i);
    expect(text(kit.consentLine)).toMatch(/Law No\. 27 of 2022/);
    expect(kit.facts.find((f) => f.code === 'consent_rules')?.sources.map((s) => s.id)).toEqual([
      'id-pdp-law-2022',
    ]);
  });

  it('Malaysia: consent first and the right to stop direct marketing (PDPA 2010 s.43)', () => {
    const kit = kitFor('MY');
    const status = announcement(kit, 'whatsapp_status').body;
    expect(status).toMatch(/only with your consent/);
    expect(status).toMatch(/stop direct marketing/);
    expect(status).toMatch(/Personal Data Protection Act 2010 \(section 43\)/);
    expect(announcement(kit, 'email').body).toMatch(/section 43/);
    expect(text(kit.consentLine)).toMatch(/section 43/);
  });

  it.each(['US', 'TH', 'GB'])('%s: generic consent and an easy opt-out', (country) => {
    const kit = kitFor(country);
    expect(kit.regime).toBe('OTHER');
    const status = announcement(kit, 'whatsapp_status').body;
    expect(status).toMatch(/only to people who join and say yes/);
    expect(status).toMatch(/reply STOP/);
    expect(status).not.toMatch(/Singapore|Indonesia|Malaysia|<ADV>/);
    expect(announcement(kit, 'email').subject).not.toContain('<ADV>');
  });

  it('puts the channel links in the texts', () => {
    const kit = kitFor('SG');
    expect(announcement(kit, 'whatsapp_status').body).toContain('https://t.me/ensohair');
    expect(announcement(kit, 'whatsapp_status').body).toContain('hello@enso.example.com');
    expect(announcement(kit, 'email').body).toContain('https://wa.me/6591234567');
    expect(announcement(kit, 'instagram_bio').body).toContain('wa.me/6591234567');
  });
});

describe('platform facts', () => {
  it('shows the broadcast limit only when WhatsApp is kept and used for promotions or broadcasts', () => {
    const promo = buildKit(answers({ purposes: ['promotions'], whatsappFeatures: [] }), plan(), tr.render);
    const broadcast = buildKit(answers({ purposes: [], whatsappFeatures: ['broadcast'] }), plan(), tr.render);
    const neither = buildKit(
      answers({ purposes: ['appointments'], whatsappFeatures: ['catalog'] }),
      plan(),
      tr.render,
    );
    const skipped = buildKit(
      answers(),
      plan({ whatsapp_business: 'skip', telegram: 'add', email: 'keep' }),
      tr.render,
    );
    expect(factCodes(promo)).toContain('whatsapp_broadcast_limit');
    expect(factCodes(broadcast)).toContain('whatsapp_broadcast_limit');
    expect(factCodes(neither)).not.toContain('whatsapp_broadcast_limit');
    expect(factCodes(skipped)).not.toContain('whatsapp_broadcast_limit');
    expect(factCodes(skipped)).not.toContain('whatsapp_link_not_consent');
  });

  it('counts the lists a large broadcast audience needs', () => {
    const kit = buildKit(answers({ broadcastAudience: 600 }), plan(), tr.render);
    const fact = kit.facts.find((f) => f.code === 'whatsapp_broadcast_limit');
    expect(text(fact?.text ?? { key: 'x' })).toMatch(
      /256 contacts.*saved your number.*600 people need at least 3 lists/s,
    );
  });

  it('shows the Telegram facts when Telegram is in the kit, and not otherwise', () => {
    const withTelegram = buildKit(
      answers(),
      plan({ whatsapp_business: 'keep', telegram: 'add', email: 'skip' }),
      tr.render,
    );
    expect(factCodes(withTelegram)).toEqual(
      expect.arrayContaining(['telegram_bots_cannot_message_first', 'telegram_business_premium']),
    );
    const without = buildKit(
      answers(),
      plan({ whatsapp_business: 'keep', telegram: 'skip', email: 'add' }),
      tr.render,
    );
    expect(factCodes(without)).not.toContain('telegram_bots_cannot_message_first');
    expect(factCodes(without)).not.toContain('telegram_business_premium');
  });

  it('says a wa.me link is not consent when the kit has one', () => {
    const kit = buildKit(answers(), plan(), tr.render);
    expect(factCodes(kit)).toContain('whatsapp_link_not_consent');
    const noNumber = buildKit(answers({ contact: { telegram: 'ensohair' } }), plan(), tr.render);
    expect(factCodes(noNumber)).not.toContain('whatsapp_link_not_consent');
  });

  it('gives every fact at least one source with an id, a title and an https address', () => {
    const kit = buildKit(
      answers(),
      plan({ whatsapp_business: 'keep', telegram: 'add', email: 'add' }),
      tr.render,
    );
    for (const fact of kit.facts) {
      expect(fact.sources.length).toBeGreaterThan(0);
      for (const s of fact.sources) {
        expect(KIT_SOURCES[s.id as keyof typeof KIT_SOURCES]).toEqual(s);
        expect(s.url).toMatch(/^https:\/\//);
      }
    }
  });

  it('is plain data: survives a JSON round trip', () => {
    const kit = buildKit(answers(), plan(), tr.render);
    expect(JSON.parse(JSON.stringify(kit))).toEqual(kit);
  });
});
