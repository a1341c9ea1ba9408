/**
 * View models: plain objects the templates loop over. All words come from the translation
 * layer here; templates only place them.
 */
import { AGE_GROUPS, type Answers, CHANNELS } from '../domain/answers.js';
import { isCountryCode } from '../domain/countries.js';
import {
  activePages,
  type DraftPages,
  type FieldDef,
  type FormValues,
  type PageDef,
  type PageError,
  type PageId,
  readAgeMix,
  WORRIES,
} from '../domain/questionnaire.js';
import type { Translator } from '../i18n.js';

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
    const chosen =
      f.kind === 'checkboxes' || f.kind === 'channelShares' ? listOf(values, f.name) : [common.value];
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
      const sorted = [...options].sort((a, c) => a.label.localeCompare(c.label, w.tr.language));
      return { ...common, kind: 'select', options: sorted };
    }
    if (f.kind === 'radios' || f.kind === 'checkboxes') return { ...common, kind: f.kind, options };
    if (f.kind === 'numberGroup') {
      const parts = (f.parts ?? []).map((part) => {
        const input = numberInput(`${f.prefix}${part}`, partLabel(w, f.name, part), f.name !== 'ageMix');
        // A problem with the whole group (a total) marks every input in it.
        return b.errorId === undefined
          ? input
          : { ...input, invalid: true, describedBy: describedBy(b.errorId, input.errorId) };
      });
      return { ...common, kind: 'numberGroup', parts, id: parts[0]?.id ?? common.id };
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
    return { ...common, kind: 'channelShares', rows };
  });
}

export function errorSummary(w: Words, page: PageDef, errors: readonly PageError[]): ErrorLinkVM[] {
  return errors.map((e) => ({ href: `#${errorTarget(page, e.field)}`, text: w.tr.render(e.message) }));
}

// ---------------------------------------------------------------- check your answers

export interface SummaryRowVM {
  readonly key: string;
  readonly lines: readonly string[];
  readonly changeHref: string;
  readonly changeHidden: string;
}

export function checkRows(w: Words, pages: DraftPages, answers: Answers, draftBase: string): SummaryRowVM[] {
  const { tr } = w;
  const notGiven = tr.t('web.check.not_given');
  const pct = (n: number) => tr.formatPercent(n / 100, 1);
  const num = (n: number | undefined) => (n === undefined ? notGiven : tr.formatNumber(n));
  const opt = (field: string, value: string) => tr.t(`web.option.${field}.${value}`);
  const rows: SummaryRowVM[] = [];
  const row = (page: PageId, keyLabel: string, lines: readonly string[]) =>
    rows.push({
      key: keyLabel,
      lines: lines.length === 0 ? [notGiven] : lines,
      changeHref: `${draftBase}/${page}?change=1`,
      changeHidden: keyLabel.toLowerCase(),
    });
  const active = new Set(activePages(pages).map((p) => p.id));
  const a = answers;

  row('business', tr.t('fields.business.name'), a.business.name === undefined ? [] : [a.business.name]);
  row('business', tr.t('fields.business.country'), [countryName(tr, a.business.country)]);
  row('business', tr.t('fields.business.sector'), [opt('sector', a.business.sector)]);

  const reading = pages.customers === undefined ? undefined : readAgeMix(pages.customers);
  const ageLines = AGE_GROUPS.map((g) =>
    tr.t('web.check.age_line', { group: tr.t(`web.field.age.${g}`), share: pct(a.customers.ageMix[g]) }),
  );
  if (reading?.mode === 'count') {
    const counts = AGE_GROUPS.map((g) => tr.formatNumber(reading.entered[g])).join(', ');
    ageLines.push(tr.t('web.check.age_from_counts', { counts }));
  }
  row('customers', tr.t('fields.customers.ageMix'), ageLines);
  row('customers', tr.t('fields.customers.activePerMonth'), [num(a.customers.activePerMonth)]);

  row(
    'channels',
    tr.t('fields.channels'),
    a.channels.map((c) =>
      c.sharePercent === undefined
        ? tr.t(`channel.${c.channel}`)
        : tr.t('web.check.channel_share', {
            channel: tr.t(`channel.${c.channel}`),
            share: pct(c.sharePercent),
          }),
    ),
  );
  row(
    'purposes',
    tr.t('fields.purposes'),
    a.purposes.map((p) => opt('purposes', p)),
  );
  row('purposes', tr.t('fields.broadcastAudience'), [num(a.broadcastAudience)]);
  if (active.has('whatsapp')) {
    row(
      'whatsapp',
      tr.t('fields.whatsappFeatures'),
      a.whatsappFeatures.map((f) => opt('whatsappFeatures', f)),
    );
  }
  const e = a.customers.emailOnFilePercent;
  row('knowledge', tr.t('fields.customers.emailOnFilePercent'), [e === undefined ? notGiven : pct(e)]);
  const known = a.customers.knownChannelUse ?? {};
  row(
    'knowledge',
    tr.t('fields.customers.knownChannelUse'),
    CHANNELS.flatMap((c) => {
      const v = known[c];
      return v === undefined
        ? []
        : [tr.t('web.check.channel_share', { channel: tr.t(`channel.${c}`), share: pct(v) })];
    }),
  );
  row('concerns', tr.t('fields.concerns.customerPrivacy'), [
    opt('customerPrivacy', a.concerns.customerPrivacy),
  ]);
  const worries = WORRIES.filter((x) => a.concerns[x]).map((x) => opt('worries', x));
  row('concerns', tr.t('web.field.worries.label'), worries.length === 0 ? [tr.t('web.check.none')] : worries);
  row('concerns', tr.t('fields.team'), [opt('team', a.team)]);
  const c = a.contact;
  const contactLines = c
    ? [
        c.whatsappNumber && `${tr.t('fields.contact.whatsappNumber')}: +${c.whatsappNumber}`,
        c.telegram && `${tr.t('fields.contact.telegram')}: @${c.telegram}`,
        c.email && `${tr.t('fields.contact.email')}: ${c.email}`,
        c.signupUrl && `${tr.t('fields.contact.signupUrl')}: ${c.signupUrl}`,
      ].filter((x): x is string => typeof x === 'string' && x !== '')
    : [];
  row('contact', tr.t('fields.contact'), contactLines);
  return rows;
}
