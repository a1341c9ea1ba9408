/**
 * Every rule of AnswersSchema, each with the path it reports and its message rendered in English
 * through the translation layer (strict: a missing key would throw).
 */
import { readFileSync } from 'node:fs';
import { type CountryCode, getExampleNumber, isSupportedCountry } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import {
  type AnswersInput,
  MAX_COUNT,
  NAME_MAX,
  parseStoredAnswers,
  validateAnswers,
} from '../../src/domain/answers.js';
import { COUNTRY_CODES } from '../../src/domain/countries.js';
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

  it('refuses unknown keys, one error each, naming them (never drops them silently)', () => {
    expect(
      errorsAfter((a) => {
        set(a, 'favouriteColour', 'blue');
        set(a.business, 'owner', 'Tan');
      }),
    ).toEqual([
      'business.owner: “business.owner” is not a field Kanal knows: remove it (see docs/openapi.yaml for the fields).',
      'favouriteColour: “favouriteColour” is not a field Kanal knows: remove it (see docs/openapi.yaml for the fields).',
    ]);
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

  it('treats a contact block with no detail in it as none, as the contact page stores it', () => {
    for (const empty of [{}, { email: '', signupUrl: '  ' }]) {
      const v = valueAfter((a) => set(a, 'contact', empty));
      expect(v.contact).toBeUndefined();
      expect(JSON.stringify(v)).not.toContain('contact');
    }
    expect(parseStoredAnswers({ ...baseInput(), contact: {} }).contact).toBeUndefined();
  });

  it('treats shares measured for no channel as none, as the knowledge page stores them', () => {
    const v = valueAfter((a) => set(a.customers, 'knownChannelUse', {}));
    expect(v.customers.knownChannelUse).toBeUndefined();
    expect(JSON.stringify(v)).not.toContain('knownChannelUse');
    const kept = valueAfter((a) => set(a.customers, 'knownChannelUse', { telegram: 0 }));
    expect(kept.customers.knownChannelUse).toEqual({ telegram: 0 });
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
        'contact.whatsappNumber: WhatsApp number must be a mobile phone number, like 9123 4567 in Singapore or +65 9123 4567 with the country code.',
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

describe('Answers: misspelled and misplaced fields name the nearest real field', () => {
  const cases: [string, (a: Record<string, unknown> & AnswersInput) => void, string][] = [
    [
      'a misspelling at the top',
      (a) => set(a, 'broadcastAudiance', 300),
      'broadcastAudiance: “broadcastAudiance” is not a field Kanal knows: did you mean broadcastAudience?',
    ],
    [
      'a field at the wrong level',
      (a) => set(a, 'knownChannelUse', { email: 40 }),
      'knownChannelUse: “knownChannelUse” is not a field Kanal knows: did you mean customers.knownChannelUse?',
    ],
    [
      'a misspelling inside an object',
      (a) => set(a.customers, 'emailOnFilePercnt', 30),
      'customers.emailOnFilePercnt: “customers.emailOnFilePercnt” is not a field Kanal knows: did you mean customers.emailOnFilePercent?',
    ],
    [
      'a misspelling inside a list element, with its index',
      (a) => set(a, 'channels', [{ channel: 'email', sharePrecent: 20 }]),
      'channels.0.sharePrecent: “channels.0.sharePrecent” is not a field Kanal knows: did you mean channels.0.sharePercent?',
    ],
    [
      'a misspelled channel in the poll results',
      (a) => set(a.customers, 'knownChannelUse', { telgram: 20 }),
      'customers.knownChannelUse.telgram: “customers.knownChannelUse.telgram” is not a field Kanal knows: did you mean customers.knownChannelUse.telegram?',
    ],
    [
      'a misspelled contact field',
      (a) => set(a, 'contact', { whatsappNumbr: '+65 9123 4567' }),
      'contact.whatsappNumbr: “contact.whatsappNumbr” is not a field Kanal knows: did you mean contact.whatsappNumber?',
    ],
  ];
  it.each(cases)('%s', (_name, edit, expected) => {
    expect(errorsAfter(edit)).toEqual([expected]);
  });
});

describe('Answers: text that is not well-formed Unicode is refused, naming the field', () => {
  const LONE = ['\ud800', '\udfff', 'a\udc00b', '\ud83d'];
  const fields: [string, (a: Record<string, unknown> & AnswersInput, bad: string) => void, string][] = [
    ['business.name', (a, bad) => set(a.business, 'name', `${bad}Salon`), 'Business name'],
    ['business.country', (a, bad) => set(a.business, 'country', `S${bad}`), 'Country'],
    [
      'contact.whatsappNumber',
      (a, bad) => set(a, 'contact', { whatsappNumber: `+65 9123 4567${bad}` }),
      'WhatsApp number',
    ],
    [
      'contact.telegram',
      (a, bad) => set(a, 'contact', { telegram: `enso${bad}hair` }),
      'Telegram username or channel',
    ],
    [
      'contact.email',
      (a, bad) => set(a, 'contact', { email: `hello${bad}@example.com` }),
      'Business email address',
    ],
    [
      'contact.signupUrl',
      (a, bad) => set(a, 'contact', { signupUrl: `https://example.com/${bad}` }),
      'Email sign-up page',
    ],
  ];
  for (const [path, edit, label] of fields) {
    it.each(LONE)(`${path} with %j`, (bad) => {
      expect(errorsAfter((a) => edit(a, bad))).toEqual([
        `${path}: ${label} contains characters that are not valid text (a broken character, often from copying): type it again.`,
      ]);
    });
  }

  it('accepts well-formed text outside the BMP (a surrogate pair is one character)', () => {
    expect(valueAfter((a) => set(a.business, 'name', 'Salon 😀 髪')).business.name).toBe('Salon 😀 髪');
  });

  it('stored rows with a lone surrogate still load (repaired, never unreadable)', () => {
    const stored = {
      ...valueAfter(() => {}),
      business: { country: 'SG', sector: 'beauty', name: '\ud800Salon' },
    };
    expect(parseStoredAnswers(stored).business.name).toBe('\ufffdSalon');
  });
});

describe("Answers: the WhatsApp number is read as written in the business's country", () => {
  const number = (country: string, whatsappNumber: string) =>
    valueAfter((a) => {
      a.business.country = country;
      set(a, 'contact', { whatsappNumber });
    }).contact?.whatsappNumber;
  const refused = (country: string, whatsappNumber: string) =>
    errorsAfter((a) => {
      a.business.country = country;
      set(a, 'contact', { whatsappNumber });
    });

  it.each([
    ['SG', '9123 4567', '6591234567'],
    ['SG', '+65 9123 4567', '6591234567'],
    // As pasted: "+" inside brackets, full-width digits (Chinese input methods), the
    // non-breaking hyphen U+2011, an en dash, a minus sign, an ideographic space.
    ['SG', '(+65) 9123-4567', '6591234567'],
    ['SG', '( +65 ) 9123 4567', '6591234567'],
    ['SG', '９１２３ ４５６７', '6591234567'],
    ['SG', '＋６５\u3000９１２３\u3000４５６７', '6591234567'],
    ['SG', '+65\u20119123\u20114567', '6591234567'],
    ['SG', '+65 9123\u20134567', '6591234567'],
    ['SG', '9123\u22124567', '6591234567'],
    ['ID', '(+62) 812\u20143456\u20147890', '6281234567890'],
    ['MY', '０１２-３４５ ６７８９', '60123456789'],
    ['SG', '6591234567', '6591234567'],
    ['ID', '0812-3456-7890', '6281234567890'],
    ['ID', '+62 0812 3456 7890', '6281234567890'],
    ['ID', '+62 812 3456 7890', '6281234567890'],
    ['MY', '012-345 6789', '60123456789'],
    ['MY', '+60 12-345 6789', '60123456789'],
    ['GB', '07400 123456', '447400123456'],
    ['SG', '+60 12-345 6789', '60123456789'],
  ])('%s: %s is stored as %s (E.164 digits, as wa.me wants)', (country, typed, stored) => {
    expect(number(country, typed)).toBe(stored);
  });

  it("every country's own example of a mobile number is read as written there, however short", () => {
    // libphonenumber's example mobile numbers, as the country writes them (national form) and
    // with the country code; some are 4 or 5 digits long (Tokelau, Tristan da Cunha, Cook Islands).
    const countries = COUNTRY_CODES.filter((c) => isSupportedCountry(c));
    expect(countries.length).toBeGreaterThan(200);
    const wrong: string[] = [];
    for (const country of countries) {
      const example = getExampleNumber(country as CountryCode, mobileExamples);
      if (example === undefined) continue;
      const e164 = example.number.slice(1);
      for (const typed of [example.formatNational(), example.formatInternational()]) {
        let got: string | undefined;
        try {
          got = number(country, typed);
        } catch (err) {
          got = (err as Error).message;
        }
        if (got !== e164) wrong.push(`${country} ${typed}: ${String(got)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('stored numbers read back unchanged (a change resubmits them)', () => {
    for (const [country, typed] of [
      ['SG', '9123 4567'],
      ['ID', '0812-3456-7890'],
      ['MY', '012-345 6789'],
    ] as const) {
      const once = number(country, typed)!;
      expect(number(country, once)).toBe(once);
      expect(number(country, `+${once}`)).toBe(once);
    }
  });

  it.each([
    ['SG', '6123 4567', 'Singapore', '8123 4567', '+65 8123 4567'],
    ['ID', '021-1234-5678', 'Indonesia', '0812-345-678', '+62 812 345 678'],
    ['MY', '03-1234 5678', 'Malaysia', '012-345 6789', '+60 12 345 6789'],
    ['SG', '1234 5678', 'Singapore', '8123 4567', '+65 8123 4567'],
  ])(
    '%s: %s (not a mobile number there) is refused with an example for that country',
    (country, typed, name, national, intl) => {
      expect(refused(country, typed)).toEqual([
        `contact.whatsappNumber: WhatsApp number must be a mobile phone number in ${name}, like ${national}, or with its country code, like ${intl}.`,
      ]);
    },
  );
});

describe('docs/openapi.yaml says Answers are strict', () => {
  const yaml = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');
  const answers = yaml.slice(yaml.indexOf('\n    Answers:\n'), yaml.indexOf('\n    Message:\n'));

  it('marks Answers and every object in it additionalProperties: false (or limits its keys)', () => {
    const objects = [...answers.matchAll(/^( +)type: object$/gm)];
    expect(objects.length).toBeGreaterThanOrEqual(7);
    for (const m of objects) {
      const indent = m[1]!;
      const block = answers.slice(m.index! + m[0].length).split(new RegExp(`\\n(?!${indent}|\\n)`))[0]!;
      expect(block, `object at ${answers.slice(0, m.index!).split('\n').length}`).toMatch(
        new RegExp(`^${indent}(additionalProperties: false|propertyNames:)`, 'm'),
      );
    }
  });

  it('gives an example of the unknown-field error', () => {
    expect(yaml).toContain('did you mean broadcastAudience?');
    expect(yaml).toContain('did you mean customers.knownChannelUse?');
  });
});

describe('a WhatsApp number in its stored form', () => {
  it('reads back as itself, in its own country and abroad', async () => {
    const { whatsappNumberFor } = await import('../../src/domain/answers.js');
    expect(whatsappNumberFor('62812345678', 'ID')).toEqual({ ok: true, value: '62812345678' });
    expect(whatsappNumberFor('6591234567', 'SG')).toEqual({ ok: true, value: '6591234567' });
    // A business's number abroad, as the API returns it, is accepted back (GET, then PUT).
    expect(whatsappNumberFor('6591234567', 'ID')).toEqual({ ok: true, value: '6591234567' });
    expect(whatsappNumberFor('6281234567890', 'SG')).toEqual({ ok: true, value: '6281234567890' });
    expect(whatsappNumberFor('6281234567890', 'ZZ')).toEqual({ ok: true, value: '6281234567890' });
  });

  it('never reads a number written in a national form as one abroad', async () => {
    const { whatsappNumberFor } = await import('../../src/domain/answers.js');
    expect(whatsappNumberFor('65 9123 4567', 'ID').ok).toBe(false);
    expect(whatsappNumberFor('62-812-3456-7890', 'SG').ok).toBe(false);
    // Not a mobile number anywhere: refused as before.
    expect(whatsappNumberFor('6561234567', 'ID').ok).toBe(false);
  });
});

describe('Answers: a whole number far too big quotes the field’s own maximum', () => {
  const poll = (responses: number) => ({
    responses,
    counts: { whatsapp: 'most', telegram: 'fewer', email: 'fewer' },
    on: '2026-02-01',
  });
  it.each([
    ['customers.activePerMonth', 1e16],
    ['customers.activePerMonth', 1e20],
    ['customers.activePerMonth', 200_000_000],
    ['broadcastAudience', 1e20],
    ['customers.poll.responses', 1e20],
  ])('%s: %d', (path, value) => {
    const errors = errorsAfter((a) => {
      if (path === 'broadcastAudience') set(a, 'broadcastAudience', value);
      else if (path === 'customers.activePerMonth') set(a.customers, 'activePerMonth', value);
      else set(a.customers, 'poll', poll(value));
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^${path.replace(/\./g, '\\.')}: .* must be 100,000,000 or less\\.$`),
    );
  });

  it('still says "whole number" for a fraction, and "0 or more" far below zero', () => {
    expect(errorsAfter((a) => set(a.customers, 'activePerMonth', 1.5))[0]).toMatch(/whole number/);
    expect(errorsAfter((a) => set(a.customers, 'activePerMonth', -1e20))[0]).toMatch(/must be 0 or more\.$/);
  });
});

describe('Answers: invisible and direction-changing characters in text', () => {
  it('counts format characters (zero-width, bidi marks, BOM) as blank: the name is not given', () => {
    for (const name of ['\u200b\u200b', ' \u200b \u2060 ', '\ufeff', '\u200e\u200f\u00ad']) {
      expect(valueAfter((a) => set(a.business, 'name', name)).business.name).toBeUndefined();
    }
    // The same for the contact fields: blank, so not given.
    expect(
      valueAfter((a) => set(a, 'contact', { telegram: '\u200b', email: '\u200b ' })).contact,
    ).toBeUndefined();
  });

  it('keeps a zero-width joiner or mark inside a real name', () => {
    expect(
      valueAfter((a) => set(a.business, 'name', 'Caf\u00e9 \u{1f469}\u200d\u{1f373}')).business.name,
    ).toBe('Caf\u00e9 \u{1f469}\u200d\u{1f373}');
    expect(
      valueAfter((a) => set(a.business, 'name', '\u05e9\u05dc\u05d5\u05dd\u200f 24')).business.name,
    ).toBe('\u05e9\u05dc\u05d5\u05dd\u200f 24');
  });

  it.each(
    ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'].map((c) => [
      c.codePointAt(0)!.toString(16).toUpperCase(),
      c,
    ]),
  )('refuses the bidi control U+%s in the name, naming the field', (_code, control) => {
    expect(errorsAfter((a) => set(a.business, 'name', `abc${control}def`))).toEqual([
      'business.name: Business name contains hidden controls that change the direction of the text, so it would not show as it reads: type it again without them.',
    ]);
  });
});

describe('stored answers written before bidi controls were refused', () => {
  it('still read, without the controls', () => {
    const stored = structuredClone(baseInput()) as Record<string, unknown> & AnswersInput;
    set(stored.business, 'name', 'abc\u202edef');
    expect(parseStoredAnswers(stored).business.name).toBe('abcdef');
  });
});

describe('Answers: a sign-up page address with a user-info part', () => {
  const url = (signupUrl: string) => errorsAfter((a) => set(a, 'contact', { signupUrl }));
  it.each([
    'https://evil.com@good.com/x',
    'https://user:pass@good.com/x',
    'https://@good.com/x',
    'http://good.com:x@good.com',
    'HTTPS://evil.com%2F@good.com/',
  ])('is refused, naming the field: %s', (address) => {
    expect(url(address)).toEqual([
      "contact.signupUrl: Email sign-up page must not have a name or password before an “@”, as in https://name@example.com/join: such an address hides where it really leads. Give the page's address without it.",
    ]);
  });

  it('an "@" in the path or query is fine, and a bad address still gets the address message', () => {
    expect(url('https://example.com/join/@enso?ref=a@b')).toEqual([]);
    expect(url('ftp://evil.com@good.com/')[0]).toMatch(/must be a web address starting with https:\/\//);
  });
});

describe('stored answers written before user-info parts were refused', () => {
  it('still read, the sign-up address as the host it led to', () => {
    const stored = structuredClone(baseInput()) as Record<string, unknown> & AnswersInput;
    set(stored, 'contact', { signupUrl: 'https://evil.com@good.com/x' });
    expect(parseStoredAnswers(stored).contact?.signupUrl).toBe('https://good.com/x');
    set(stored, 'contact', { signupUrl: 'https://a:b@c@good.com/' });
    expect(parseStoredAnswers(stored).contact?.signupUrl).toBe('https://good.com/');
  });
});

describe('Answers: a poll taken in the future', () => {
  const withPoll = (on: string, now?: Date) => {
    const input = structuredClone(baseInput()) as Record<string, unknown> & AnswersInput;
    set(input.customers, 'poll', {
      responses: 30,
      counts: { whatsapp: 'most', telegram: 'fewer', email: 'fewer' },
      on,
    });
    const v = validateAnswers(input, now === undefined ? {} : { now });
    return v.ok ? [] : v.errors.map((e) => `${e.path}: ${translator.render(e.message)}`);
  };
  const now = new Date('2026-03-02T23:30:00Z');

  it('is refused beyond tomorrow (UTC), naming the field', () => {
    const refused = [
      "customers.poll.on: Day of the poll's results is in the future: give the day the poll's results were taken, today or earlier.",
    ];
    expect(withPoll('9999-12-31', now)).toEqual(refused);
    expect(withPoll('2026-03-04', now)).toEqual(refused);
  });

  it('is accepted up to tomorrow (the owner’s day can be ahead of UTC), and in the past', () => {
    expect(withPoll('2026-03-03', now)).toEqual([]);
    expect(withPoll('2026-03-02', now)).toEqual([]);
    expect(withPoll('2020-01-01', now)).toEqual([]);
  });

  it('is not checked without the time (validation stays pure: the caller gives it)', () => {
    expect(withPoll('9999-12-31')).toEqual([]);
  });
});
