/**
 * fast-check arbitraries that generate VALID Answers (validated by the real schema).
 *
 * `answersArb` covers the whole Answers schema: every optional field is sometimes present and
 * sometimes absent, and the edges the schema allows are drawn on purpose (0 and 100 percents,
 * empty lists, the largest counts, names of NAME_MAX characters in any script, the poll's
 * suppressed counts). test/domain/arbitraries.test.ts fails when a schema path is never drawn.
 *
 * `answersArbV1` is the generator as it was before (no name, activePerMonth, languages, poll or
 * contact; four knownChannelUse channels), frozen: the digest of random plans in
 * test/domain/plan.snapshot.test.ts samples its stream with a fixed seed, so that speed work
 * keeps proving it changed nothing. Do not use it for new properties.
 */
import fc from 'fast-check';
import { type CountryCode, getExampleNumber } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import {
  AGE_GROUPS,
  type Answers,
  CHANNELS,
  CUSTOMER_LANGUAGES,
  MAX_COUNT,
  NAME_MAX,
  POLL_CELL_MIN,
  POLL_MIN_RESPONSES,
  type PollAgeCount,
  type PollCount,
  PRIVACY_LEVELS,
  PURPOSES,
  SECTORS,
  SHARE_TOLERANCE,
  TEAMS,
  WHATSAPP_FEATURES,
} from '../../src/domain/answers.js';
import { COUNTRY_CODES } from '../../src/domain/countries.js';
import { answersOf } from './fixtures.js';

const percent = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true }));

/** Six shares summing to 100 (to 0.1 points): random weights, normalised. */
const ageMix = fc
  .array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 })
  .filter((w) => w.some((x) => x > 0))
  .map((w) => {
    const total = w.reduce((a, b) => a + b, 0);
    return Object.fromEntries(AGE_GROUPS.map((g, i) => [g, Math.round((1000 * w[i]!) / total) / 10]));
  });

/** Unique channels with optional shares whose total stays within 100. */
const channels = fc
  .tuple(
    fc.shuffledSubarray([...CHANNELS]),
    fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), {
      minLength: 10,
      maxLength: 10,
    }),
    fc.integer({ min: 0, max: 100 }),
  )
  .map(([list, weights, budget]) => {
    const total = weights.reduce<number>((a, b) => a + (b ?? 0), 0) || 1;
    return list.map((channel, i) => {
      const w = weights[i];
      return w === undefined ? { channel } : { channel, sharePercent: Math.floor((budget * w) / total) };
    });
  });

export const countryArb = fc.oneof(fc.constantFrom('SG', 'ID', 'MY'), fc.constantFrom(...COUNTRY_CODES));

/** The generator before the whole schema was covered: frozen for the seeded digest (see above). */
export const answersArbV1: fc.Arbitrary<Answers> = fc
  .record({
    country: countryArb,
    sector: fc.constantFrom(...SECTORS),
    ageMix,
    emailOnFilePercent: fc.option(percent, { nil: undefined }),
    known: fc.record(
      {
        whatsapp_business: percent,
        whatsapp_personal: percent,
        telegram: percent,
        email: percent,
      },
      { requiredKeys: [] },
    ),
    channels,
    whatsappFeatures: fc.subarray([...WHATSAPP_FEATURES]),
    purposes: fc.subarray([...PURPOSES]),
    broadcastAudience: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
    customerPrivacy: fc.constantFrom(...PRIVACY_LEVELS),
    competitorDataSharing: fc.boolean(),
    platformDependence: fc.boolean(),
    team: fc.constantFrom(...TEAMS),
  })
  .map((r) =>
    answersOf({
      version: 1,
      business: { country: r.country, sector: r.sector },
      customers: {
        ageMix: r.ageMix,
        emailOnFilePercent: r.emailOnFilePercent,
        knownChannelUse: Object.keys(r.known).length > 0 ? r.known : undefined,
      },
      channels: r.channels,
      whatsappFeatures: r.whatsappFeatures,
      purposes: r.purposes,
      broadcastAudience: r.broadcastAudience,
      concerns: {
        customerPrivacy: r.customerPrivacy,
        competitorDataSharing: r.competitorDataSharing,
        platformDependence: r.platformDependence,
      },
      team: r.team,
    }),
  );

// ---- the whole schema -------------------------------------------------------------------------

/** Present or absent (`undefined`, left out by `present`): absent once in `freq` draws. */
const maybe = <T>(arb: fc.Arbitrary<T>, freq = 3) => fc.option(arb, { nil: undefined, freq });
const present = <T extends Record<string, unknown>>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** A percent with its edges drawn on purpose: 0, 100, a whole number, any double. */
const edgePercent = fc.oneof(
  fc.constantFrom(0, 100),
  fc.integer({ min: 0, max: 100 }),
  fc.double({ min: 0, max: 100, noNaN: true }),
);

/** A count (0..MAX_COUNT) with its edges: 0, 1, MAX_COUNT, small shop sizes, any. */
const edgeCount = fc.oneof(
  fc.constantFrom(0, 1, MAX_COUNT),
  fc.integer({ min: 0, max: 5000 }),
  fc.integer({ min: 0, max: MAX_COUNT }),
);

/** All the customers in one age group. */
const oneGroup = fc
  .constantFrom(...AGE_GROUPS)
  .map((only) => Object.fromEntries(AGE_GROUPS.map((g) => [g, g === only ? 100 : 0])));

/** An age mix within the schema's tolerance: sometimes off 100 by up to SHARE_TOLERANCE. */
const edgeAgeMix = fc
  .tuple(
    fc.oneof({ weight: 9, arbitrary: ageMix }, { weight: 1, arbitrary: oneGroup }),
    fc.integer({ min: 0, max: 5 }),
    fc.constantFrom(0, 0, 0, -1, 1, 0.5, -0.5),
  )
  .map(([mix, at, off]) => {
    const g = AGE_GROUPS[at]!;
    const moved = { ...mix, [g]: Math.round(((mix[g] ?? 0) + off) * 10) / 10 };
    const total = AGE_GROUPS.reduce((s, x) => s + (moved[x] ?? 0), 0);
    const ok = moved[g]! >= 0 && moved[g]! <= 100 && Math.abs(total - 100) <= SHARE_TOLERANCE;
    return ok ? moved : mix;
  });

/** Channels as before, or (sometimes) one channel carrying all the messages. */
const edgeChannels = fc.oneof(
  { weight: 4, arbitrary: channels },
  { weight: 1, arbitrary: fc.constantFrom(...CHANNELS).map((channel) => [{ channel, sharePercent: 100 }]) },
);

/**
 * Business names in the scripts of Kanal's owners and beyond, up to NAME_MAX characters (UTF-16
 * units, as the schema counts), with spaces the schema trims and collapses.
 */
const NAME_PARTS = [
  'Enso Hair',
  'Kedai Makan Pak Ali',
  '美发沙龙',
  '小林食堂',
  'சிங்கப்பூர் கடை',
  'ร้านกาแฟ',
  'صالون الجمال',
  'Tiệm Bánh',
  'Café Ñandú',
  '💇‍♀️✨',
  'O\'Brien & Sons "Best" <b>',
  '{{name}} %s $1',
];
const nameArb = fc.oneof(
  fc.array(fc.constantFrom(...NAME_PARTS), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(' ')),
  fc.constantFrom('髪'.repeat(NAME_MAX), 'a'.repeat(NAME_MAX), '👩🏽‍🍳'.repeat(Math.floor(NAME_MAX / 7))),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
  fc.constantFrom('  Kedai\t\tSatu  ', '\u00a0Toko  Dua\u00a0'),
);

/** One language, or two different ones (the first the main one). */
const languagesArb = fc.oneof(
  fc.constantFrom(...CUSTOMER_LANGUAGES).map((l) => [l]),
  fc.shuffledSubarray([...CUSTOMER_LANGUAGES], { minLength: 2, maxLength: 2 }),
);

/** A poll count as stored for n answers: "fewer", 5..n-5 (its edges too), or "most". */
const pollCountArb = (n: number): fc.Arbitrary<PollCount> =>
  fc.oneof(
    fc.constantFrom<PollCount>('fewer', 'most'),
    fc.constantFrom(POLL_CELL_MIN, n - POLL_CELL_MIN),
    fc.integer({ min: POLL_CELL_MIN, max: n - POLL_CELL_MIN }),
  );

/** Splits `total` into `parts` non-negative whole numbers by random weights. */
function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const out = weights.map((w) => Math.floor((total * w) / sum));
  out[0]! += total - out.reduce((a, b) => a + b, 0);
  return out;
}

/**
 * The age groups of n answers as stored: each group a number of at least 5, or withheld; the
 * withheld ones together at least 5 (none withheld: the numbers add up to n).
 */
const pollAgesArb = (n: number) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      fc.array(fc.nat(100), { minLength: 7, maxLength: 7 }),
    )
    .map(([withheldMask, weights]) => {
      let mask = withheldMask;
      const shownCount = () => mask.filter((w) => !w).length;
      const anyWithheld = () => mask.some((w) => w);
      // Too few answers for every shown group to hold 5 (and the withheld 5): all withheld.
      const need = POLL_CELL_MIN * shownCount() + (anyWithheld() ? POLL_CELL_MIN : 0);
      if (need > n) mask = mask.map(() => true);
      const shown = shownCount();
      const spare = n - POLL_CELL_MIN * shown - (anyWithheld() ? POLL_CELL_MIN : 0);
      // The spare answers go to the shown groups and (when some are withheld) to the withheld rest.
      const parts = split(spare, anyWithheld() ? weights.slice(0, shown + 1) : weights.slice(0, shown));
      let k = 0;
      return Object.fromEntries(
        AGE_GROUPS.map((g, i): [string, PollAgeCount] => [
          g,
          mask[i] ? 'withheld' : POLL_CELL_MIN + (parts[k++] ?? 0),
        ]),
      );
    });

/** A calendar day from 2000 to 2099, leap days and year ends included. */
const dayArb = fc.oneof(
  fc.constantFrom('2024-02-29', '2026-12-31', '2000-01-01'),
  fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10)),
);

const responsesArb = fc.oneof(
  fc.constantFrom(POLL_MIN_RESPONSES, MAX_COUNT),
  fc.integer({ min: POLL_MIN_RESPONSES, max: 400 }),
  fc.integer({ min: POLL_MIN_RESPONSES, max: MAX_COUNT }),
);

/** customers.poll as the poll service stores it: suppressed counts, optional age groups, a day. */
export const pollArb = responsesArb.chain((n) =>
  fc
    .record({
      counts: fc.record({ whatsapp: pollCountArb(n), telegram: pollCountArb(n), email: pollCountArb(n) }),
      ages: maybe(pollAgesArb(n)),
      on: dayArb,
    })
    .map((r) => ({ responses: n, ...present(r) })),
);

/** A mobile number of the country (its example), written as owners write it; none if it has none. */
const whatsappFor = (country: string) =>
  fc.constantFrom('national', 'international', 'stored', 'dashed').map((form) => {
    const n = getExampleNumber(country as CountryCode, mobileExamples);
    if (n === undefined) return undefined;
    // The schema wants 6 digits or more: five-digit national numbers (CK, FK, SH, TK) need the code.
    if (form === 'national' && n.nationalNumber.length >= 6) return n.formatNational();
    if (form === 'international') return n.formatInternational();
    if (form === 'stored') return n.number.slice(1);
    return `+${n.countryCallingCode}-${n.nationalNumber}`;
  });

const telegramArb = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$/),
    fc.constantFrom('', '@', 't.me/', 'https://t.me/'),
  )
  .map(([name, prefix]) => prefix + name);

const emailArb = fc.oneof(
  fc.constantFrom('hello@example.com', 'o.brien+shop@mail.example.co.id', 'a@b.example'),
  fc.stringMatching(/^[a-z][a-z0-9_+-]{0,12}(\.[a-z0-9]{1,8})?@[a-z]{2,10}\.(com|my|sg|co\.id)$/),
);

const signupUrlArb = fc.oneof(
  fc.constantFrom(
    'https://shop.example.com/join',
    'http://example.my/?utm=kanal&x=<a>',
    'https://例え.example/ページ?q=1#frag',
    `https://example.com/${'x'.repeat(480)}`,
  ),
  fc.stringMatching(/^https:\/\/[a-z]{3,12}\.(com|sg|my)\/[a-z0-9_-]{0,40}$/),
);

const contactArb = (country: string) =>
  fc
    .record({
      whatsappNumber: maybe(whatsappFor(country), 2),
      telegram: maybe(telegramArb, 2),
      email: maybe(emailArb, 2),
      signupUrl: maybe(signupUrlArb, 2),
    })
    .map(present);

/** knownChannelUse: any of the ten channels, each sometimes measured (edges included). */
const knownArb = fc
  .record(
    Object.fromEntries(CHANNELS.map((c) => [c, maybe(edgePercent, 2)])) as Record<
      string,
      fc.Arbitrary<number | undefined>
    >,
  )
  .map(present);

/** Valid Answers over the whole schema (see the top of this file). */
export const answersArb: fc.Arbitrary<Answers> = countryArb
  .chain((country) =>
    fc.record({
      country: fc.constant(country),
      name: maybe(nameArb),
      sector: fc.constantFrom(...SECTORS),
      ageMix: edgeAgeMix,
      activePerMonth: maybe(edgeCount),
      emailOnFilePercent: maybe(edgePercent),
      known: maybe(knownArb),
      languages: maybe(languagesArb),
      poll: maybe(pollArb),
      channels: edgeChannels,
      whatsappFeatures: fc.subarray([...WHATSAPP_FEATURES]),
      purposes: fc.subarray([...PURPOSES]),
      broadcastAudience: maybe(edgeCount),
      customerPrivacy: fc.constantFrom(...PRIVACY_LEVELS),
      competitorDataSharing: fc.boolean(),
      platformDependence: fc.boolean(),
      team: fc.constantFrom(...TEAMS),
      contact: maybe(contactArb(country)),
    }),
  )
  .filter((r) => r.name === undefined || nameIsValid(r.name))
  .map((r) =>
    answersOf({
      version: 1,
      business: present({ name: r.name, country: r.country, sector: r.sector }),
      customers: present({
        ageMix: r.ageMix,
        activePerMonth: r.activePerMonth,
        emailOnFilePercent: r.emailOnFilePercent,
        knownChannelUse: r.known,
        languages: r.languages,
        poll: r.poll,
      }),
      channels: r.channels,
      whatsappFeatures: r.whatsappFeatures,
      purposes: r.purposes,
      ...present({ broadcastAudience: r.broadcastAudience }),
      concerns: {
        customerPrivacy: r.customerPrivacy,
        competitorDataSharing: r.competitorDataSharing,
        platformDependence: r.platformDependence,
      },
      team: r.team,
      ...present({ contact: r.contact }),
    }),
  );

/** The grapheme strings fast-check draws may hold control characters or run long: drawn again. */
function nameIsValid(name: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the schema refuses these
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
  const trimmed = name.trim().replace(/\s+/g, ' ');
  return trimmed.length <= NAME_MAX && !control.test(trimmed) && !/\p{Surrogate}/u.test(name);
}
