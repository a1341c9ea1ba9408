/**
 * The questionnaire as data, and pure functions over it (after dwp/govuk-casa): which pages
 * there are, which form fields each asks, where the owner goes next (a function of the answers
 * so far), how a posted form becomes a fragment of Answers, and how the fragments of a draft
 * become Answers.
 *
 * A page is validated with the matching part of AnswersSchema, so its messages are the API's.
 * A draft keeps, per page, the form values that were accepted: re-rendering a page is then
 * trivial, and Answers are always rebuilt from them by the same code.
 */
import { z } from 'zod';
import {
  ADVISED_CHANNELS,
  AGE_GROUPS,
  type AgeGroup,
  type Answers,
  AnswersSchema,
  CHANNELS,
  type Channel,
  CUSTOMER_LANGUAGES,
  type FieldError,
  issuesToFieldErrors,
  PRIVACY_LEVELS,
  PURPOSES,
  SECTORS,
  TEAMS,
  type Validation,
  validateAnswers,
  WHATSAPP_FEATURES,
  whatsappNumberFor,
} from './answers.js';
import { COUNTRY_CODES } from './countries.js';
import { type Message, type MessageParam, message } from './message.js';
import { type ParseNumberOptions, parseNumber, plainNumberIn } from './numbers.js';

export const PAGE_IDS = [
  'business',
  'customers',
  'channels',
  'purposes',
  'whatsapp',
  'knowledge',
  'concerns',
  'contact',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

export function isPageId(s: string): s is PageId {
  return (PAGE_IDS as readonly string[]).includes(s);
}

/** Accepted form values: one string per field, a list for checkboxes. */
export type FormValues = Readonly<Record<string, string | readonly string[]>>;
export type DraftPages = Readonly<Partial<Record<PageId, FormValues>>>;

export type FieldKind =
  | 'text'
  | 'number'
  | 'select'
  | 'radios'
  | 'checkboxes'
  | 'numberGroup'
  | 'channelShares';

export interface FieldDef {
  /** The form field name (for a group: the group's name; its inputs are `${prefix}${part}`). */
  readonly name: string;
  readonly kind: FieldKind;
  readonly options?: readonly string[];
  /** numberGroup / channelShares: the parts and the prefix of their input names. */
  readonly parts?: readonly string[];
  readonly prefix?: string;
  readonly optional?: boolean;
  readonly percent?: boolean;
  readonly inputType?: 'text' | 'email' | 'url' | 'tel';
  readonly autocomplete?: string;
  /** checkboxes / channelShares: a last, exclusive option "none of these" (value NONE). */
  readonly noneOption?: boolean;
  /** Where the field's answer lives in Answers, and how check-answers shows it. */
  readonly answer?: FieldAnswer;
  /**
   * radios: the option shown chosen while the field has no value: one of `options`, or
   * PAGE_LANGUAGE for the language the page is shown in (the customers' language).
   */
  readonly preset?: string;
}

/** A field's `preset`: the language the owner is using (the page's language). */
export const PAGE_LANGUAGE = '<page language>';

/**
 * How check-answers shows an answer (the web renders each kind the same way for every field):
 * text as typed, a country's name, one or several options' labels, a count, a percentage, the
 * age mix, channels with their shares, shares per channel, ticked flags, a phone number or a
 * Telegram name.
 */
export type ShowKind =
  | 'text'
  | 'country'
  | 'option'
  | 'options'
  | 'count'
  | 'percent'
  | 'ageMix'
  | 'channels'
  | 'shares'
  | 'flags'
  | 'phone'
  | 'telegram';

export interface FieldAnswer {
  /**
   * The Answers paths this field fills, in order: each is one compared answer
   * (src/domain/compare.ts) and maps validation errors back to the field.
   */
  readonly paths: readonly string[];
  /**
   * The paths a page's answer replaces when a draft changes a plan (default: `paths`). The
   * knowledge page asks for the advised channels' shares only, so it owns only those; shares
   * for other channels (given through the API) are kept.
   */
  readonly owns?: readonly string[];
  /** The check-answers label's key. */
  readonly label: string;
  readonly show: ShowKind;
}

/** How a page reads its form (PageDef.parse). */
export interface ReadOptions {
  readonly language?: string;
}

/** The value of the "none of these" option of a list question. */
export const NONE = 'none';

/** A problem with one form field: the field's (or input's) name and the message. */
export interface PageError {
  readonly field: string;
  readonly message: Message;
}

export type PageResult =
  | { readonly ok: true; readonly values: FormValues; readonly fragment: Fragment }
  | { readonly ok: false; readonly values: FormValues; readonly errors: readonly PageError[] };

/** A part of an Answers input object, shaped like Answers. */
export type Fragment = Readonly<Record<string, unknown>>;

export interface PageDef {
  readonly id: PageId;
  readonly fields: readonly FieldDef[];
  /** Is this page part of the flow, given the pages answered so far? (default: always) */
  readonly applies?: (pages: DraftPages) => boolean;
  /**
   * `pages`: the draft's other pages, for checks that need them (the contact page's country).
   * `options.language`: the owner's language, for a form just posted: its number fields are read
   * as that language writes numbers (numbers.ts), and an accepted page's values hold them in
   * one plain form (`1200`, `12.5`). Without it, values are read as stored (plain, or as the
   * drafts made before decision 027 hold them).
   */
  readonly parse: (values: FormValues, pages?: DraftPages, options?: ReadOptions) => PageResult;
  readonly fromAnswers: (answers: Answers) => FormValues;
  /** Errors at these paths (a whole object) go to this field, besides those the fields' paths give. */
  readonly errorsAt?: Readonly<Record<string, string>>;
}

export const AGE_MIX_MODES = ['percent', 'count'] as const;
export type AgeMixMode = (typeof AGE_MIX_MODES)[number];
export const WORRIES = ['competitorDataSharing', 'platformDependence'] as const;
/** Channels whose measured share the knowledge page asks for: the advised ones. */
export const POLLED_CHANNELS = ADVISED_CHANNELS;

/**
 * The longest value one input may hold, in UTF-16 code units (what a form's text is measured in
 * here). No field's own limit is longer (a business name 120, an address 254 or 500), so it
 * only refuses what no field would keep: the text of a number, an option, a phone number.
 */
export const MAX_INPUT_TEXT = 2000;

// ---------------------------------------------------------------- reading form values

function scalar(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v : '';
}

function list(values: FormValues, name: string): readonly string[] {
  const v = values[name];
  if (v === undefined) return [];
  return typeof v === 'string' ? [v] : v;
}

/** Blank means "not given"; "1,200", "45 %" and "45%" are read as the owner meant them. */
export function readNumber(raw: string): number | undefined {
  let s = raw.trim().replace(/[\s_]/g, '');
  if (s === '') return undefined;
  s = s.replace(/%$/, '');
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  return s === '' ? Number.NaN : Number(s);
}

/**
 * The number fields of one page being read: each read with the owner's language (blank is "not
 * given"), its errors (naming the field, saying how to write it) and the plain forms to store.
 * Without a language, stored values are read as before (readNumber).
 */
class NumberReader {
  readonly errors: PageError[] = [];
  private readonly plain = new Map<string, string>();

  constructor(
    private readonly values: FormValues,
    private readonly language: string | undefined,
  ) {}

  read(name: string, label: MessageParam, options: ParseNumberOptions = {}): number | undefined {
    const raw = scalar(this.values, name);
    if (this.language === undefined) return readNumber(raw);
    if (raw.trim() === '') return undefined;
    const parsed = parseNumber(raw, this.language, label, options);
    if (!parsed.ok) {
      this.errors.push({ field: name, message: parsed.message });
      // Not a number for the schema either; the message above replaces the schema's.
      return Number.NaN;
    }
    this.plain.set(name, String(parsed.value));
    return parsed.value;
  }

  /** An accepted page's result with its numbers in plain form (a refused one as typed). */
  finish(r: PageResult): PageResult {
    if (!r.ok || this.plain.size === 0) return r;
    return { ...r, values: { ...r.values, ...Object.fromEntries(this.plain) } };
  }
}

/** The input names of a page's number fields. */
export function numberInputs(page: PageDef): string[] {
  return page.fields.flatMap((f) => {
    if (f.kind === 'number') return [f.name];
    if (f.kind === 'numberGroup' || f.kind === 'channelShares')
      return (f.parts ?? []).map((part) => `${f.prefix}${part}`);
    return [];
  });
}

/**
 * Stored values shown on a page in a language: each number in that language's marks, without
 * grouping (`12.5` → `12,5` in Indonesian), so that sending the page back unchanged reads the
 * same number (to 15 significant digits). Values that are not numbers are shown as they are.
 */
export function valuesIn(page: PageDef, values: FormValues, language: string): FormValues {
  const out: Record<string, string | readonly string[]> = { ...values };
  for (const name of numberInputs(page)) {
    const raw = values[name];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const n = readNumber(raw);
    // At most 15 significant digits, as parseNumber reads (an API-made 33.333333333333336).
    if (n !== undefined && Number.isFinite(n)) out[name] = plainNumberIn(Number(n.toPrecision(15)), language);
  }
  return out;
}

function optionalText(raw: string): string | undefined {
  return raw.trim() === '' ? undefined : raw;
}

const isList = (f: FieldDef) => f.kind === 'checkboxes' || f.kind === 'channelShares';

/** A field's inputs that hold one value each: its own (unless a list or a group) and its parts'. */
function singleInputsOf(f: FieldDef): string[] {
  return [
    ...(isList(f) || f.kind === 'numberGroup' ? [] : [f.name]),
    ...(f.parts ?? []).map((part) => `${f.prefix}${part}`),
  ];
}

/** The inputs of a page that hold one value each (the lists are the checkbox questions). */
export function singleValueInputs(page: PageDef): string[] {
  return page.fields.flatMap(singleInputsOf);
}

/**
 * An error for each input of this page that holds one value but came with several different
 * ones (a form no page of Kanal's sends: a tool's, or a page changed by hand). cleanForm keeps
 * the first; the page is refused with these errors, so no value is dropped unsaid. The same
 * value twice is one value.
 */
function repeatedInputs(page: PageDef, body: unknown): PageError[] {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return singleValueInputs(page)
    .filter((name) => {
      const v = input[name];
      return Array.isArray(v) && new Set(v.map((x) => String(x))).size > 1;
    })
    .map((field) => ({ field, message: message('web.error.repeated') }));
}

/**
 * Keeps only this page's fields, exactly as typed, one string or a list each. Nothing is cut:
 * a value cut short could read as another one (an email address after 2,000 spaces, a phone
 * number's last digits); readPage refuses what is too long instead. The form's body limit
 * bounds what arrives.
 */
export function cleanForm(page: PageDef, body: unknown): FormValues {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const out: Record<string, string | string[]> = {};
  const asString = (v: unknown): string =>
    typeof v === 'string' ? v : Array.isArray(v) ? asString(v[0]) : '';
  for (const field of page.fields) {
    if (isList(field)) {
      const v = input[field.name];
      out[field.name] = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
        (x) => typeof x === 'string',
      );
    }
    for (const name of singleInputsOf(field)) out[name] = asString(input[name]);
  }
  return out;
}

/**
 * The page's values as a form sent them (cleanForm), or undefined when it sent none of the
 * page's inputs: a client-list upload from a page served before decision 046 carries the token
 * and the file only.
 */
export function sentValues(page: PageDef, body: unknown): FormValues | undefined {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const names = page.fields.flatMap((f) => [...(isList(f) ? [f.name] : []), ...singleInputsOf(f)]);
  return names.some((name) => input[name] !== undefined) ? cleanForm(page, body) : undefined;
}

/** An error for each input of this page holding one value longer than MAX_INPUT_TEXT. */
function overlongInputs(page: PageDef, values: FormValues): PageError[] {
  return singleValueInputs(page)
    .filter((name) => scalar(values, name).length > MAX_INPUT_TEXT)
    .map((field) => ({ field, message: message('web.error.too_long', { maximum: MAX_INPUT_TEXT }) }));
}

/**
 * A page as sent (a form's body): its values as typed (cleanForm), refused when an input came
 * with several different values (repeatedInputs), then read by the page's own rules; an input
 * longer than any field keeps (overlongInputs) is refused at that input too, unless the page's
 * rules already said what is wrong with it (a business name over 120 characters).
 */
export function readPage(
  page: PageDef,
  body: unknown,
  pages?: DraftPages,
  options?: ReadOptions,
): PageResult {
  const values = cleanForm(page, body);
  const repeated = repeatedInputs(page, body);
  if (repeated.length > 0) return { ok: false, values, errors: repeated };
  const parsed = page.parse(values, pages, options);
  const said = new Set(parsed.ok ? [] : parsed.errors.map((e) => e.field));
  const overlong = overlongInputs(page, values).filter((e) => !said.has(e.field));
  if (overlong.length === 0) return parsed;
  if (parsed.ok) return { ok: false, values, errors: overlong };
  return { ok: false, values: parsed.values, errors: [...parsed.errors, ...overlong] };
}

// ---------------------------------------------------------------- validation helpers

const S = AnswersSchema.shape;
const C = S.customers.shape;

/** Validates a fragment with a schema made of parts of AnswersSchema; errors keep the API's paths. */
function check(schema: z.ZodType, fragment: Fragment): Validation<Fragment> {
  const result = schema.safeParse(fragment, { reportInput: true });
  if (result.success) return { ok: true, value: fragment };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues) };
}

/** Maps an API path to a form field by the longest matching prefix. */
function toPageErrors(
  errors: readonly FieldError[],
  fieldFor: Readonly<Record<string, string>>,
): PageError[] {
  const keys = Object.keys(fieldFor).sort((a, b) => b.length - a.length);
  const out: PageError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const key = keys.find((k) => e.path === k || e.path.startsWith(`${k}.`));
    const field = key === undefined ? (Object.values(fieldFor)[0] ?? '') : fieldFor[key]!;
    if (seen.has(field)) continue;
    seen.add(field);
    out.push({ field, message: e.message });
  }
  return out;
}

/**
 * A radio question left unanswered: "X is missing" (zod would say "must be one of" and list
 * the codes, which suits the API but not a person).
 */
function unansweredRadios(values: FormValues, fields: Readonly<Record<string, string>>): PageError[] {
  return Object.entries(fields)
    .filter(([name]) => scalar(values, name).trim() === '')
    .map(([name, label]) => ({
      field: name,
      message: message('validation.required', { field: message(label) }),
    }));
}

function result(
  values: FormValues,
  fragment: Fragment,
  schema: z.ZodType,
  fieldFor: Readonly<Record<string, string>>,
  extra: readonly PageError[] = [],
): PageResult {
  const v = check(schema, fragment);
  const errors = [...(v.ok ? [] : toPageErrors(v.errors, fieldFor))];
  for (const e of extra) {
    const i = errors.findIndex((x) => x.field === e.field);
    if (i >= 0) errors[i] = e;
    else errors.push(e);
  }
  return errors.length === 0 ? { ok: true, values, fragment } : { ok: false, values, errors };
}

const str = (n: number | undefined) => (n === undefined ? '' : String(n));

// ---------------------------------------------------------------- age mix arithmetic

/**
 * Counts of customers per age group to whole percentages that add up to exactly 100, by the
 * largest-remainder method (ties go to the earlier group). All zero gives all zero.
 */
export function countsToPercentages(counts: readonly number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return counts.map(() => 0);
  const exact = counts.map((c) => (c * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return floors;
}

export interface AgeMixReading {
  readonly mode: AgeMixMode;
  /** The numbers as typed (blank read as 0), by age group. */
  readonly entered: Readonly<Record<AgeGroup, number>>;
  /** In percent: as entered; from counts: converted. */
  readonly percentages: Readonly<Record<AgeGroup, number>>;
}

/** The customers page's values with the age mix given as counts per group (a counted client list). */
export function withAgeCounts(values: FormValues, counts: Readonly<Record<AgeGroup, number>>): FormValues {
  return {
    ...values,
    ageMixMode: 'count',
    ...Object.fromEntries(AGE_GROUPS.map((g) => [`age_${g}`, String(counts[g])])),
  };
}

/** Reads an accepted customers page: the age mix as entered and as percentages. */
export function readAgeMix(values: FormValues): AgeMixReading | undefined {
  const mode: AgeMixMode = scalar(values, 'ageMixMode') === 'count' ? 'count' : 'percent';
  const nums = AGE_GROUPS.map((g) => readNumber(scalar(values, `age_${g}`)) ?? 0);
  if (nums.some((n) => !Number.isFinite(n))) return undefined;
  const pct = mode === 'count' ? countsToPercentages(nums) : nums;
  const byGroup = (xs: readonly number[]) =>
    Object.fromEntries(AGE_GROUPS.map((g, i) => [g, xs[i]!])) as Record<AgeGroup, number>;
  return { mode, entered: byGroup(nums), percentages: byGroup(pct) };
}

// ---------------------------------------------------------------- the pages

/**
 * Which form field an error at an Answers path belongs to: derived from the fields' answer
 * paths (a group's parts by `<path>.<part>`), the page's `errorsAt`, and `extra` for paths that
 * depend on the form (list indexes).
 */
export function errorFields(
  page: PageDef,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const out: Record<string, string> = { ...page.errorsAt };
  for (const f of page.fields) {
    const a = f.answer;
    if (a === undefined) continue;
    for (const path of [...a.paths, ...(a.owns ?? [])]) out[path] ??= f.name;
    if (f.kind === 'numberGroup') {
      for (const part of f.parts ?? []) out[`${a.paths[0]}.${part}`] = `${f.prefix}${part}`;
    }
  }
  return { ...out, ...extra };
}

const answer = (
  paths: readonly string[],
  label: string,
  show: ShowKind,
  owns?: readonly string[],
): FieldAnswer => (owns === undefined ? { paths, label, show } : { paths, label, show, owns });

/**
 * A list question with "none of these": nothing ticked is a question left unanswered, "none"
 * with something else contradicts itself; otherwise the ticked options (none: an empty list).
 */
function noneChoice(
  values: FormValues,
  name: string,
  label: string,
): { readonly ticked: readonly string[]; readonly error?: PageError } {
  const ticked = list(values, name);
  if (ticked.length === 0) {
    return {
      ticked,
      error: { field: name, message: message('web.error.none_or_some', { field: message(label) }) },
    };
  }
  if (ticked.includes(NONE)) {
    if (ticked.length > 1)
      return { ticked, error: { field: name, message: message('web.error.none_and_some') } };
    return { ticked: [] };
  }
  return { ticked };
}

const businessPage: PageDef = {
  id: 'business',
  fields: [
    {
      name: 'name',
      kind: 'text',
      optional: true,
      autocomplete: 'organization',
      answer: answer(['business.name'], 'fields.business.name', 'text'),
    },
    {
      name: 'country',
      kind: 'select',
      options: COUNTRY_CODES,
      answer: answer(['business.country'], 'fields.business.country', 'country'),
    },
    {
      name: 'sector',
      kind: 'radios',
      options: SECTORS,
      answer: answer(['business.sector'], 'fields.business.sector', 'option'),
    },
  ],
  errorsAt: { business: 'name' },
  parse(values) {
    const fragment = {
      business: {
        name: optionalText(scalar(values, 'name')),
        country: optionalText(scalar(values, 'country')),
        sector: optionalText(scalar(values, 'sector')),
      },
    };
    return result(
      values,
      fragment,
      z.object({ business: S.business }),
      errorFields(businessPage),
      unansweredRadios(values, { sector: 'fields.business.sector' }),
    );
  },
  fromAnswers: (a) => ({
    name: a.business.name ?? '',
    country: a.business.country,
    sector: a.business.sector,
  }),
};

const ageCount = C.activePerMonth.unwrap();

const customersPage: PageDef = {
  id: 'customers',
  fields: [
    { name: 'ageMixMode', kind: 'radios', options: AGE_MIX_MODES },
    {
      name: 'ageMix',
      kind: 'numberGroup',
      parts: AGE_GROUPS,
      prefix: 'age_',
      answer: answer(['customers.ageMix'], 'fields.customers.ageMix', 'ageMix'),
    },
    {
      name: 'activePerMonth',
      kind: 'number',
      optional: true,
      answer: answer(['customers.activePerMonth'], 'fields.customers.activePerMonth', 'count'),
    },
  ],
  parse(values, _pages, options = {}) {
    const fieldFor = errorFields(customersPage);
    const mode = scalar(values, 'ageMixMode');
    const numbers = new NumberReader(values, options.language);
    const raw = AGE_GROUPS.map((g) =>
      numbers.read(
        `age_${g}`,
        message(`fields.customers.ageMix.${g}`),
        mode === 'count' ? { integer: true } : { percent: true },
      ),
    );
    const activePerMonth = numbers.read('activePerMonth', message('fields.customers.activePerMonth'), {
      integer: true,
    });
    const extra: PageError[] = [...numbers.errors];
    if (mode !== 'percent' && mode !== 'count') {
      extra.push({ field: 'ageMixMode', message: message('web.error.age_mix_mode') });
    }
    if (raw.every((n) => n === undefined)) {
      extra.push({
        field: 'ageMix',
        message: message('validation.required', { field: message('fields.customers.ageMix') }),
      });
      const fragment = { customers: { activePerMonth } };
      const schema = z.object({ customers: z.object({ activePerMonth: C.activePerMonth }) });
      return numbers.finish(result(values, fragment, schema, fieldFor, extra));
    }
    const nums = raw.map((n) => n ?? 0);
    if (mode === 'count') {
      const counts = Object.fromEntries(AGE_GROUPS.map((g, i) => [g, nums[i]]));
      const countSchema = z.object({
        customers: z.object({ ageMix: z.object(Object.fromEntries(AGE_GROUPS.map((g) => [g, ageCount]))) }),
      });
      const countCheck = check(countSchema, { customers: { ageMix: counts } });
      if (!countCheck.ok) {
        const countErrors = toPageErrors(countCheck.errors, fieldFor);
        const mine = new Set(numbers.errors.map((e) => e.field));
        return {
          ok: false,
          values,
          errors: [...numbers.errors, ...countErrors.filter((e) => !mine.has(e.field))],
        };
      }
      if (nums.every((n) => n === 0)) {
        return {
          ok: false,
          values,
          errors: [{ field: 'ageMix', message: message('web.error.age_counts_zero') }],
        };
      }
    }
    const pct = mode === 'count' ? countsToPercentages(nums) : nums;
    const ageMix = Object.fromEntries(AGE_GROUPS.map((g, i) => [g, pct[i]]));
    const fragment = { customers: { ageMix, activePerMonth } };
    const schema = z.object({ customers: z.object({ ageMix: C.ageMix, activePerMonth: C.activePerMonth }) });
    return numbers.finish(result(values, fragment, schema, fieldFor, extra));
  },
  fromAnswers: (a) => ({
    ageMixMode: 'percent',
    ...Object.fromEntries(AGE_GROUPS.map((g) => [`age_${g}`, str(a.customers.ageMix[g])])),
    activePerMonth: str(a.customers.activePerMonth),
  }),
};

/** The channels ticked on an accepted channels page, in the order of CHANNELS. */
export function channelsInUse(pages: DraftPages): Channel[] {
  const values = pages.channels;
  if (values === undefined) return [];
  const ticked = list(values, 'channels');
  return CHANNELS.filter((c) => ticked.includes(c));
}

const channelsPage: PageDef = {
  id: 'channels',
  fields: [
    {
      name: 'channels',
      kind: 'channelShares',
      options: CHANNELS,
      parts: CHANNELS,
      prefix: 'share_',
      noneOption: true,
      answer: answer(['channels'], 'fields.channels', 'channels'),
    },
  ],
  parse(values, _pages, options = {}) {
    const choice = noneChoice(values, 'channels', 'fields.channels');
    const ticked = choice.ticked;
    const known = CHANNELS.filter((c) => ticked.includes(c));
    const unknown = ticked.filter((c) => !(CHANNELS as readonly string[]).includes(c) && c !== NONE);
    const numbers = new NumberReader(values, options.language);
    const entries: { channel: string; sharePercent: number | undefined }[] = [
      ...known.map((channel) => ({
        channel,
        sharePercent: numbers.read(`share_${channel}`, message(`channel.${channel}`), { percent: true }),
      })),
      ...unknown.map((channel) => ({ channel, sharePercent: undefined })),
    ];
    const indexes: Record<string, string> = {};
    entries.forEach((e, i) => {
      indexes[`channels.${i}.sharePercent`] = known.includes(e.channel as Channel)
        ? `share_${e.channel}`
        : 'channels';
    });
    const extra: PageError[] = CHANNELS.filter(
      (c) => !known.includes(c) && scalar(values, `share_${c}`).trim() !== '',
    ).map((c) => ({
      field: `share_${c}`,
      message: message('web.error.share_without_channel', { channel: message(`channel.${c}`) }),
    }));
    if (choice.error !== undefined) extra.push(choice.error);
    extra.push(...numbers.errors);
    const fieldFor = errorFields(channelsPage, indexes);
    return numbers.finish(
      result(values, { channels: entries }, z.object({ channels: S.channels }), fieldFor, extra),
    );
  },
  fromAnswers: (a) => ({
    channels: a.channels.length === 0 ? [NONE] : a.channels.map((c) => c.channel),
    ...Object.fromEntries(
      CHANNELS.map((c) => [`share_${c}`, str(a.channels.find((x) => x.channel === c)?.sharePercent)]),
    ),
  }),
};

const purposesPage: PageDef = {
  id: 'purposes',
  fields: [
    {
      name: 'purposes',
      kind: 'checkboxes',
      options: PURPOSES,
      noneOption: true,
      answer: answer(['purposes'], 'fields.purposes', 'options'),
    },
    {
      name: 'broadcastAudience',
      kind: 'number',
      optional: true,
      answer: answer(['broadcastAudience'], 'fields.broadcastAudience', 'count'),
    },
  ],
  parse(values, _pages, options = {}) {
    const choice = noneChoice(values, 'purposes', 'fields.purposes');
    const numbers = new NumberReader(values, options.language);
    const fragment = {
      purposes: [...choice.ticked],
      broadcastAudience: numbers.read('broadcastAudience', message('fields.broadcastAudience'), {
        integer: true,
      }),
    };
    const schema = z.object({ purposes: S.purposes, broadcastAudience: S.broadcastAudience });
    const extra = [...(choice.error === undefined ? [] : [choice.error]), ...numbers.errors];
    return numbers.finish(result(values, fragment, schema, errorFields(purposesPage), extra));
  },
  fromAnswers: (a) => ({
    purposes: a.purposes.length === 0 ? [NONE] : [...a.purposes],
    broadcastAudience: str(a.broadcastAudience),
  }),
};

const whatsappPage: PageDef = {
  id: 'whatsapp',
  fields: [
    {
      name: 'whatsappFeatures',
      kind: 'checkboxes',
      options: WHATSAPP_FEATURES,
      answer: answer(['whatsappFeatures'], 'fields.whatsappFeatures', 'options'),
    },
  ],
  applies: (pages) => channelsInUse(pages).includes('whatsapp_business'),
  parse(values) {
    const fragment = { whatsappFeatures: [...list(values, 'whatsappFeatures')] };
    return result(
      values,
      fragment,
      z.object({ whatsappFeatures: S.whatsappFeatures }),
      errorFields(whatsappPage),
    );
  },
  fromAnswers: (a) => ({ whatsappFeatures: [...a.whatsappFeatures] }),
};

const knowledgePage: PageDef = {
  id: 'knowledge',
  fields: [
    {
      name: 'emailOnFilePercent',
      kind: 'number',
      optional: true,
      percent: true,
      answer: answer(['customers.emailOnFilePercent'], 'fields.customers.emailOnFilePercent', 'percent'),
    },
    {
      name: 'knownChannelUse',
      kind: 'numberGroup',
      parts: POLLED_CHANNELS,
      prefix: 'known_',
      optional: true,
      answer: answer(
        ['customers.knownChannelUse'],
        'fields.customers.knownChannelUse',
        'shares',
        POLLED_CHANNELS.map((c) => `customers.knownChannelUse.${c}`),
      ),
    },
  ],
  parse(values, _pages, options = {}) {
    const numbers = new NumberReader(values, options.language);
    const emailOnFilePercent = numbers.read(
      'emailOnFilePercent',
      message('fields.customers.emailOnFilePercent'),
      { percent: true },
    );
    const known = Object.fromEntries(
      POLLED_CHANNELS.map(
        (c) =>
          [
            c,
            numbers.read(`known_${c}`, message(`fields.customers.knownChannelUse.${c}`), { percent: true }),
          ] as const,
      ).filter(([, n]) => n !== undefined),
    );
    const fragment = {
      customers: {
        emailOnFilePercent,
        knownChannelUse: Object.keys(known).length === 0 ? undefined : known,
      },
    };
    const schema = z.object({
      customers: z.object({ emailOnFilePercent: C.emailOnFilePercent, knownChannelUse: C.knownChannelUse }),
    });
    return numbers.finish(result(values, fragment, schema, errorFields(knowledgePage), numbers.errors));
  },
  fromAnswers: (a) => ({
    emailOnFilePercent: str(a.customers.emailOnFilePercent),
    ...Object.fromEntries(POLLED_CHANNELS.map((c) => [`known_${c}`, str(a.customers.knownChannelUse?.[c])])),
  }),
};

const concernsPage: PageDef = {
  id: 'concerns',
  fields: [
    {
      name: 'customerPrivacy',
      kind: 'radios',
      options: PRIVACY_LEVELS,
      answer: answer(['concerns.customerPrivacy'], 'fields.concerns.customerPrivacy', 'option'),
    },
    {
      name: 'worries',
      kind: 'checkboxes',
      options: WORRIES,
      optional: true,
      answer: answer(
        WORRIES.map((w) => `concerns.${w}`),
        'web.field.worries.label',
        'flags',
      ),
    },
    { name: 'team', kind: 'radios', options: TEAMS, answer: answer(['team'], 'fields.team', 'option') },
  ],
  errorsAt: { concerns: 'worries' },
  parse(values) {
    const worries = list(values, 'worries');
    const fragment = {
      concerns: {
        customerPrivacy: optionalText(scalar(values, 'customerPrivacy')),
        competitorDataSharing: worries.includes('competitorDataSharing'),
        platformDependence: worries.includes('platformDependence'),
      },
      team: optionalText(scalar(values, 'team')),
    };
    const extra = unansweredRadios(values, {
      customerPrivacy: 'fields.concerns.customerPrivacy',
      team: 'fields.team',
    });
    // The worries become flags, so a value that is none of them would vanish: refuse it instead.
    if (worries.some((w) => !(WORRIES as readonly string[]).includes(w)))
      extra.push({
        field: 'worries',
        message: message('validation.one_of', {
          field: message('web.field.worries.label'),
          options: WORRIES.join(', '),
        }),
      });
    return result(
      values,
      fragment,
      z.object({ concerns: S.concerns, team: S.team }),
      errorFields(concernsPage),
      extra,
    );
  },
  fromAnswers: (a) => ({
    customerPrivacy: a.concerns.customerPrivacy,
    worries: WORRIES.filter((w) => a.concerns[w]),
    team: a.team,
  }),
};

const CONTACT_FIELDS = ['whatsappNumber', 'telegram', 'email', 'signupUrl'] as const;
const CONTACT_SHOW: Readonly<Record<(typeof CONTACT_FIELDS)[number], ShowKind>> = {
  whatsappNumber: 'phone',
  telegram: 'telegram',
  email: 'text',
  signupUrl: 'text',
};

/** The second language's "only one language" option. */
export const ONE_LANGUAGE = 'none';

/**
 * The customers' languages (customers.languages): the main one, preset to the owner's, and an
 * optional second one. On the contact page, which is about the kit they are used for.
 */
const LANGUAGE_FIELDS: readonly FieldDef[] = [
  {
    name: 'customerLanguage',
    kind: 'radios',
    options: CUSTOMER_LANGUAGES,
    optional: true,
    preset: PAGE_LANGUAGE,
    answer: answer(['customers.languages'], 'fields.customers.languages', 'options'),
  },
  {
    name: 'secondLanguage',
    kind: 'radios',
    options: [ONE_LANGUAGE, ...CUSTOMER_LANGUAGES],
    optional: true,
    preset: ONE_LANGUAGE,
  },
];

/** The languages part of the contact page's fragment, or an error naming the field. */
function languagesFragment(values: FormValues): { languages?: string[]; error?: PageError } {
  const main = scalar(values, 'customerLanguage').trim();
  const second = scalar(values, 'secondLanguage').trim();
  const hasSecond = second !== '' && second !== ONE_LANGUAGE;
  if (main === '') {
    if (!hasSecond) return {};
    return {
      error: {
        field: 'customerLanguage',
        message: message('validation.required', { field: message('web.field.customerLanguage.label') }),
      },
    };
  }
  return { languages: hasSecond ? [main, second] : [main] };
}

const contactPage: PageDef = {
  id: 'contact',
  fields: [
    ...(
      [
        { name: 'whatsappNumber', kind: 'text', optional: true, inputType: 'tel', autocomplete: 'tel' },
        { name: 'telegram', kind: 'text', optional: true },
        { name: 'email', kind: 'text', optional: true, inputType: 'email', autocomplete: 'email' },
        { name: 'signupUrl', kind: 'text', optional: true, inputType: 'url', autocomplete: 'url' },
      ] as const satisfies readonly FieldDef[]
    ).map((f) => ({
      ...f,
      answer: answer([`contact.${f.name}`], `fields.contact.${f.name}`, CONTACT_SHOW[f.name]),
    })),
    ...LANGUAGE_FIELDS,
  ],
  // The second language of the two.
  errorsAt: { 'customers.languages.1': 'secondLanguage' },
  parse(values, pages) {
    const given = CONTACT_FIELDS.filter((f) => scalar(values, f).trim() !== '');
    const langs = languagesFragment(values);
    const fragment = {
      contact: given.length === 0 ? undefined : Object.fromEntries(given.map((f) => [f, scalar(values, f)])),
      customers: { languages: langs.languages },
    };
    // The WhatsApp number is read with the business page's country (webhard, decision 018).
    const number = scalar(values, 'whatsappNumber').trim();
    const country = scalar(pages?.business ?? {}, 'country')
      .trim()
      .toUpperCase();
    const read = number === '' || country === '' ? undefined : whatsappNumberFor(number, country);
    const extra: PageError[] =
      read === undefined || read.ok ? [] : [{ field: 'whatsappNumber', message: read.error }];
    if (langs.error !== undefined) extra.push(langs.error);
    return result(
      values,
      fragment,
      z.object({ contact: S.contact, customers: z.object({ languages: C.languages }) }),
      errorFields(contactPage),
      extra,
    );
  },
  fromAnswers: (a) => {
    const languages = a.customers.languages;
    return {
      ...Object.fromEntries(
        CONTACT_FIELDS.map((f) => {
          const v = a.contact?.[f];
          // Stored WhatsApp numbers are digits only; show them in international form.
          return [f, v === undefined ? '' : f === 'whatsappNumber' ? `+${v}` : v];
        }),
      ),
      customerLanguage: languages?.[0] ?? '',
      secondLanguage: languages === undefined ? '' : (languages[1] ?? ONE_LANGUAGE),
    };
  },
};

export const PAGES: readonly PageDef[] = [
  businessPage,
  customersPage,
  channelsPage,
  purposesPage,
  whatsappPage,
  knowledgePage,
  concernsPage,
  contactPage,
];

export function pageById(id: PageId): PageDef {
  return PAGES.find((p) => p.id === id)!;
}

// ---------------------------------------------------------------- the flow

/** The pages in the flow, given the answers so far. */
export function activePages(pages: DraftPages): PageDef[] {
  return PAGES.filter((p) => p.applies === undefined || p.applies(pages));
}

export function isActive(pages: DraftPages, id: PageId): boolean {
  return activePages(pages).some((p) => p.id === id);
}

/**
 * "Question n of m": the page's place among all the questionnaire's pages. m never changes
 * with the answers (a page that does not apply is skipped, not uncounted), so the owner is
 * never told there are more questions than a page ago.
 */
export function position(_pages: DraftPages, id: PageId): { n: number; m: number } {
  return { n: PAGES.findIndex((p) => p.id === id) + 1, m: PAGES.length };
}

/** The first page in the flow without accepted answers, or undefined when all are answered. */
export function firstUnanswered(pages: DraftPages): PageId | undefined {
  // A page answered before another changed under it (the country under the WhatsApp number)
  // is to be answered again.
  return activePages(pages).find((p) => pages[p.id] === undefined || !p.parse(pages[p.id]!, pages).ok)?.id;
}

export type Step = PageId | 'check';

/**
 * Where to go after a page is accepted. Changing an answer from check-your-answers returns
 * there, unless the change brought a new question into the flow that has no answer yet.
 */
export function nextStep(pages: DraftPages, current: PageId, changing: boolean): Step {
  if (changing) return firstUnanswered(pages) ?? 'check';
  const flow = activePages(pages);
  const i = flow.findIndex((p) => p.id === current);
  return flow[i + 1]?.id ?? 'check';
}

/** The page before, for the back link; undefined before the first question. */
export function previousStep(pages: DraftPages, current: Step): PageId | undefined {
  const flow = activePages(pages);
  if (current === 'check') return flow.at(-1)?.id;
  const i = flow.findIndex((p) => p.id === current);
  return i > 0 ? flow[i - 1]!.id : undefined;
}

// ---------------------------------------------------------------- building Answers

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A list item's identity, for keeping an earlier order: a channel entry by its channel. */
function itemKey(x: unknown): string {
  return isObject(x) && typeof x.channel === 'string' ? x.channel : JSON.stringify(x);
}

/**
 * The new list in the order of the earlier one where items were there before (new items after,
 * in their own order): pages list options in a fixed order, answers made through the API may
 * not, and re-ticking the same boxes must not reorder them.
 */
function keepOrder(before: readonly unknown[], after: readonly unknown[]): unknown[] {
  const rank = new Map(before.map((x, i) => [itemKey(x), i]));
  const at = (x: unknown) => rank.get(itemKey(x)) ?? before.length;
  return after
    .map((x, i) => ({ x, i }))
    .sort((a, b) => at(a.x) - at(b.x) || a.i - b.i)
    .map(({ x }) => x);
}

function deepMerge(a: Record<string, unknown>, b: Fragment): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === undefined) continue;
    const prev = out[k];
    out[k] = isObject(prev) && isObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

/** A copy of `input` without the value at `path`; objects left empty by it are removed too. */
function without(input: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (head === undefined || !(head in input)) return input;
  const out = { ...input };
  if (rest.length === 0) {
    delete out[head];
    return out;
  }
  const inner = out[head];
  if (!isObject(inner)) return out;
  const left = without(inner, rest);
  if (Object.keys(left).length === 0) delete out[head];
  else out[head] = left;
  return out;
}

function valueAt(input: unknown, path: string): unknown {
  let value = input;
  for (const part of path.split('.')) value = isObject(value) ? value[part] : undefined;
  return value;
}

/** The Answers paths a page's answer replaces. */
export function ownedPaths(page: PageDef): string[] {
  return page.fields.flatMap((f) => (f.answer === undefined ? [] : [...(f.answer.owns ?? f.answer.paths)]));
}

/**
 * The Answers a draft adds up to, validated whole: the fragments of the answered pages in the
 * flow, over `base` (the answers of the plan the draft changes). Each page replaces exactly the
 * paths it owns; every answer no page in the flow asks about is kept as it was (answers made
 * through the API included), so submitting a change unchanged gives the same Answers.
 */
export function answersOfDraft(pages: DraftPages, base?: Answers): Validation<Answers> {
  let input: Record<string, unknown> = base === undefined ? { version: 1 } : structuredClone(base);
  for (const page of activePages(pages)) {
    const values = pages[page.id];
    if (values === undefined) continue;
    const parsed = page.parse(values, pages);
    if (!parsed.ok) continue;
    const before = input;
    for (const path of ownedPaths(page)) input = without(input, path.split('.'));
    input = deepMerge(input, parsed.fragment);
    for (const path of ownedPaths(page)) {
      const was = valueAt(before, path);
      const now = valueAt(input, path);
      if (Array.isArray(was) && Array.isArray(now)) input = deepMerge(input, nest(path, keepOrder(was, now)));
    }
  }
  return validateAnswers(input);
}

function nest(path: string, value: unknown): Fragment {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Fragment;
}

/** The Answers of a new draft's pages. */
export function draftAnswers(pages: DraftPages): Validation<Answers> {
  return answersOfDraft(pages);
}

/**
 * The form values of the pages in the flow of these answers, for a draft that changes them. A
 * page outside that flow (the WhatsApp features page without WhatsApp Business) stays
 * unanswered, so a change that brings it into the flow asks it.
 */
export function pagesFromAnswers(answers: Answers): DraftPages {
  const pages: Partial<Record<PageId, FormValues>> = {};
  for (const page of PAGES) pages[page.id] = page.fromAnswers(answers);
  return Object.fromEntries(activePages(pages).map((p) => [p.id, pages[p.id]!]));
}

/**
 * Every answer the questionnaire asks, in its order: each field's Answers paths. What the
 * comparison with an earlier plan compares (src/domain/compare.ts).
 */
export const ANSWER_PATHS: readonly string[] = PAGES.flatMap((p) =>
  p.fields.flatMap((f) => f.answer?.paths ?? []),
);
