/**
 * Every rule of AnswersSchema, each with the path it reports and its message rendered in English
 * through the translation layer (strict: a missing key would throw).
 */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, MAX_COUNT, NAME_MAX, validateAnswers } from '../../src/domain/answers.js';
import { baseInput, translator } from './fixtures.js';

/** The errors for the base answers changed by `edit`, rendered as "path: message". */
function errorsAfter(edit: (a: Record<string, unknown> & AnswersInput) => void): string[] {
  const input = structuredClone(baseInput()) as Record<string, unknown> & AnswersInput;
  edit(input);
  const result = validateAnswers(input);
  if (result.ok) return [];
  return result.errors.map((e) => `${e.path}: ${translator.render(e.message)}`);
}

function valueAfter(edit: (a: Record<string, unknown> & AnswersInput) => void) {
  const input = structuredClone(baseInput()) as Record<string, unknown> & AnswersInput;
  edit(input);
  const result = validateAnswers(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

// Inputs below are deliberately wrong, so they are written through `unknown`.
const set = (obj: object, key: string, value: unknown) => {
  (obj as Record<string, unknown>)[key] = value;
};

describe('Answers: valid input', () => {
  it('accepts the base answers and fills defaults', () => {
    const v = valueAfter((a) => {
      delete a.concerns;
      delete a.whatsappFeatures;
      delete a.version;
    });
    expect(v.version).toBe(1);
    expect(v.concerns).toEqual({
      customerPrivacy: 'none',
      competitorDataSharing: false,
      platformDependence: false,
    });
    expect(v.whatsappFeatures).toEqual([]);
  });

  it('accepts an age mix off by up to one point (rounding by hand)', () => {
    expect(errorsAfter((a) => set(a.customers.ageMix, '60plus', 1))).toEqual([]);
  });

  it('drops unknown keys', () => {
    const v = valueAfter((a) => {
      set(a, 'favouriteColour', 'blue');
      set(a.business, 'owner', 'Tan');
    });
    expect(v).not.toHaveProperty('favouriteColour');
    expect(v.business).not.toHaveProperty('owner');
  });

  it('drops repeats in feature and purpose lists, keeping order', () => {
    const v = valueAfter((a) => {
      a.whatsappFeatures = ['labels', 'catalog', 'labels'];
      a.purposes = ['receipts', 'receipts', 'orders'];
    });
    expect(v.whatsappFeatures).toEqual(['labels', 'catalog']);
    expect(v.purposes).toEqual(['receipts', 'orders']);
  });

  it('trims the name, collapses spaces, and treats an empty name as none', () => {
    expect(valueAfter((a) => set(a.business, 'name', '  Enso   Hair  ')).business.name).toBe('Enso Hair');
    expect(valueAfter((a) => set(a.business, 'name', '   ')).business.name).toBeUndefined();
  });

  it('upper-cases and trims the country code', () => {
    expect(valueAfter((a) => set(a.business, 'country', ' my ')).business.country).toBe('MY');
  });

  it('normalises contact details', () => {
    const v = valueAfter((a) =>
      set(a, 'contact', {
        whatsappNumber: '+65 9123-4567',
        telegram: 'https://t.me/enso_hair',
        email: ' hello@example.com ',
        signupUrl: '',
      }),
    );
    expect(v.contact).toEqual({
      whatsappNumber: '6591234567',
      telegram: 'enso_hair',
      email: 'hello@example.com',
    });
  });
});

describe('Answers: every rule has a message naming the field', () => {
  const cases: [string, (a: Record<string, unknown> & AnswersInput) => void, string[]][] = [
    ['version other than 1', (a) => set(a, 'version', 2), ['version: Version must be one of: 1.']],
    [
      'business missing',
      (a) => set(a, 'business', undefined),
      ['business: Information about your business is missing: enter it.'],
    ],
    [
      'business not an object',
      (a) => set(a, 'business', 'shop'),
      ['business: Information about your business must be a group of fields (a JSON object).'],
    ],
    [
      'country missing',
      (a) => set(a.business, 'country', undefined),
      ['business.country: Country is missing: enter it.'],
    ],
    [
      'country not a code',
      (a) => set(a.business, 'country', 'XX'),
      ['business.country: Country must be a two-letter country code (ISO 3166-1), such as SG, ID or MY.'],
    ],
    ['country not text', (a) => set(a.business, 'country', 65), ['business.country: Country must be text.']],
    [
      'sector not in the list',
      (a) => set(a.business, 'sector', 'mining'),
      [
        'business.sector: Type of business must be one of: beauty, food, retail, health, education, services, other.',
      ],
    ],
    [
      'sector missing (a missing choice says so, not "must be one of")',
      (a) => set(a.business, 'sector', undefined),
      ['business.sector: Type of business is missing: enter it.'],
    ],
    ['team missing', (a) => set(a, 'team', undefined), ['team: Who answers messages is missing: enter it.']],
    [
      'name too long',
      (a) => set(a.business, 'name', 'x'.repeat(NAME_MAX + 1)),
      [`business.name: Business name must be ${NAME_MAX} characters or fewer.`],
    ],
    [
      'name with a control character',
      (a) => set(a.business, 'name', 'Enso\u0007Hair'),
      ['business.name: Business name contains invisible control characters: type it again without them.'],
    ],
    ['name not text', (a) => set(a.business, 'name', 42), ['business.name: Business name must be text.']],
    [
      'customers missing',
      (a) => set(a, 'customers', undefined),
      ['customers: Information about your customers is missing: enter it.'],
    ],
    [
      'age mix missing',
      (a) => set(a.customers, 'ageMix', undefined),
      ["customers.ageMix: Customers' ages is missing: enter it."],
    ],
    [
      'one age group missing',
      (a) => set(a.customers.ageMix, '30s', undefined),
      ['customers.ageMix.30s: Customers in their 30s is missing: enter it.'],
    ],
    [
      'age share not a number',
      (a) => set(a.customers.ageMix, '20s', '45'),
      ['customers.ageMix.20s: Customers in their 20s must be a number, like 45.'],
    ],
    [
      'age share below 0',
      (a) => {
        set(a.customers.ageMix, 'under20', -5);
        set(a.customers.ageMix, '20s', 55);
      },
      ['customers.ageMix.under20: Customers under 20 must be 0 or more.'],
    ],
    [
      'age share above 100',
      (a) => set(a.customers.ageMix, '60plus', 101),
      [
        'customers.ageMix.60plus: Customers aged 60 or over must be 100 or less.',
        'customers.ageMix: Age shares add up to 201%; they must add up to 100%.',
      ],
    ],
    [
      'age shares not adding up to 100',
      (a) => set(a.customers.ageMix, '60plus', 30),
      ['customers.ageMix: Age shares add up to 130%; they must add up to 100%.'],
    ],
    [
      'customers a month not whole',
      (a) => set(a.customers, 'activePerMonth', 12.5),
      ['customers.activePerMonth: Customers in a typical month must be a whole number, like 300.'],
    ],
    [
      'customers a month negative',
      (a) => set(a.customers, 'activePerMonth', -1),
      ['customers.activePerMonth: Customers in a typical month must be 0 or more.'],
    ],
    [
      'customers a month absurdly large',
      (a) => set(a.customers, 'activePerMonth', MAX_COUNT + 1),
      ['customers.activePerMonth: Customers in a typical month must be 100,000,000 or less.'],
    ],
    [
      'email on file above 100',
      (a) => set(a.customers, 'emailOnFilePercent', 101),
      ['customers.emailOnFilePercent: Customers whose email you have must be 100 or less.'],
    ],
    [
      'measured Telegram share above 100',
      (a) => set(a.customers, 'knownChannelUse', { telegram: 120 }),
      ['customers.knownChannelUse.telegram: Customers who use Telegram (your poll) must be 100 or less.'],
    ],
    [
      'channels not a list',
      (a) => set(a, 'channels', 'whatsapp'),
      ['channels: Channels you use today must be a list.'],
    ],
    [
      'unknown channel',
      (a) => set(a, 'channels', [{ channel: 'myspace' }]),
      [
        'channels.0.channel: Channel must be one of: whatsapp_business, whatsapp_personal, telegram, email, sms, phone, instagram, facebook, line, wechat.',
      ],
    ],
    [
      'channel listed twice',
      (a) => set(a, 'channels', [{ channel: 'telegram' }, { channel: 'email' }, { channel: 'telegram' }]),
      ['channels.2.channel: Telegram is listed more than once: list each channel once.'],
    ],
    [
      'channel share above 100',
      (a) => set(a, 'channels', [{ channel: 'email', sharePercent: 150 }]),
      [
        'channels.0.sharePercent: Share of your customer messages on this channel must be 100 or less.',
        'channels: Channel shares add up to 150%; together they can be at most 100%.',
      ],
    ],
    [
      'channel shares over 100 together',
      (a) =>
        set(a, 'channels', [
          { channel: 'email', sharePercent: 70 },
          { channel: 'telegram', sharePercent: 60 },
        ]),
      ['channels: Channel shares add up to 130%; together they can be at most 100%.'],
    ],
    [
      'too many channels',
      (a) =>
        set(
          a,
          'channels',
          Array.from({ length: 21 }, () => ({ channel: 'sms' })),
        ),
      ['channels: Channels you use today can have at most 20 entries.'],
    ],
    [
      'unknown WhatsApp feature',
      (a) => set(a, 'whatsappFeatures', ['catalog', 'stories']),
      [
        'whatsappFeatures.1: WhatsApp Business feature must be one of: catalog, broadcast, quick_replies, labels, away_message.',
      ],
    ],
    [
      'unknown purpose',
      (a) => set(a, 'purposes', ['gossip']),
      ['purposes.0: Purpose must be one of: appointments, promotions, support, orders, receipts, catalog.'],
    ],
    [
      'broadcast audience negative',
      (a) => set(a, 'broadcastAudience', -10),
      ['broadcastAudience: People you send one promotion to must be 0 or more.'],
    ],
    [
      'privacy level not in the list',
      (a) => set(a.concerns as object, 'customerPrivacy', 'extreme'),
      ["concerns.customerPrivacy: Customers' privacy worries must be one of: none, some, high."],
    ],
    [
      'competitor worry not yes/no',
      (a) => set(a.concerns as object, 'competitorDataSharing', 'yes'),
      [
        'concerns.competitorDataSharing: Worry about customer data reaching competitors must be true or false.',
      ],
    ],
    [
      'platform worry not yes/no',
      (a) => set(a.concerns as object, 'platformDependence', 1),
      ['concerns.platformDependence: Worry about relying on one platform must be true or false.'],
    ],
    [
      'team not in the list',
      (a) => set(a, 'team', 'robots'),
      ['team: Who answers messages must be one of: solo, small_team, outsourced.'],
    ],
    [
      'WhatsApp number not a phone number',
      (a) => set(a, 'contact', { whatsappNumber: '12ab' }),
      [
        'contact.whatsappNumber: WhatsApp Business number must be a phone number in international form with the country code, like +65 9123 4567.',
      ],
    ],
    [
      'Telegram name too short',
      (a) => set(a, 'contact', { telegram: '@abc' }),
      [
        'contact.telegram: Telegram username or channel must be a Telegram username: 5 to 32 letters, digits or underscores, starting with a letter, like enso_hair.',
      ],
    ],
    [
      'email address malformed',
      (a) => set(a, 'contact', { email: 'hello@' }),
      ['contact.email: Business email address must be an email address, like hello@example.com.'],
    ],
    [
      'sign-up page not a public web address',
      (a) => set(a, 'contact', { signupUrl: 'ftp://example.com/join' }),
      [
        'contact.signupUrl: Email sign-up page must be a web address starting with https:// or http://, like https://example.com/join.',
      ],
    ],
  ];

  it.each(cases)('%s', (_name, edit, expected) => {
    expect(errorsAfter(edit)).toEqual(expected);
  });

  it('rejects input that is not an object at all, as a whole', () => {
    const result = validateAnswers('hello');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `${e.path}: ${translator.render(e.message)}`)).toEqual([
      ': Your answers must be a group of fields (a JSON object).',
    ]);
  });

  it('reports every wrong field at once, one message per field', () => {
    const errors = errorsAfter((a) => {
      set(a.business, 'country', 'XX');
      set(a, 'team', undefined);
      set(a.customers, 'emailOnFilePercent', -1);
    });
    expect(errors.map((e) => e.split(':')[0])).toEqual([
      'business.country',
      'customers.emailOnFilePercent',
      'team',
    ]);
  });
});
