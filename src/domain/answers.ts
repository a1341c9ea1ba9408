/**
 * Answers v1: what the owner told us. One zod schema is the type and the validator for the
 * pages, the JSON API, the command line and storage (design/answers-contract.md).
 *
 * Validation failures come back as FieldErrors: the path of the field (dotted, as in
 * "customers.ageMix" or "channels.1.sharePercent") and a message key with parameters, which
 * the caller renders through the translation layer (keys live in locales/<lang>/validation.json).
 */
import {
  type CountryCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import { z } from 'zod';
import { isCountryCode } from './countries.js';
import { nearestField } from './field-names.js';
import { type Message, type MessageParams, message } from './message.js';

export const AGE_GROUPS = ['under20', '20s', '30s', '40s', '50s', '60plus'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const SECTORS = ['beauty', 'food', 'retail', 'health', 'education', 'services', 'other'] as const;
export type Sector = (typeof SECTORS)[number];

export const CHANNELS = [
  'whatsapp_business',
  'whatsapp_personal',
  'telegram',
  'email',
  'sms',
  'phone',
  'instagram',
  'facebook',
  'line',
  'wechat',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** The three channels that always get a verdict. */
export const ADVISED_CHANNELS = ['whatsapp_business', 'telegram', 'email'] as const;
export type AdvisedChannel = (typeof ADVISED_CHANNELS)[number];

export const WHATSAPP_FEATURES = ['catalog', 'broadcast', 'quick_replies', 'labels', 'away_message'] as const;
export type WhatsappFeature = (typeof WHATSAPP_FEATURES)[number];

export const PURPOSES = ['appointments', 'promotions', 'support', 'orders', 'receipts', 'catalog'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const PRIVACY_LEVELS = ['none', 'some', 'high'] as const;
export type PrivacyLevel = (typeof PRIVACY_LEVELS)[number];

export const TEAMS = ['solo', 'small_team', 'outsourced'] as const;
export type Team = (typeof TEAMS)[number];

/**
 * The languages the kit can speak to customers in (the served languages of decision 022):
 * `customers.languages` holds one or two of them, the first the main one.
 */
export const CUSTOMER_LANGUAGES = ['en', 'id', 'ms', 'zh'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

/** Tolerance for shares that must sum to 100 (rounding by hand). */
export const SHARE_TOLERANCE = 1;
/** Upper bound for counts, so that nonsense cannot overflow anything downstream. */
export const MAX_COUNT = 100_000_000;
export const NAME_MAX = 120;

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Text that is well-formed Unicode (no lone UTF-16 surrogates): anything else cannot be encoded
 * into a link, a QR code or UTF-8 output, so it is refused here, for every text field, naming it.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;

/** String.prototype.isWellFormed (ES2024), for the ES2023 library this project compiles against. */
export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

function text() {
  return z.string().refine(isWellFormed, {
    params: { key: 'validation.not_unicode' },
    abort: true,
  });
}

const percent = z.number().min(0).max(100);
const count = z.number().int().min(0).max(MAX_COUNT);

/** A list of options where a repeat is harmless: repeats are dropped, order kept. */
function optionList<T extends readonly [string, ...string[]]>(options: T) {
  return z
    .array(z.enum(options))
    .max(options.length * 4)
    .default([])
    .transform((xs) => [...new Set(xs)]);
}

/**
 * Format characters (Unicode category Cf: zero-width spaces and joiners, bidi marks, the BOM)
 * show nothing: text of only them and spaces is blank, like text of spaces only.
 */
const FORMAT_CHARS = /\p{Cf}/gu;
const isBlank = (s: string) => s.replace(FORMAT_CHARS, '').trim() === '';
/**
 * Bidi embedding, override and isolate controls (U+202A-U+202E, U+2066-U+2069) reorder the text
 * around them: "abc\u202Edef" shows as "abcfed", so a name could show other than it reads
 * (and spill into what follows it on a page). Refused, naming the field; the marks U+200E and
 * U+200F, which some right-to-left names need, stay allowed.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

const businessName = text()
  .transform((s) => (isBlank(s) ? '' : s.trim().replace(/\s+/g, ' ')))
  .pipe(
    z
      .string()
      .max(NAME_MAX)
      .refine((s) => !CONTROL_CHARS.test(s), { params: { key: 'validation.name_control' } })
      .refine((s) => !BIDI_CONTROLS.test(s), { params: { key: 'validation.name_bidi' } }),
  )
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const country = text()
  .transform((s) => s.trim().toUpperCase())
  .refine(isCountryCode, { params: { key: 'validation.country' } });

const ageMix = z
  .strictObject({
    under20: percent,
    '20s': percent,
    '30s': percent,
    '40s': percent,
    '50s': percent,
    '60plus': percent,
  })
  .superRefine((mix, ctx) => {
    const total = AGE_GROUPS.reduce((sum, g) => sum + mix[g], 0);
    if (Math.abs(total - 100) > SHARE_TOLERANCE) {
      ctx.addIssue({ code: 'custom', params: { key: 'validation.age_mix_sum', total: round1(total) } });
    }
  });

const channelUse = z.strictObject({ channel: z.enum(CHANNELS), sharePercent: percent.optional() });

const channels = z
  .array(channelUse)
  .max(CHANNELS.length * 2)
  .default([])
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.channel)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'channel'],
          params: { key: 'validation.channel_repeated', channel: message(`channel.${c.channel}`) },
        });
      }
      seen.add(c.channel);
    });
    const total = list.reduce((sum, c) => sum + (c.sharePercent ?? 0), 0);
    if (total > 100 + SHARE_TOLERANCE) {
      ctx.addIssue({ code: 'custom', params: { key: 'validation.channel_share_sum', total: round1(total) } });
    }
  });

/** Empty text fields in forms mean "not given". */
const blankToUndefined = (s: unknown) => (typeof s === 'string' && isBlank(s) ? undefined : s);

/**
 * WhatsApp number, as the owner writes it: in their country's own form (9123 4567 in Singapore,
 * 0812-3456-7890 in Indonesia) or with the country code (+65 9123 4567; a trunk 0 after the
 * code, +62 0812..., is dropped). Spaces, dashes, dots, slashes and brackets are allowed while
 * typing. This field schema only checks that it looks like a phone number and keeps its digits
 * (stored numbers are digits with their country code); validateAnswers then reads the number as
 * typed with the business's country as the default region (whatsappNumberFor) and stores it
 * normalised: the E.164 number without its "+", which is what
 * wa.me links want. Stored numbers (digits with their country code) read back unchanged, also
 * a number abroad (whatsappNumberFor).
 * From 4 digits: some countries' mobile numbers are that short when written without the
 * country code (Tokelau 7290, Cook Islands 71 234); whatsappNumberFor does the real check.
 */
const whatsappNumber = z.preprocess(
  blankToUndefined,
  text()
    .transform(plainPhoneText)
    .refine((s) => /^\+?[\d\s()./-]+$/.test(s) && /^\d{4,17}$/.test(s.replace(/\D/g, '')), {
      params: { key: 'validation.whatsapp_number' },
    })
    .transform((s) => s.replace(/\D/g, ''))
    .optional(),
);

/**
 * A phone number as it is pasted or typed, in the plain characters the checks read: full-width
 * digits, brackets, "+" and spaces (Chinese and Japanese input methods) as ASCII (NFKC); the
 * dash family (U+2010-U+2015: the non-breaking hyphen, the en dash...) and the minus sign as
 * "-"; and "(+65) 9123 4567" as "+(65) 9123 4567", the "+" first, where it means the country
 * code. Only the digits are stored, so the stored form does not change.
 */
export function plainPhoneText(typed: string): string {
  return typed
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .trim()
    .replace(/^\(\s*\+/, '+(');
}

/**
 * Telegram public username or channel: 5-32 letters, digits or underscores, starting with a
 * letter (Telegram's rule). "@name", "t.me/name" and "https://t.me/name" are accepted and
 * reduced to the name.
 */
const telegramName = z.preprocess(
  blankToUndefined,
  text()
    .transform((s) =>
      s
        .trim()
        .replace(/^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me)\//i, '')
        .replace(/^@/, ''),
    )
    .refine((s) => /^[A-Za-z][A-Za-z0-9_]{3,30}[A-Za-z0-9]$/.test(s), {
      params: { key: 'validation.telegram_name' },
    })
    .optional(),
);

const emailFormat = z.email();
/** A public web page: http(s) and a real domain name (no IP addresses, no localhost). */
const urlFormat = z.url({ protocol: /^https?$/, hostname: z.regexes.domain });

const emailAddress = z.preprocess(
  blankToUndefined,
  text()
    .transform((s) => s.trim())
    .refine((s) => s.length <= 254 && emailFormat.safeParse(s).success, {
      params: { key: 'validation.email' },
    })
    .optional(),
);

/**
 * A user-info part ("https://evil.example@good.example/x" leads to good.example, but reads as
 * evil.example; or the reverse): it misleads whoever reads the link, and a public page needs
 * none, so an address with one (any "@" before the path, even an empty "https://@host") is
 * refused.
 */
const USER_INFO = /^([a-z][a-z\d+.-]*:[/\\]*)[^/\\?#]*@/i;
const hasUserInfo = (s: string) => USER_INFO.test(s);
/** The address without its user-info part: where it really led (the host after the last "@"). */
const withoutUserInfo = (s: string) => s.replace(USER_INFO, '$1');

const signupUrl = z.preprocess(
  blankToUndefined,
  text()
    .transform((s) => s.trim())
    .refine((s) => s.length <= 500 && urlFormat.safeParse(s).success, {
      params: { key: 'validation.signup_url' },
      abort: true,
    })
    .refine((s) => !hasUserInfo(s), { params: { key: 'validation.signup_url_userinfo' } })
    .optional(),
);

/**
 * An optional block with no detail in it (`{}`, or only blank fields, which parse as undefined)
 * is no block, as the pages store it: otherwise an API-made empty block would be dropped by the
 * first change through the pages, and the stored answers would change on their own.
 */
const noneIfEmpty = <T extends object>(block: T): T | undefined =>
  Object.values(block).every((v) => v === undefined) ? undefined : block;

/**
 * Optional contact block (a compatible addition to Answers v1): where customers can reach the
 * business, used only to build the migration kit's links and QR codes. Empty, it is none.
 */
const contact = z
  .strictObject({
    whatsappNumber,
    telegram: telegramName,
    email: emailAddress,
    signupUrl,
  })
  .transform(noneIfEmpty)
  .optional();

/**
 * The languages of the kit's posters, cards, announcements and link texts: one or two, the first
 * the main one (printed large; the second below it). Absent: the language the owner uses.
 */
const customerLanguages = z
  .array(z.enum(CUSTOMER_LANGUAGES))
  .min(1)
  .max(2)
  .superRefine((list, ctx) => {
    if (list.length === 2 && list[0] === list[1]) {
      ctx.addIssue({ code: 'custom', path: [1], params: { key: 'validation.languages_repeated' } });
    }
  })
  .optional();

/** The shares the owner measured, per channel. Empty, it is none. */
const knownChannelUse = z
  .strictObject(Object.fromEntries(CHANNELS.map((c) => [c, percent.optional()])))
  .transform(noneIfEmpty)
  .optional();

// ---- customers.poll: what the owner's customer poll measured (issue 12, decision 025) ----

/** No count under this is ever stored or shown (nor one whose complement is under it). */
export const POLL_CELL_MIN = 5;
/** A poll is evidence from this many answers. */
export const POLL_MIN_RESPONSES = 10;
/** The apps the poll asks about, as the poll's results, the API and Answers name them. */
export const POLL_APPS = ['whatsapp', 'telegram', 'email'] as const;
export type PollApp = (typeof POLL_APPS)[number];
/**
 * A withheld app count: "fewer" (fewer than 5 answered that they use it) or "most" (all but
 * fewer than 5 did). The number itself is never stored.
 */
export const POLL_WITHHELD = ['fewer', 'most'] as const;
export type PollCount = number | (typeof POLL_WITHHELD)[number];
/** A withheld age group ("withheld": under 5, or pooled with such groups). */
export type PollAgeCount = number | 'withheld';

const isCount = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_COUNT;

const pollCount = z.custom<PollCount>(
  (v) => isCount(v) || (POLL_WITHHELD as readonly unknown[]).includes(v),
  { params: { key: 'validation.poll_count', min: POLL_CELL_MIN } },
);
const pollAgeCount = z.custom<PollAgeCount>((v) => isCount(v) || v === 'withheld', {
  params: { key: 'validation.poll_age_count', min: POLL_CELL_MIN },
});

const pollDay = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isCalendarDay(s), {
  params: { key: 'validation.poll_day' },
});

/** A real day of the calendar (2026-02-30 is not). */
function isCalendarDay(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

/**
 * The poll as measured: answers, per app a count (or withheld), optionally the age groups of those
 * who answered (withheld groups together at least 5, so no total or difference reveals a count
 * under 5), and the day the results were taken. Refused, naming the field, when a count under 5
 * (or all but under 5) is given as a number, when a count exceeds the answers, or when the age
 * groups do not add up.
 */
const poll = z
  .strictObject({
    responses: z.number().int().min(POLL_MIN_RESPONSES).max(MAX_COUNT),
    counts: z.strictObject({ whatsapp: pollCount, telegram: pollCount, email: pollCount }),
    ages: z
      .strictObject({
        under20: pollAgeCount,
        '20s': pollAgeCount,
        '30s': pollAgeCount,
        '40s': pollAgeCount,
        '50s': pollAgeCount,
        '60plus': pollAgeCount,
      })
      .optional(),
    on: pollDay,
  })
  .superRefine((p, ctx) => {
    const n = p.responses;
    for (const app of POLL_APPS) {
      const k = p.counts[app];
      if (typeof k !== 'number') continue;
      const path = ['counts', app];
      const params = { count: k, responses: n, min: POLL_CELL_MIN };
      if (k > n)
        ctx.addIssue({ code: 'custom', path, params: { key: 'validation.poll_count_over', ...params } });
      else if (k < POLL_CELL_MIN)
        ctx.addIssue({ code: 'custom', path, params: { key: 'validation.poll_count_few', ...params } });
      else if (n - k < POLL_CELL_MIN)
        ctx.addIssue({ code: 'custom', path, params: { key: 'validation.poll_count_most', ...params } });
    }
    if (p.ages === undefined) return;
    let shown = 0;
    let withheld = 0;
    for (const g of AGE_GROUPS) {
      const c = p.ages[g];
      if (c === 'withheld') withheld += 1;
      else if (c < POLL_CELL_MIN)
        ctx.addIssue({
          code: 'custom',
          path: ['ages', g],
          params: { key: 'validation.poll_age_few', count: c, min: POLL_CELL_MIN },
        });
      else shown += c;
    }
    const rest = n - shown;
    if (rest < 0 || (withheld === 0 && rest !== 0))
      ctx.addIssue({
        code: 'custom',
        path: ['ages'],
        params: { key: 'validation.poll_ages_sum', total: shown, responses: n },
      });
    else if (withheld > 0 && rest < POLL_CELL_MIN)
      ctx.addIssue({
        code: 'custom',
        path: ['ages'],
        params: { key: 'validation.poll_ages_withheld', withheld: rest, min: POLL_CELL_MIN },
      });
  })
  .optional();

/**
 * Every object is strict: a misspelled or misplaced field (broadcastAudiance, a top-level
 * knownChannelUse) is refused naming it and the nearest real field, never silently dropped.
 */
export const AnswersSchema = z.strictObject({
  version: z.literal(1).default(1),
  business: z.strictObject({
    name: businessName,
    country,
    sector: z.enum(SECTORS),
  }),
  customers: z.strictObject({
    ageMix,
    activePerMonth: count.optional(),
    emailOnFilePercent: percent.optional(),
    knownChannelUse,
    languages: customerLanguages,
    poll,
  }),
  channels,
  whatsappFeatures: optionList(WHATSAPP_FEATURES),
  purposes: optionList(PURPOSES),
  broadcastAudience: count.optional(),
  concerns: z
    .strictObject({
      customerPrivacy: z.enum(PRIVACY_LEVELS).default('none'),
      competitorDataSharing: z.boolean().default(false),
      platformDependence: z.boolean().default(false),
    })
    .default({ customerPrivacy: 'none', competitorDataSharing: false, platformDependence: false }),
  team: z.enum(TEAMS),
  contact,
});

export type AgeMix = Record<AgeGroup, number>;
export type Answers = z.infer<typeof AnswersSchema>;
export type AnswersInput = z.input<typeof AnswersSchema>;

export interface FieldError {
  /** Dotted path of the field, e.g. "customers.ageMix" or "channels.1.sharePercent"; "" for the whole. */
  readonly path: string;
  readonly message: Message;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Validates input Answers (API, command line, the pages' whole draft) and normalises what needs
 * the whole: the WhatsApp number is read with the business's country as its default region.
 * Storage reads its own, already normalised, rows with AnswersSchema (parseStoredAnswers).
 */
export function validateAnswers(input: unknown, context: ValidationContext = {}): Validation<Answers> {
  const result = AnswersSchema.safeParse(input, { reportInput: true });
  if (!result.success) return { ok: false, errors: issuesToFieldErrors(result.error.issues) };
  const answers = result.data;
  const errors: FieldError[] = [];
  const on = answers.customers.poll?.on;
  if (on !== undefined && context.now !== undefined && on > latestPollDay(context.now))
    errors.push({
      path: 'customers.poll.on',
      message: fieldMessage('validation.poll_day_future', 'customers.poll.on'),
    });
  if (answers.contact?.whatsappNumber === undefined)
    return errors.length > 0 ? { ok: false, errors } : { ok: true, value: answers };
  // The number as typed ("+" and all): the field schema kept only its digits.
  const raw = String((input as { contact: { whatsappNumber: unknown } }).contact.whatsappNumber);
  const number = whatsappNumberFor(raw, answers.business.country);
  if (!number.ok) errors.push({ path: 'contact.whatsappNumber', message: number.error });
  if (errors.length > 0 || !number.ok) return { ok: false, errors };
  return { ok: true, value: { ...answers, contact: { ...answers.contact, whatsappNumber: number.value } } };
}

/**
 * What validation needs from outside the answers, given by the caller so that it stays pure: `now`,
 * the time of the request, for the rules about today. Without it those rules are not checked
 * (storage reads its own rows with parseStoredAnswers, and a stored day only grows older).
 */
export interface ValidationContext {
  readonly now?: Date;
}

/**
 * The latest day a poll's results can have been taken: tomorrow in UTC, since the owner's own
 * day can be one ahead of UTC's (UTC+14 at most), as YYYY-MM-DD (which compare as strings).
 */
function latestPollDay(now: Date): string {
  return new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

const fieldMessage = (key: string, path: string) => message(key, { field: fieldLabel(path) });

/**
 * Reads stored Answers. Rows written before text was checked for well-formed Unicode may hold a
 * lone surrogate: it is replaced (U+FFFD) rather than making the plan unreadable forever; rows
 * written before bidi controls were refused lose them (the name reads as typed), and those
 * written before user-info parts in the sign-up address were refused lose that part.
 */
export function parseStoredAnswers(raw: unknown): Answers {
  return AnswersSchema.parse(withStoredUrlRepaired(toWellFormed(raw)));
}

/**
 * A sign-up address stored before user-info parts were refused reads without it, as the host it
 * always led to (https://evil.example@good.example/x is https://good.example/x).
 */
function withStoredUrlRepaired(raw: unknown): unknown {
  const contact = (raw as { contact?: { signupUrl?: unknown } } | null)?.contact;
  const url = contact?.signupUrl;
  if (typeof url !== 'string' || !hasUserInfo(url.trim())) return raw;
  return {
    ...(raw as object),
    contact: { ...contact, signupUrl: withoutUserInfo(url.trim()) },
  };
}

const BIDI_CONTROLS_ALL = new RegExp(BIDI_CONTROLS.source, 'g');
const wellFormed = (s: string) => s.replace(LONE_SURROGATES, '\uFFFD').replace(BIDI_CONTROLS_ALL, '');

function toWellFormed(x: unknown): unknown {
  if (typeof x === 'string') return wellFormed(x);
  if (Array.isArray(x)) return x.map(toWellFormed);
  if (typeof x === 'object' && x !== null)
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [wellFormed(k), toWellFormed(v)]));
  return x;
}

/**
 * A WhatsApp number as an owner in `country` writes it, to the E.164 digits wa.me wants
 * (without "+"); refused unless it can be a mobile number, with an example for that country.
 * For the pages too: the contact page asks the number, the business page the country, so the
 * number is checked again whenever either changes.
 */
export function whatsappNumberFor(
  typed: string,
  country: string,
): { ok: true; value: string } | { ok: false; error: Message } {
  const region = isSupportedCountry(country) ? (country as CountryCode) : undefined;
  typed = plainPhoneText(typed);
  const digits = typed.replace(/\D/g, '');
  const international = typed.trim().startsWith('+');
  const candidates = international ? withoutTrunkZero(digits).map((d) => `+${d}`) : [typed];
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, region);
    if (parsed?.isValid() && isMobile(parsed.getType())) return { ok: true, value: parsed.number.slice(1) };
  }
  // The stored form (E.164 digits without "+", as the API returns it) reads back as itself, so
  // that a plan's own answers can be sent back (GET, then PUT): in the business's own country,
  // however it is written, and abroad (an Indonesian number for a Singapore business) when it
  // is written exactly as stored, bare digits. A number written as a national one (spaces,
  // dashes, brackets) is read in the business's country only: it never leads abroad.
  if (!international) {
    const stored = parsePhoneNumberFromString(`+${digits}`);
    const asStored = /^\d+$/.test(typed.trim()) || (region !== undefined && stored?.country === region);
    if (asStored && stored?.isValid() && isMobile(stored.getType()))
      return { ok: true, value: stored.number.slice(1) };
  }
  return { ok: false, error: whatsappNumberError(region) };
}

/** The digits as typed and, for each possible country code, with a trunk 0 after it removed. */
function withoutTrunkZero(digits: string): string[] {
  const out = [digits];
  for (let n = 1; n <= 3; n++) if (digits[n] === '0') out.push(digits.slice(0, n) + digits.slice(n + 1));
  return out;
}

function isMobile(type: string | undefined): boolean {
  // FIXED_LINE_OR_MOBILE: countries (US, CA...) whose numbering does not tell them apart.
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

function whatsappNumberError(region: CountryCode | undefined): Message {
  const field = fieldLabel('contact.whatsappNumber');
  const example = region === undefined ? undefined : getExampleNumber(region, mobileExamples);
  if (example === undefined) return message('validation.whatsapp_number', { field });
  return message('validation.whatsapp_number_country', {
    field,
    country: message(`country.${region}`),
    national: example.formatNational(),
    international: example.formatInternational(),
  });
}

/**
 * Where bytes that were not UTF-8 landed in a parsed JSON value: decoding replaces them with
 * U+FFFD, so the path (dotted, as FieldError.path) of the first key or string holding one, in
 * document order; undefined when there is none.
 */
export function replacementCharPath(value: unknown, prefix = ''): string | undefined {
  const join = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  if (typeof value === 'string') return value.includes('\uFFFD') ? prefix : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, v] of entries) {
    if (key.includes('\uFFFD')) return join(key);
    const found = replacementCharPath(v, join(key));
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The error for text that was not UTF-8 (a Latin-1 or Windows-1252 file), at the path where it
 * was found: the field's label when the path is one of Answers', else the answers as a whole.
 */
export function notUtf8Error(path: string): FieldError {
  const known = ANSWER_PATHS.includes(path.replace(/\.\d+(?=\.|$)/g, '.*'));
  return { path, message: message('validation.not_utf8', { field: fieldLabel(known ? path : '') }) };
}

/** Turns zod issues into FieldErrors with message keys, one per field (the first problem wins). */
export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const byPath = new Map<string, FieldError>();
  // Errors from the safe-integer bound alone: another issue on the field replaces them.
  const safeBounded = new Set<FieldError>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      // One error per unknown field, naming it and the nearest real field.
      for (const key of issue.keys) {
        const path = [...issue.path.map(String), key].join('.');
        if (!byPath.has(path)) byPath.set(path, { path, message: unknownFieldMessage(path) });
      }
      continue;
    }
    const path = issue.path.map(String).join('.');
    const first = byPath.get(path);
    if (first === undefined || (safeBounded.has(first) && !isSafeIntegerBound(issue)))
      byPath.set(path, { path, message: issueMessage(issue, path) });
    if (isSafeIntegerBound(issue)) safeBounded.add(byPath.get(path)!);
  }
  return [...byPath.values()];
}

/**
 * zod's int() also bounds a number to the safe integers (2^53 - 1), reported before the field's
 * own bound (100,000,000): the field's real maximum (or minimum) is what the message must quote.
 */
function isSafeIntegerBound(issue: z.core.$ZodIssue): boolean {
  return (
    (issue.code === 'too_big' && Number(issue.maximum) === Number.MAX_SAFE_INTEGER) ||
    (issue.code === 'too_small' && Number(issue.minimum) === Number.MIN_SAFE_INTEGER)
  );
}

/** The label key of a field: array indices become "*" (channels.*.sharePercent). */
export function fieldLabel(path: string): Message {
  return message(`fields.${path.replace(/\.\d+(?=\.|$)/g, '.*') || 'answers'}`);
}

function issueMessage(issue: z.core.$ZodIssue, path: string): Message {
  const field = fieldLabel(path);
  if (issue.code === 'custom') {
    const { key, ...params } = (issue.params ?? {}) as { key?: string } & MessageParams;
    return message(key ?? 'validation.invalid', { field, ...params });
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return message('validation.required', { field });
    if (issue.expected === 'int') return message('validation.integer', { field });
    return message(`validation.type_${issue.expected}`, { field });
  }
  if (issue.code === 'too_small') {
    if (issue.origin === 'string') return message('validation.empty', { field });
    return message('validation.too_small', { field, minimum: Number(issue.minimum) });
  }
  if (issue.code === 'too_big') {
    if (issue.origin === 'string')
      return message('validation.too_long', { field, maximum: Number(issue.maximum) });
    if (issue.origin === 'array')
      return message('validation.too_many', { field, maximum: Number(issue.maximum) });
    return message('validation.too_big', { field, maximum: Number(issue.maximum) });
  }
  if (issue.code === 'invalid_value') {
    if (issue.input === undefined) return message('validation.required', { field });
    return message('validation.one_of', { field, options: issue.values.map(String).join(', ') });
  }
  return message('validation.invalid', { field });
}

/** Every field path of Answers, array elements as "*" (channels.*.sharePercent). */
export const ANSWER_PATHS: readonly string[] = fieldPaths(AnswersSchema);

function fieldPaths(schema: z.core.$ZodType, prefix = ''): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (d: unknown) => fieldPaths(d as z.core.$ZodType, prefix);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.core.$ZodType>;
      return Object.entries(shape).flatMap(([k, v]) => {
        const path = prefix === '' ? k : `${prefix}.${k}`;
        return [path, ...fieldPaths(v, path)];
      });
    }
    case 'array':
      return fieldPaths(def.element as z.core.$ZodType, `${prefix}.*`);
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
      return inner(def.innerType);
    case 'pipe':
      return [...new Set([...inner(def.in), ...inner(def.out)])];
    default:
      return [];
  }
}

function unknownFieldMessage(path: string): Message {
  const generic = path.replace(/\.\d+(?=\.|$)/g, '.*');
  const nearest = nearestField(generic, ANSWER_PATHS);
  if (nearest === undefined) return message('validation.unknown_field', { name: path });
  // Give the suggestion with the input's own array indices (channels.1.sharePercent).
  const indices = path.match(/\.\d+(?=\.|$)/g) ?? [];
  let i = 0;
  const suggestion = nearest.replace(/\.\*(?=\.|$)/g, () => indices[i++] ?? '.*');
  return message('validation.unknown_field_nearest', { name: path, nearest: suggestion });
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
