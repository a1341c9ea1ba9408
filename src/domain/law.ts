/**
 * The consent rules Kanal states, as they are (advice-review §3), each with its sources and the
 * date they were last checked against them. The action plan (engine.consent.*) and the kit
 * (kit.fact.consent_rules.*) word them; this table says where each comes from.
 *
 * - Singapore, email: the Spam Control Act's Second Schedule (<ADV> in the subject, an unsubscribe
 *   facility, acted on within 10 business days) applies to UNSOLICITED commercial messages sent in
 *   bulk. Emails to customers who gave their address and agreed are not unsolicited.
 * - Singapore, WhatsApp and SMS (messages to Singapore phone numbers): the Do Not Call provisions
 *   of the PDPA apply to marketing messages sent to Singapore numbers, also through apps such as
 *   WhatsApp: check the DNC Register, or have the customer's clear consent; a business in an
 *   ongoing relationship with a customer may send related offers with an easy opt-out. SMS with an
 *   alphanumeric sender ID must be registered with the SMS Sender ID Registry (since 31 Jan 2023)
 *   or it is marked "Likely-SCAM".
 * - Singapore, Telegram: messages go to usernames, not phone numbers, and channel posts only to
 *   people who joined; the Spam Control Act covers unsolicited bulk messages to instant-messaging
 *   accounts (since 2021, Act 40 of 2020).
 * - Indonesia: the Personal Data Protection Law (Law No. 27 of 2022), fully in force since its
 *   transition ended on 17 October 2024: with consent as the lawful basis it must be explicit, and
 *   customers may withdraw it.
 * - Malaysia: the Personal Data Protection Act 2010 (as amended in 2024): consent for direct
 *   marketing, and section 43 lets a customer require you to stop.
 */
import type { AdvisedChannel } from './answers.js';
import { channelDefinition } from './channels.js';
import { consentRegime, countryInText } from './countries.js';
import { constantMessage, type Message, message } from './message.js';

/** The day the rules below were last checked against their sources. */
export const LAW_CHECKED = '2026-12-01';

export interface LawSource {
  readonly id: string;
  readonly title: string;
  readonly url: string;
  /** ISO date the rule was last checked against this source. */
  readonly checked: string;
  /** Kanal's note on the source (kit.source.note.<id>: what it covers, from when), never its title. */
  readonly note?: Message;
}

function source(id: string, title: string, url: string, withNote = false): LawSource {
  return Object.freeze({
    id,
    title,
    url,
    checked: LAW_CHECKED,
    ...(withNote ? { note: message(`kit.source.note.${id}`) } : {}),
  });
}

export const LAW_SOURCES = Object.freeze({
  'sg-spam-control-act-sch2': source(
    'sg-spam-control-act-sch2',
    'Singapore Spam Control Act 2007, Second Schedule: requirements for unsolicited commercial electronic messages',
    'https://sso.agc.gov.sg/Act/SCA2007?ProvIds=Sc2-',
  ),
  'sg-spam-control-act-s4a': source(
    'sg-spam-control-act-s4a',
    'Singapore Spam Control Act, as amended by Act 40 of 2020 (instant messaging accounts)',
    'https://sso.agc.gov.sg/Act/SCA2007',
  ),
  'pdpc-dnc-guidelines': source(
    'pdpc-dnc-guidelines',
    'PDPC: Advisory Guidelines on the Do Not Call Provisions (revised 1 February 2021)',
    'https://www.pdpc.gov.sg/guidelines-and-consultation/2020/03/advisory-guidelines-on-the-do-not-call-provisions',
  ),
  'imda-sms-sender-id': source(
    'imda-sms-sender-id',
    'IMDA: SMS Sender ID Registry',
    'https://www.imda.gov.sg/regulations-and-licensing-listing/sms-sender-id-registry',
    true,
  ),
  'id-pdp-law-2022': source(
    'id-pdp-law-2022',
    'Baker McKenzie: Indonesia, customer and data subject consents',
    'https://resourcehub.bakermckenzie.com/en/resources/cloud-compliance-center/apac/indonesia/topics/customer-data-subject-consents',
    true,
  ),
  'my-pdpa-s43': source(
    'my-pdpa-s43',
    'Malaysia Personal Data Protection Act 2010, section 43 (direct marketing)',
    'https://mylaw.my/legislation/act-2010-709/section-43',
  ),
} satisfies Record<string, LawSource>);

const CONSENT = Object.freeze({
  sg_email: constantMessage('engine.consent.sg_email'),
  sg_phone: constantMessage('engine.consent.sg_chat'),
  sg_telegram: constantMessage('engine.consent.sg_telegram'),
  id: constantMessage('engine.consent.id'),
  my: constantMessage('engine.consent.my'),
});
const consentOther = new Map<string, Message>();

/** The consent rule for marketing on a channel in a country (constant messages, made once). */
export function consentRule(country: string, channel: AdvisedChannel): Message {
  switch (consentRegime(country)) {
    case 'SG': {
      const def = channelDefinition(channel);
      if (def.needsAddresses) return CONSENT.sg_email;
      return def.phoneNumbers ? CONSENT.sg_phone : CONSENT.sg_telegram;
    }
    case 'ID':
      return CONSENT.id;
    case 'MY':
      return CONSENT.my;
    case 'OTHER': {
      let rule = consentOther.get(country);
      if (rule === undefined) {
        rule = constantMessage('engine.consent.other', { country: countryInText(country) });
        consentOther.set(country, rule);
      }
      return rule;
    }
  }
}
