/**
 * View models: plain objects the templates loop over. All words come from the translation
 * layer here; templates only place them.
 */
import { AGE_GROUPS, type Answers, CHANNELS } from '../domain/answers.js';
import { isCountryCode } from '../domain/countries.js';
import { type NumberMarks, numberMarks } from '../domain/numbers.js';
import {
  activePages,
  type DraftPages,
  type FieldDef,
  type FormValues,
  NONE,
  PAGE_LANGUAGE,
  type PageDef,
  type PageError,
  readAgeMix,
} from '../domain/questionnaire.js';
import type { Translator } from '../i18n.js';

/** A stored day (YYYY-MM-DD, UTC: a poll's days) as the translator writes a date. */
export const dayText = (tr: Translator, day: string) => tr.formatDate(new Date(`${day}T00:00:00Z`));

/**
 * Numbers as a list in the page's language, with its own separator: "1, 1,200, 30" in English,
 * "1、1,200、30" in Chinese (not an ASCII comma, which there reads as a thousands mark). Narrow
 * conjunctions: a list of figures, without "and" before the last.
 */
export const numberList = (tr: Translator, items: readonly string[]) =>
  new Intl.ListFormat(tr.htmlLang, { type: 'conjunction', style: 'narrow' }).format(items);

export interface Words {
  readonly tr: Translator;
  /** Does this key exist? (optional hints) */
  readonly has: (key: string) => boolean;
}

export interface OptionVM {
  readonly id: string;
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
  readonly hintId?: string;
  readonly checked: boolean;
}

/** The countries of Kanal's owners, first in the country list (then the rest, by name). */
export const FIRST_COUNTRIES = ['SG', 'ID', 'MY'] as const;

export interface FieldVM {
  readonly kind: FieldDef['kind'] | 'share';
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  readonly hintId?: string;
  readonly error?: string;
  readonly errorId?: string;
  /** ids for aria-describedby: hint then error, or undefined. */
  readonly describedBy?: string;
  /** aria-invalid: its own error, or an error on its group. */
  readonly invalid: boolean;
  readonly value: string;
  readonly inputType: string;
  readonly inputmode?: string;
  readonly autocomplete?: string;
  readonly suffix?: string;
  readonly widthClass: string;
  readonly options: readonly OptionVM[];
  readonly parts: readonly FieldVM[];
  /** channelShares rows: a checkbox option with its share input. */
  readonly rows: readonly { readonly option: OptionVM; readonly share: FieldVM }[];
  /** "None of these": an exclusive last checkbox, after an "or". */
  readonly none?: OptionVM;
  /** A number group's marks in the page's language, for enhance.js to read typed numbers. */
  readonly marks?: NumberMarks;
}

export interface ErrorLinkVM {
  readonly href: string;
  readonly text: string;
}

export const fieldId = (name: string) => `f-${name}`;

function optionId(field: string, value: string, first: boolean): string {
  return first ? fieldId(field) : `${fieldId(field)}-${value}`;
}

/** The id an error for `name` links to: the field, or the first input of a group. */
export function errorTarget(page: PageDef, name: string): string {
  const group = page.fields.find((f) => f.name === name && f.kind === 'numberGroup');
  if (group?.parts?.[0] !== undefined) return fieldId(`${group.prefix}${group.parts[0]}`);
  return fieldId(name);
}

function describedBy(...ids: (string | undefined)[]): string | undefined {
  const s = ids.filter((x) => x !== undefined).join(' ');
  return s === '' ? undefined : s;
}

function fieldValue(values: FormValues, name: string): string {
  const v = values[name];
  return typeof v === 'string' ? v : '';
}

function listOf(values: FormValues, name: string): readonly string[] {
  const v = values[name];
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

/**
 * A country's name from the locale's `country.XX` keys (the same names the engine's texts use),
 * not from Intl at run time. `in_text` gives the form that reads inside a sentence
 * ("in the United Kingdom"). A code that is not a country is shown as it is.
 */
export function countryName(tr: Translator, code: string, context?: 'in_text'): string {
  if (!isCountryCode(code)) return code;
  return context === undefined ? tr.t(`country.${code}`) : tr.t(`country.${code}`, { context });
}

function optionLabel(w: Words, field: string, value: string): string {
  if (field === 'country') return countryName(w.tr, value);
  if (field === 'channels') return w.tr.t(`channel.${value}`);
  return w.tr.t(`web.option.${field}.${value}`);
}

function partLabel(w: Words, group: string, part: string): string {
  if (group === 'ageMix') return w.tr.t(`web.field.age.${part}`);
  if (group === 'knownChannelUse') return w.tr.t(`fields.customers.knownChannelUse.${part}`);
  return w.tr.t(`channel.${part}`);
}

export function questionFields(
  w: Words,
  page: PageDef,
  values: FormValues,
  errors: readonly PageError[],
): FieldVM[] {
  const errorText = new Map(errors.map((e) => [e.field, w.tr.render(e.message)]));
  const pct = w.tr.t('web.unit.percent');

  const base = (name: string, labelKey: string, optional: boolean) => {
    const hintKey = `web.field.${name}.hint`;
    const hint = w.has(hintKey) ? w.tr.t(hintKey) : undefined;
    const error = errorText.get(name);
    const label = w.tr.t(labelKey) + (optional ? ` ${w.tr.t('web.optional')}` : '');
    return {
      id: fieldId(name),
      name,
      label,
      hint,
      hintId: hint === undefined ? undefined : `${fieldId(name)}-hint`,
      error,
      errorId: error === undefined ? undefined : `${fieldId(name)}-error`,
    };
  };

  const numberInput = (name: string, label: string, percent: boolean, hint?: string): FieldVM => {
    const error = errorText.get(name);
    const hintId = hint === undefined ? undefined : `${fieldId(name)}-hint`;
    const errorId = error === undefined ? undefined : `${fieldId(name)}-error`;
    return {
      kind: 'number',
      id: fieldId(name),
      name,
      label,
      hint,
      hintId,
      error,
      errorId,
      describedBy: describedBy(hintId, errorId),
      invalid: error !== undefined,
      value: fieldValue(values, name),
      inputType: 'text',
      inputmode: percent ? 'decimal' : 'numeric',
      suffix: percent ? pct : undefined,
      widthClass: 'input--short',
      options: [],
      parts: [],
      rows: [],
    };
  };

  return page.fields.map((f): FieldVM => {
    const b = base(f.name, `web.field.${f.name}.label`, f.optional === true);
    const common = {
      ...b,
      describedBy: describedBy(b.hintId, b.errorId),
      invalid: b.error !== undefined,
      value: fieldValue(values, f.name),
      inputType: f.inputType ?? 'text',
      autocomplete: f.autocomplete,
      widthClass: f.inputType === 'tel' ? 'input--medium' : 'input--long',
      options: [] as OptionVM[],
      parts: [] as FieldVM[],
      rows: [] as { option: OptionVM; share: FieldVM }[],
    };
    if (f.kind === 'text') return { ...common, kind: 'text' };
    if (f.kind === 'number') {
      const n = numberInput(f.name, b.label, f.percent === true, b.hint);
      return { ...n, kind: 'number', widthClass: 'input--medium' };
    }
    // A radio question without a value shows its preset chosen (the customers' language: the page's).
    const preset = f.preset === PAGE_LANGUAGE ? w.tr.language : f.preset;
    const chosen =
      f.kind === 'checkboxes' || f.kind === 'channelShares'
        ? listOf(values, f.name)
        : [common.value === '' && f.kind === 'radios' && preset !== undefined ? preset : common.value];
    const options = (f.options ?? []).map((value, i): OptionVM => {
      const hintKey = `web.option.${f.name}.${value}.hint`;
      const id = optionId(f.name, value, i === 0);
      const hint = w.has(hintKey) ? w.tr.t(hintKey) : undefined;
      return {
        id,
        value,
        label: optionLabel(w, f.name, value),
        hint,
        hintId: hint === undefined ? undefined : `${id}-hint`,
        checked: chosen.includes(value),
      };
    });
    if (f.kind === 'select') {
      const first = (o: OptionVM) => {
        const i = (FIRST_COUNTRIES as readonly string[]).indexOf(o.value);
        return f.name === 'country' && i >= 0 ? i : FIRST_COUNTRIES.length;
      };
      const sorted = [...options].sort(
        (a, c) => first(a) - first(c) || a.label.localeCompare(c.label, w.tr.language),
      );
      return { ...common, kind: 'select', options: sorted };
    }
    const none: OptionVM | undefined = f.noneOption
      ? {
          id: `${fieldId(f.name)}-${NONE}`,
          value: NONE,
          label: w.tr.t(`web.option.${f.name}.${NONE}`),
          checked: chosen.includes(NONE),
        }
      : undefined;
    if (f.kind === 'radios' || f.kind === 'checkboxes') return { ...common, kind: f.kind, options, none };
    if (f.kind === 'numberGroup') {
      const parts = (f.parts ?? []).map((part) => {
        const input = numberInput(`${f.prefix}${part}`, partLabel(w, f.name, part), f.name !== 'ageMix');
        // A problem with the whole group (a total) marks every input in it.
        return b.errorId === undefined
          ? input
          : { ...input, invalid: true, describedBy: describedBy(b.errorId, input.errorId) };
      });
      return {
        ...common,
        kind: 'numberGroup',
        parts,
        id: parts[0]?.id ?? common.id,
        marks: numberMarks(w.tr.language),
      };
    }
    const rows = options.map((option) => ({
      option,
      share: {
        ...numberInput(
          `${f.prefix}${option.value}`,
          w.tr.t('web.field.share.label', { channel: option.label }),
          true,
        ),
        kind: 'share' as const,
      },
    }));
    return { ...common, kind: 'channelShares', rows, none };
  });
}

/**
 * The error summary's links, in the order of the fields on the page (whatever order the checks
 * found them in), so that the list reads as the form does; an error of a field the page does not
 * list (none today) comes last.
 */
export function errorSummary(w: Words, page: PageDef, errors: readonly PageError[]): ErrorLinkVM[] {
  const position = (name: string) => {
    const i = page.fields.findIndex(
      (f) => f.name === name || (f.prefix !== undefined && name.startsWith(f.prefix)),
    );
    return i < 0 ? page.fields.length : i;
  };
  return [...errors]
    .sort((a, b) => position(a.field) - position(b.field))
    .map((e) => ({ href: `#${errorTarget(page, e.field)}`, text: w.tr.render(e.message) }));
}

// ---------------------------------------------------------------- check your answers

export interface SummaryRowVM {
  readonly key: string;
  readonly lines: readonly string[];
  readonly changeHref: string;
  readonly changeHidden: string;
}

function valueAt(answers: Answers, path: string): unknown {
  let value: unknown = answers;
  for (const part of path.split('.')) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

/**
 * The lines check-answers shows for one field, by how the questionnaire says to show it
 * (FieldAnswer.show): one renderer per kind, the same for every field of that kind.
 */
function shownLines(w: Words, field: FieldDef, answers: Answers, pages: DraftPages): string[] {
  const { tr } = w;
  const a = field.answer!;
  const value = valueAt(answers, a.paths[0]!);
  const pct = (n: number) => tr.formatPercent(n / 100, 1);
  const opt = (v: string) => tr.t(`web.option.${field.name}.${v}`);
  const share = (channel: string, n: number) =>
    tr.t('web.check.channel_share', { channel: tr.t(`channel.${channel}`), share: pct(n) });
  switch (a.show) {
    case 'text':
      return typeof value === 'string' ? [value] : [];
    case 'phone':
      return typeof value === 'string' ? [`+${value}`] : [];
    case 'telegram':
      return typeof value === 'string' ? [`@${value}`] : [];
    case 'country':
      return typeof value === 'string' ? [countryName(tr, value)] : [];
    case 'option':
      return typeof value === 'string' ? [opt(value)] : [];
    case 'options': {
      const xs = Array.isArray(value) ? (value as string[]) : [];
      return xs.length === 0 && field.noneOption ? [tr.t(`web.option.${field.name}.${NONE}`)] : xs.map(opt);
    }
    case 'count':
      return typeof value === 'number' ? [tr.formatNumber(value)] : [];
    case 'percent':
      return typeof value === 'number' ? [pct(value)] : [];
    case 'flags': {
      const ticked = a.paths.filter((path) => valueAt(answers, path) === true);
      const names = ticked.map((path) => opt(path.split('.').at(-1)!));
      return names.length === 0 ? [tr.t('web.check.none')] : names;
    }
    case 'shares': {
      const known = (value ?? {}) as Readonly<Record<string, number | undefined>>;
      return CHANNELS.flatMap((c) => (known[c] === undefined ? [] : [share(c, known[c])]));
    }
    case 'channels': {
      const list = answers.channels;
      if (list.length === 0) return [tr.t('web.option.channels.none')];
      return list.map((c) =>
        c.sharePercent === undefined ? tr.t(`channel.${c.channel}`) : share(c.channel, c.sharePercent),
      );
    }
    case 'ageMix': {
      const lines = AGE_GROUPS.map((g) =>
        tr.t('web.check.age_line', {
          group: tr.t(`web.field.age.${g}`),
          share: pct(answers.customers.ageMix[g]),
        }),
      );
      const reading = pages.customers === undefined ? undefined : readAgeMix(pages.customers);
      if (reading?.mode === 'count') {
        const counts = numberList(
          tr,
          AGE_GROUPS.map((g) => tr.formatNumber(reading.entered[g])),
        );
        lines.push(tr.t('web.check.age_from_counts', { counts }));
      }
      return lines;
    }
  }
}

/**
 * Check your answers: a row per answered field of each page in the flow, derived from the
 * questionnaire's description of its fields (label, Answers path, how to show it).
 */
export function checkRows(w: Words, pages: DraftPages, answers: Answers, draftBase: string): SummaryRowVM[] {
  const notGiven = w.tr.t('web.check.not_given');
  return activePages(pages).flatMap((page) =>
    page.fields.flatMap((field) => {
      if (field.answer === undefined) return [];
      const key = w.tr.t(field.answer.label);
      const lines = shownLines(w, field, answers, pages);
      return [
        {
          key,
          lines: lines.length === 0 ? [notGiven] : lines,
          changeHref: `${draftBase}/${page.id}?change=1`,
          // As the label is written: lower-casing it would make "whatsapp" of a name and "anda" of Indonesian's capital Anda.
          changeHidden: key,
        },
      ];
    }),
  );
}
