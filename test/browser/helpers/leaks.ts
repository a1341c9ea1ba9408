/**
 * English left on a page shown in another language. The keys a page can use are read from the
 * source files that build it (every quoted literal that is a key of locales/en, and every
 * template literal `poll.age.${g}` taken as all keys with that start); their English strings
 * give the words to look for. A word that the language's own strings of those keys use where
 * their English does not (a word both languages share) is not a leak, nor is a word of `allow`
 * (names such as WhatsApp, kept as they are in every language); any other of those English
 * words in the page's text is. A translation copied from its English vouches for none of its
 * words, so a copy is caught as well as a missing translation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadResources } from '../../../src/i18n.js';
import { ROOT } from './server.js';

const RESOURCES = loadResources();
const ENGLISH = RESOURCES.en ?? {};

/** The locale keys that the files (paths from the project's root) name. */
export function keysIn(files: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const file of files) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const m of source.matchAll(/['"`]([a-z][\w-]*(?:\.[\w-]+)+)['"`]/g))
      if (m[1] !== undefined && m[1] in ENGLISH) keys.add(m[1]);
    for (const m of source.matchAll(/[`]([a-z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)) {
      const prefix = m[1] ?? '';
      for (const key of Object.keys(ENGLISH)) if (key.startsWith(prefix)) keys.add(key);
    }
  }
  return [...keys].sort();
}

/** A text's words (letters, inner apostrophes kept), lower-cased; `{{params}}` left out. */
function words(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.replace(/\{\{[^}]*\}\}/g, ' ').matchAll(/\p{L}+(?:['’]\p{L}+)*/gu))
    out.add(m[0].toLowerCase());
  return out;
}

/** The English words of `keys` that none of their `language` strings use, less `allow`. */
export function englishOnlyWords(
  keys: readonly string[],
  language: string,
  allow: readonly string[] = [],
): Set<string> {
  const own = RESOURCES[language] ?? {};
  const kept = new Set(allow.flatMap((name) => [...words(name)]));
  for (const key of keys) {
    // A word vouches for itself only where the translation uses it and the English does not: a
    // string copied from English (all or part of it) keeps no word that way.
    const english = words(ENGLISH[key] ?? '');
    for (const w of words(own[key] ?? '')) if (!english.has(w)) kept.add(w);
  }
  const out = new Set<string>();
  for (const key of keys)
    for (const w of words(ENGLISH[key] ?? '')) if (!kept.has(w) && w.length > 1) out.add(w);
  return out;
}

/**
 * What a reader meets on the page: the visible text, the title, and the text of labels that are
 * only read out or shown on hover (aria-label, title, alt, placeholder), each link address taken
 * out (a poll link's random letters are no words). `within` narrows it to one part of the page.
 */
export async function readableText(page: Page, within = 'html'): Promise<string> {
  const text = await page.evaluate((selector) => {
    const parts: string[] = [];
    for (const root of document.querySelectorAll<HTMLElement>(selector)) {
      // biome-ignore lint/performance/useDomNodeTextContent: what is shown, not hidden text
      parts.push(root.innerText);
      for (const el of [root, ...root.querySelectorAll('*')])
        for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
          const value = el.getAttribute(name);
          if (value !== null) parts.push(value);
        }
    }
    if (selector === 'html') parts.push(document.title);
    return parts.join('\n');
  }, within);
  return text.replace(/\S*\/(?:p|r|d)\/[\w-]{20,}\S*/g, ' ').replace(/https?:\/\/\S+/g, ' ');
}

/** The English-only words of `keys` found in `text` (none when nothing leaked). */
export function englishLeaks(
  text: string,
  keys: readonly string[],
  language: string,
  allow: readonly string[] = [],
): string[] {
  const english = englishOnlyWords(keys, language, allow);
  return [...words(text)].filter((w) => english.has(w)).sort();
}
