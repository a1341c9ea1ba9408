/**
 * Answers v1: what the owner told us. One zod schema is the type and the validator for the
 * pages, the JSON API, the command line and storage (design/answers-contract.md).
 *
 * Validation failures come back as FieldErrors: the path of the field (dotted, as in
 * "customers.ageMix" or "channels.1.sharePercent") and a message key with parameters, which
 * the caller renders through the translation layer (keys live in locales/<lang>/validation.json).
 */
import { z } from 'zod';
import { isCountryCode } from './countries.js';
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

/** Tolerance for shares that must sum to 100 (rounding by hand). */
export const SHARE_TOLERANCE = 1;
/** Upper bound for counts, so that nonsense cannot overflow anything downstream. */
export const MAX_COUNT = 100_000_000;
export const NAME_MAX = 120;

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

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

const businessName = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .max(NAME_MAX)
      .refine((s) => !CONTROL_CHARS.test(s), { params: { key: 'validation.name_control' } }),
  )
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const country = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine(isCountryCode, { params: { key: 'validation.country' } });

const ageMix = z
  .object({
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

const channelUse = z.object({ channel: z.enum(CHANNELS), sharePercent: percent.optional() });

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
const blankToUndefined = (s: unknown) => (typeof s === 'string' && s.trim() === '' ? undefined : s);

/**
 * WhatsApp number in international form: an optional "+", then 8 to 15 digits (E.164); spaces,
 * dashes, dots and brackets are allowed while typing and removed. Stored as digits only, as
 * wa.me links want it.
 */
const whatsappNumber = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((s) => s.trim())
    .refine((s) => /^\+?[\d\s().-]+$/.test(s) && /^[1-9]\d{7,14}$/.test(s.replace(/\D/g, '')), {
      params: { key: 'validation.whatsapp_number' },
    })
    .transform((s) => s.replace(/\D/g, ''))
    .optional(),
);

/**
 * Telegram public username or channel: 5-32 letters, digits or underscores, starting with a
 * letter (Telegram's rule). "@name", "t.me/name" and "https://t.me/name" are accepted and
 * reduced to the name.
 */
const telegramName = z.preprocess(
  blankToUndefined,
  z
    .string()
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
  z
    .string()
    .transform((s) => s.trim())
    .refine((s) => s.length <= 254 && emailFormat.safeParse(s).success, {
      params: { key: 'validation.email' },
    })
    .optional(),
);

const signupUrl = z.preprocess(
  blankToUndefined,
  z
    .string()
    .transform((s) => s.trim())
    .refine((s) => s.length <= 500 && urlFormat.safeParse(s).success, {
      params: { key: 'validation.signup_url' },
    })
    .optional(),
);

/**
 * Optional contact block (a compatible addition to Answers v1): where customers can reach the
 * business, used only to build the migration kit's links and QR codes.
 */
const contact = z
  .object({
    whatsappNumber,
    telegram: telegramName,
    email: emailAddress,
    signupUrl,
  })
  .optional();

const knownChannelUse = z.object(Object.fromEntries(CHANNELS.map((c) => [c, percent.optional()]))).optional();

export const AnswersSchema = z.object({
  version: z.literal(1).default(1),
  business: z.object({
    name: businessName,
    country,
    sector: z.enum(SECTORS),
  }),
  customers: z.object({
    ageMix,
    activePerMonth: count.optional(),
    emailOnFilePercent: percent.optional(),
    knownChannelUse,
  }),
  channels,
  whatsappFeatures: optionList(WHATSAPP_FEATURES),
  purposes: optionList(PURPOSES),
  broadcastAudience: count.optional(),
  concerns: z
    .object({
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

export function validateAnswers(input: unknown): Validation<Answers> {
  const result = AnswersSchema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues) };
}

/** Turns zod issues into FieldErrors with message keys, one per field (the first problem wins). */
export function issuesToFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    if (!byPath.has(path)) byPath.set(path, { path, message: issueMessage(issue, path) });
  }
  return [...byPath.values()];
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

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
