/**
 * A pseudo-locale made at test time from English (never shipped): every letter of every English
 * text becomes an accented look-alike ("Your plan" → "⟦Ŷöûŕ þļåñ⟧"), placeholders `{{…}}` and
 * i18next nesting kept. A page rendered in it shows no plain ASCII word that came from a
 * translation, so any ASCII word left on the page was written in a template or in code: English
 * that no translator can reach (Microsoft's pseudo-localisation method, round-2-anchors §1.3).
 *
 * Use: `pseudoI18n()` gives an i18n with `en` and `en-XA` (strict); render pages with the
 * language `en-XA` (a `kanal.lang=en-XA` cookie or `Accept-Language: en-XA`), then
 * `englishOnPage(html, { allowed })` lists the words that are not pseudo text.
 */
import { createI18n, loadResources } from '../../src/i18n.js';

export const PSEUDO_LANGUAGE = 'en-XA';

const LOWER = 'åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž';
const UPPER = 'ÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ';

function accent(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code >= 97 && code <= 122) out += [...LOWER][code - 97];
    else if (code >= 65 && code <= 90) out += [...UPPER][code - 65];
    else out += ch;
  }
  return out;
}

/** One English text in pseudo form: letters accented outside `{{…}}` and `$t(…)`, bracketed. */
export function pseudoText(english: string): string {
  const parts = english.split(/(\{\{[^}]*\}\}|\$t\([^)]*\))/);
  return `⟦${parts.map((p, i) => (i % 2 === 1 ? p : accent(p))).join('')}⟧`;
}

/** The whole English tree in pseudo form. */
export function pseudoResources(english = loadResources().en!): Record<string, string> {
  return Object.fromEntries(Object.entries(english).map(([k, v]) => [k, pseudoText(v)]));
}

/** A strict i18n with English and the pseudo-locale (and no other language). */
export function pseudoI18n() {
  const en = loadResources().en!;
  return createI18n({ strict: true, resources: { en, [PSEUDO_LANGUAGE]: pseudoResources(en) } });
}

/**
 * Words that may be plain ASCII on a pseudo page: what Intl writes for the pseudo-locale (it
 * formats en-XA as English, and in a real language Intl writes that language's months) and
 * technical tokens. Callers add the user's own input (business name, handles).
 */
export const ALWAYS_ALLOWED: readonly string[] = [
  ...Array.from({ length: 12 }, (_, m) =>
    new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2025, m, 1))),
  ),
  ...Array.from({ length: 12 }, (_, m) =>
    new Intl.DateTimeFormat('en', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2025, m, 1))),
  ),
  'AM',
  'PM',
];

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
    if (name[0] === '#') {
      const n =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(n);
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/** Attributes a person reads or hears (and data-* texts that scripts show). */
const READ_ATTRIBUTES =
  /\s(alt|title|aria-label|aria-description|aria-roledescription|placeholder|data-[\w-]+)="([^"]*)"/gi;

/** The texts of a page a person can read or hear: text nodes and read attributes, decoded. */
export function readableTexts(html: string): string[] {
  const texts: string[] = [];
  const body = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    // Text marked as another language (the switch names each language in itself) is not the
    // page's text; neither are the alternate links in the head.
    .replace(/<(a|span|li|p)\b[^>]*\slang="[^"]*"[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<link\b[^>]*>/gi, ' ');
  for (const tag of body.match(/<[^>]+>/g) ?? []) {
    for (const m of tag.matchAll(READ_ATTRIBUTES)) {
      // data-* values without a space are identifiers, not text.
      if (m[1]!.toLowerCase().startsWith('data-') && !/\s/.test(m[2]!)) continue;
      texts.push(decode(m[2]!));
    }
    // The label of a submit button given as a value.
    if (/^<input\b/i.test(tag) && /type="(submit|button|reset)"/i.test(tag)) {
      const value = /\svalue="([^"]*)"/i.exec(tag);
      if (value) texts.push(decode(value[1]!));
    }
  }
  for (const text of body.replace(/<[^>]+>/g, '\n').split('\n')) {
    if (text.trim() !== '') texts.push(decode(text.trim()));
  }
  return texts;
}

export interface EnglishOptions {
  /** Words (or phrases, split into words) that may appear in plain ASCII: the user's input. */
  readonly allowed?: readonly string[];
}

/**
 * The plain-ASCII words on a pseudo-locale page that no translation produced, each with the text
 * it stood in (so a failure says where to look). Links, e-mail addresses, phone numbers, codes
 * (letters with digits) and the allowed words are skipped. Empty means the page is all translated.
 */
export function englishOnPage(html: string, options: EnglishOptions = {}): string[] {
  const allowed = new Set(
    [...ALWAYS_ALLOWED, ...(options.allowed ?? [])].flatMap((a) => a.split(/[^A-Za-z0-9_]+/)).filter(Boolean),
  );
  const found: string[] = [];
  for (const text of readableTexts(html)) {
    // Pseudo text in brackets is translated; strip it (nested brackets from nested messages too).
    let rest = text;
    for (let previous = ''; previous !== rest; ) {
      previous = rest;
      rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
    }
    const words = rest
      .split(/\s+/)
      // Links (with or without a scheme: wa.me/65…, t.me/name), addresses and paths.
      .filter((w) => !/:\/\/|@|^\/|^[\w-]+(\.[\w-]+)+(\/|$)/.test(w))
      .flatMap((w) => w.split(/[^A-Za-z0-9_]+/))
      .filter((w) => /[A-Za-z]{2,}/.test(w) && !/\d/.test(w) && !allowed.has(w));
    for (const w of words) found.push(`${w} (in "${text.slice(0, 80)}")`);
  }
  return [...new Set(found)];
}
