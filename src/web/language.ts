/**
 * Choosing the language of a page (decision 022). In order:
 *
 * 1. an explicit choice: `?lang=ms` on any GET link (works without JavaScript) or a
 *    `POST /language` form; either sets the `lang` cookie (one year) and 303-redirects to the
 *    same page without the parameter, so the address stays clean and shareable;
 * 2. the `lang` cookie (the choice remembered);
 * 3. a language stored with the draft or the plan being shown (`useStoredLanguage`, called by the
 *    route once it has loaded it), so a plan link opened on another device reads as it was made;
 * 4. the browser's `Accept-Language` (`zh-SG`, `zh-Hans-SG` → zh, `ms-MY` → ms, `id-ID` → id);
 * 5. English.
 *
 * Kanal's own middleware rather than i18next-http-middleware: the translators are made once per
 * language (src/i18n.ts) and only the choice is per request. It sets `res.locals.tr`, `t`,
 * `lang` (the BCP 47 tag for `<html lang>`), `language` (the code), `languages` (the switch's
 * links) and, on the public pages, `alternates` (hreflang links); and it sends
 * `Content-Language` and `Vary: Accept-Language, Cookie`.
 */
import type express from 'express';
import { type createI18n, DEFAULT_LANGUAGE, htmlLang, LANGUAGE_INFO, type Translator } from '../i18n.js';
import { cookieValue } from './cookies.js';

type I18n = ReturnType<typeof createI18n>;

/** Where the page's language came from. Only `header` and `default` yield to a stored language. */
export type LanguageSource = 'query' | 'cookie' | 'stored' | 'header' | 'default';

export const LANGUAGE_PATH = '/language';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** `__Host-` prefixed (Secure, Path=/, no Domain) over HTTPS, like the other cookies. */
export function languageCookieName(https: boolean): string {
  return `${https ? '__Host-' : ''}kanal.lang`;
}

export interface LanguageOptions {
  /**
   * Paths that keep ?lang= in their links (the customer poll): there ?lang= sets the request's
   * language without a cookie or a redirect.
   */
  readonly ownQuery?: (path: string) => boolean;
  readonly i18n: I18n;
  readonly https: boolean;
  /** Indexable pages that get hreflang alternates (capability pages /d/… and /r/… never do). */
  readonly publicPaths?: readonly string[];
  /** The public origin (config.BASE_URL) for absolute hreflang links; relative without it. */
  readonly baseUrl?: string | undefined;
}

/** One entry of the language switch. */
export interface LanguageLink {
  readonly code: string;
  /** Its BCP 47 tag: the link's `lang` and `hreflang`. */
  readonly tag: string;
  /** The language's name in itself ("Bahasa Melayu", "中文（简体）"). */
  readonly name: string;
  readonly href: string;
  readonly current: boolean;
}

export interface Alternate {
  readonly hreflang: string;
  readonly href: string;
}

/** A served language code for a value someone sent (`zh`, `ZH`), or undefined. */
export function servedLanguage(languages: readonly string[], value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return languages.find((l) => l.toLowerCase() === lower);
}

/** The language of a request from its cookie and Accept-Language (the query is handled first). */
export function negotiate(
  req: express.Request,
  languages: readonly string[],
  cookieName: string,
): { language: string; source: LanguageSource } {
  const fromCookie = servedLanguage(languages, cookieValue(req.headers.cookie, cookieName));
  if (fromCookie !== undefined) return { language: fromCookie, source: 'cookie' };
  if (req.headers['accept-language'] !== undefined) {
    // By quality, then the header's own order (negotiator); `zh-SG` matches `zh` by prefix.
    const accepted = req.acceptsLanguages(...languages);
    if (accepted) return { language: accepted, source: 'header' };
  }
  return { language: DEFAULT_LANGUAGE, source: 'default' };
}

/**
 * A path that URL parsing leaves as it is (unreserved characters between single slashes, no
 * dot segments, no query): the per-request fast path, skipping `new URL` (decision 030).
 */
// Each segment starts with its one slash: no two ways to match, so the test is linear (no ReDoS).
const PLAIN_PATH = /^(?:\/|(?:\/[A-Za-z0-9_~-]+)+\/?)$/;

/**
 * A request path read as a path on this site: leading slashes (or backslashes) collapsed to one.
 * URL parsing would read `//host/x` as another host (a redirect there is an open redirect) and
 * throws on `//` alone (a 500); `/host/x` and `/` are what such a request asked this server for.
 */
export function asLocalPath(pathAndQuery: string): string {
  return pathAndQuery.replace(/^[/\\]+/, '/');
}

/** The request's path and query with `lang` removed (the address to go back to). */
export function withoutLang(originalUrl: string): string {
  if (PLAIN_PATH.test(originalUrl)) return originalUrl;
  const url = new URL(asLocalPath(originalUrl), 'http://kanal.invalid');
  url.searchParams.delete('lang');
  return url.pathname + url.search;
}

/** A local path to go back to after a choice: same origin only, never `//host` or a scheme. */
export function safeBackPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return '/';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || code < 0x20 || code === 0x7f) return '/';
  }
  return value;
}

function linkTo(path: string, code: string): string {
  if (PLAIN_PATH.test(path) && /^[A-Za-z0-9_~-]+$/.test(code)) return `${path}?lang=${code}`;
  const url = new URL(asLocalPath(path), 'http://kanal.invalid');
  url.searchParams.set('lang', code);
  return url.pathname + url.search;
}

/** The switch's entries for a page (links to the same page with `?lang=`). */
export function languageLinks(languages: readonly string[], current: string, path: string): LanguageLink[] {
  return languages.map((code) => ({
    code,
    tag: htmlLang(code),
    name: LANGUAGE_INFO[code]?.name ?? code,
    href: linkTo(path, code),
    current: code === current,
  }));
}

/**
 * hreflang alternates of a public page: one per language (`?lang=xx`) and `x-default` (the page
 * without a parameter, which negotiates). Every version lists all of them, itself included.
 */
export function hreflangLinks(languages: readonly string[], path: string, baseUrl?: string): Alternate[] {
  const origin = baseUrl === undefined ? '' : baseUrl.replace(/\/+$/, '');
  return [
    ...languages.map((code) => ({ hreflang: htmlLang(code), href: origin + linkTo(path, code) })),
    { hreflang: 'x-default', href: origin + path },
  ];
}

function setLanguageCookie(res: express.Response, https: boolean, language: string): void {
  res.cookie(languageCookieName(https), language, {
    httpOnly: true,
    secure: https,
    sameSite: 'lax',
    path: '/',
    maxAge: ONE_YEAR_MS,
  });
}

/** Puts a translator on the response: locals and headers. */
function apply(res: express.Response, tr: Translator, source: LanguageSource, languages: readonly string[]) {
  res.locals.tr = tr;
  res.locals.t = tr.t;
  res.locals.lang = tr.htmlLang;
  res.locals.language = tr.language;
  res.locals.languageSource = source;
  res.locals.languages = languageLinks(languages, tr.language, res.locals.languagePath ?? '/');
  res.setHeader('Content-Language', tr.htmlLang);
}

/**
 * The language middleware. Mount it before anything renders or answers (the API's errors use it
 * too): `app.use(languageMiddleware({ i18n, https, publicPaths: [...], baseUrl }))`.
 */
export function languageMiddleware(options: LanguageOptions): express.RequestHandler {
  const { i18n, https } = options;
  const cookieName = languageCookieName(https);
  const publicPaths = new Set(options.publicPaths ?? []);
  return (req, res, next) => {
    res.vary('Accept-Language');
    res.vary('Cookie');
    const query = req.originalUrl.includes('?')
      ? new URL(asLocalPath(req.originalUrl), 'http://kanal.invalid').searchParams.get('lang')
      : null;
    if ((req.method === 'GET' || req.method === 'HEAD') && query !== null && !options.ownQuery?.(req.path)) {
      const chosen = servedLanguage(i18n.languages, query);
      if (chosen !== undefined) {
        setLanguageCookie(res, https, chosen);
        res.redirect(303, withoutLang(req.originalUrl));
        return;
      }
      // An unknown language: the parameter is ignored and the page negotiates as usual.
    }
    // A path that keeps ?lang= itself (the customer poll): the query is this request's language,
    // for every method (its form posts to `?lang=`), with no cookie and no redirect, so that the
    // page, its Content-Language and any error page on it all follow the link.
    const own =
      query !== null && options.ownQuery?.(req.path) === true
        ? servedLanguage(i18n.languages, query)
        : undefined;
    const { language, source } =
      own === undefined
        ? negotiate(req, i18n.languages, cookieName)
        : { language: own, source: 'query' as const };
    const path = withoutLang(req.originalUrl);
    res.locals.languagePath = path;
    apply(res, i18n.translator(language), source, i18n.languages);
    const pathname = PLAIN_PATH.test(path)
      ? path
      : new URL(asLocalPath(path), 'http://kanal.invalid').pathname;
    res.locals.alternates = publicPaths.has(pathname)
      ? hreflangLinks(i18n.languages, pathname, options.baseUrl)
      : [];
    next();
  };
}

/**
 * The language to keep with a draft or plan: the one the reader chose (query, cookie, their
 * browser's Accept-Language, or the record's own), never Kanal's fallback. A request that says
 * nothing (an API client without Accept-Language) stores none, so the plan's pages then follow
 * whoever reads them rather than a language nobody picked.
 */
export function chosenLanguage(res: express.Response): string | undefined {
  return res.locals.languageSource === 'default' ? undefined : (res.locals.language as string);
}

/**
 * A draft or plan stored with a language: it wins over the browser's header (not over an explicit
 * choice). Routes call this after loading the record, before rendering.
 */
export function useStoredLanguage(i18n: I18n, res: express.Response, stored: string | undefined): void {
  const source = res.locals.languageSource as LanguageSource | undefined;
  const language = servedLanguage(i18n.languages, stored);
  if (language === undefined || (source !== 'header' && source !== 'default')) return;
  apply(res, i18n.translator(language), 'stored', i18n.languages);
}

/**
 * `POST /language` (fields `lang`, `back`): the switch as a form. Mount after the body parser and
 * the CSRF check, like every form: `app.post(LANGUAGE_PATH, languageChoice({ i18n, https }))`.
 * A language Kanal does not serve changes nothing and goes back.
 */
export function languageChoice(options: Pick<LanguageOptions, 'i18n' | 'https'>): express.RequestHandler {
  return (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const chosen = servedLanguage(options.i18n.languages, body.lang);
    if (chosen !== undefined) setLanguageCookie(res, options.https, chosen);
    res.redirect(303, safeBackPath(body.back));
  };
}
