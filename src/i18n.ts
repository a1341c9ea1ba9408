/**
 * The one translation layer (i18next). Every string a person reads comes from
 * locales/<lang>/*.json. Keys are flat dotted strings ("validation.required",
 * "fields.customers.ageMix"): a label can then exist for a group and for each of its members.
 * The files of one language are merged into one namespace, and a key defined in two files is an
 * error, so separate parts of the app can own separate files (validation.json, engine.json, ...).
 *
 * The domain never imports this: it returns Messages (key + params) and callers render them
 * with the Translate function made here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18n } from 'i18next';
import type { Message, Translate } from './domain/message.js';
import { memoisedRender } from './render-memo.js';

export const LOCALES_DIR = fileURLToPath(new URL('../locales', import.meta.url));
export const DEFAULT_LANGUAGE = 'en';
const MEMO_LIMIT = 20_000;
/** A number with a fraction in a sentence: in the language's marks, to a millionth as the domain rounds. */
const FRACTION: Intl.NumberFormatOptions = { maximumFractionDigits: 6 };

/**
 * The languages Kanal knows how to name and tag (decision 022). A language is served when its
 * folder exists under locales/ (the folder name is the i18next language and the `lang` cookie's
 * value); `html` is its BCP 47 tag for `<html lang>`, `Content-Language` and Intl; `name` is its
 * name in itself, for the language switch. Simplified Chinese is served as `zh`, tagged
 * `zh-Hans` (one text for Singapore and Malaysia, the script said so screen readers and fonts
 * pick Simplified forms).
 */
export const LANGUAGE_INFO: Readonly<Record<string, { readonly html: string; readonly name: string }>> = {
  en: { html: 'en', name: 'English' },
  id: { html: 'id', name: 'Bahasa Indonesia' },
  ms: { html: 'ms', name: 'Bahasa Melayu' },
  zh: { html: 'zh-Hans', name: '中文（简体）' },
};

/** The BCP 47 tag of a served language (a language without an entry is its own tag). */
export function htmlLang(language: string): string {
  return LANGUAGE_INFO[language]?.html ?? language;
}

type Tree = Record<string, string>;

export function loadResources(dir = LOCALES_DIR): Record<string, Tree> {
  const resources: Record<string, Tree> = {};
  for (const lang of readdirSync(dir).sort()) {
    const merged: Tree = {};
    for (const file of readdirSync(path.join(dir, lang)).sort()) {
      if (!file.endsWith('.json')) continue;
      const tree = JSON.parse(readFileSync(path.join(dir, lang, file), 'utf8')) as Tree;
      for (const [key, value] of Object.entries(tree)) {
        if (typeof value !== 'string')
          throw new Error(`${lang}/${file}: "${key}" must be a string (keys are flat).`);
        if (key in merged)
          throw new Error(`Translation key "${key}" is defined twice (again in ${lang}/${file}).`);
        merged[key] = value;
      }
    }
    resources[lang] = merged;
  }
  return resources;
}

export interface Translator {
  /** The served language (a locales/ folder name: en, id, ms, zh). */
  readonly language: string;
  /** Its BCP 47 tag, for `<html lang>`, `Content-Language` and Intl (zh → zh-Hans). */
  readonly htmlLang: string;
  /** Renders a domain Message (its Message-valued params first). */
  readonly render: Translate;
  /** Renders a key directly: for view text that is not a domain Message. */
  readonly t: (key: string, params?: Record<string, unknown>) => string;
  /** Intl formatting in this language. */
  readonly formatNumber: (n: number, options?: Intl.NumberFormatOptions) => string;
  readonly formatPercent: (share: number, maximumFractionDigits?: number) => string;
  /** A date in this language ("7 March 2025", "7 Maret 2025", "2025年3月7日"); UTC by default. */
  readonly formatDate: (date: Date, options?: Intl.DateTimeFormatOptions) => string;
  /** Whether this language itself has the key (never counting the English fallback). */
  readonly has: (key: string) => boolean;
}

export interface I18nOptions {
  /**
   * Throw on a key missing in the language asked for, instead of falling back to English (or
   * showing the key). Tests run strict, so a page rendered in any language fails on a gap.
   */
  readonly strict?: boolean;
  readonly resources?: Record<string, Tree>;
}

/** Creates the i18next instance once (synchronously); translators per language are cheap. */
export function createI18n(options: I18nOptions = {}) {
  const resources = options.resources ?? loadResources();
  const instance: I18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: Object.keys(resources),
    resources: Object.fromEntries(
      Object.entries(resources).map(([lng, tree]) => [lng, { translation: tree }]),
    ),
    interpolation: { escapeValue: false }, // EJS escapes on output; the CLI prints JSON
    returnNull: false,
    // Exact language codes only: a pseudo-locale such as en-XA must not borrow from en.
    load: 'currentOnly',
    keySeparator: false,
    nsSeparator: false,
  });
  const languages = Object.keys(resources);
  // One translator per language, made once: renders and number formats are then reused across
  // requests and plans (a Translate is pure for its language, so callers may memoise on it).
  const translators = new Map<string, Translator>();

  function translator(language: string): Translator {
    const lng = languages.includes(language) ? language : DEFAULT_LANGUAGE;
    let made = translators.get(lng);
    if (made === undefined) {
      made = makeTranslator(lng);
      translators.set(lng, made);
    }
    return made;
  }

  function makeTranslator(lng: string): Translator {
    const fixed = instance.getFixedT(lng);
    // Does this language itself have the text (the plural form its rules pick for a count, the
    // context's form, or the plain key i18next falls back to)? fallbackLng: false, so a key only
    // English has does not count: without it, exists() is true for every English key.
    const ownKey = (key: string, params?: Record<string, unknown>): boolean => {
      const count = params?.count;
      const context = params?.context;
      return instance.exists(key, {
        lng,
        fallbackLng: false,
        ...(typeof count === 'number' ? { count } : {}),
        ...(typeof context === 'string' ? { context } : {}),
      });
    };
    // i18next's t() costs tens of microseconds a call, and a page or plan makes hundreds of
    // them, mostly the same. For a given language a key and its plain parameters always give
    // the same text, so texts are memoised (exact key; bounded: emptied when full, which changes
    // speed only). Calls with non-plain parameters (objects, i18next options) bypass the memo.
    const memo = new Map<string, string>();
    const translate = (key: string, params?: Record<string, unknown>): string => {
      // A count picks the plural form (key_one, key_other, ... by the language's rules).
      if (options.strict && !ownKey(key, params)) {
        throw new Error(`Missing translation key "${key}" for language "${lng}".`);
      }
      return fixed(key, params ?? {}) as string;
    };
    const t = (key: string, params?: Record<string, unknown>): string => {
      let memoKey = `${key.length}:${key}`;
      if (params !== undefined) {
        for (const name in params) {
          const value = params[name];
          const type = typeof value;
          if (type !== 'string' && type !== 'number' && type !== 'boolean') return translate(key, params);
          const shown = String(value);
          // Length-prefixed, so no value can fake a boundary between parameters.
          memoKey += `|${name.length}:${name}${type[0]}${shown.length}:${shown}`;
        }
      }
      let text = memo.get(memoKey);
      if (text === undefined) {
        text = translate(key, params);
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(memoKey, text);
      }
      return text;
    };
    // Domain messages: nested messages first, then the sentence; memoised by structure
    // (render-memo.ts), since a plan renders dozens of sentences, most of them seen before.
    const render: Translate = memoisedRender((msg: Message) => {
      const params: Record<string, unknown> = {};
      for (const name in msg.params) {
        const value = msg.params[name]!;
        // A fraction is written with this language's decimal mark (26,4 in Indonesian).
        params[name] =
          typeof value === 'object'
            ? render(value)
            : typeof value === 'number' && !Number.isInteger(value)
              ? formatNumber(value, FRACTION)
              : value;
      }
      return translate(msg.key, params);
    });
    const tag = htmlLang(lng);
    const formats = new Map<string, Intl.NumberFormat>();
    const numberFormat = (opts: Intl.NumberFormatOptions = {}) => {
      const key = JSON.stringify(opts);
      let format = formats.get(key);
      if (format === undefined) {
        format = new Intl.NumberFormat(tag, opts);
        formats.set(key, format);
      }
      return format;
    };
    const formatNumber = (n: number, opts?: Intl.NumberFormatOptions) => numberFormat(opts).format(n);
    const formatPercent = (share: number, maximumFractionDigits = 0) =>
      numberFormat({ style: 'percent', maximumFractionDigits }).format(share);
    const dateFormats = new Map<string, Intl.DateTimeFormat>();
    // Chinese: a half-width space between Han characters and digits, in dates as in every text
    // (docs/glossary/zh.md), so "2026 年 12 月 1 日" reads the same from Intl and from a sentence.
    const spaced = tag.startsWith('zh')
      ? (text: string) =>
          text.replace(/(\d)(\p{Script=Han})/gu, '$1 $2').replace(/(\p{Script=Han})(\d)/gu, '$1 $2')
      : (text: string) => text;
    const formatDate = (date: Date, opts: Intl.DateTimeFormatOptions = { dateStyle: 'long' }) => {
      const key = JSON.stringify(opts);
      let format = dateFormats.get(key);
      if (format === undefined) {
        format = new Intl.DateTimeFormat(tag, { timeZone: 'UTC', ...opts });
        dateFormats.set(key, format);
      }
      return spaced(format.format(date));
    };
    const has = (key: string) => ownKey(key);
    return { language: lng, htmlLang: tag, render, t, formatNumber, formatPercent, formatDate, has };
  }

  /** The served language a code names (`ZH`, ` id `: any case, spaces around); undefined if none. */
  function languageNamed(code: string | undefined): string | undefined {
    const wanted = code?.trim().toLowerCase();
    return languages.find((l) => l === wanted);
  }

  /**
   * What Kanal says to an operator (the commands, the server's start-up) is in the language
   * KANAL_LANG names when Kanal speaks it, else English.
   */
  function operatorTranslator(env: { readonly KANAL_LANG?: string | undefined }): Translator {
    return translator(languageNamed(env.KANAL_LANG) ?? DEFAULT_LANGUAGE);
  }

  return { instance, languages, translator, languageNamed, operatorTranslator };
}

let english: Translator | undefined;

/** A message in English: an error's `message`, for logs and tests (people read `says`). */
export function inEnglish(msg: Message): string {
  english ??= createI18n().translator(DEFAULT_LANGUAGE);
  return english.render(msg);
}

/**
 * An error that an operator reads (a start-up that cannot go on): what is wrong is `says`, a
 * message rendered in the operator's language; `message` is the same in English.
 */
export class SaidError extends Error {
  constructor(readonly says: Message) {
    super(inEnglish(says));
  }
}
