/**
 * Security middleware: headers (helmet with a strict CSP), the anonymous cookie that CSRF
 * tokens are bound to, csrf-csrf's double-submit check, and a Fetch-Metadata/Origin check that
 * refuses cross-site form posts. See docs/decisions/004-web-architecture.md.
 */

import { doubleCsrf } from 'csrf-csrf';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { message } from '../domain/message.js';
import { HttpError } from './errors.js';
import { isSecretShaped, newSecret, type RandomBytes } from './secrets.js';

/**
 * Powerful browser features Kanal never uses, turned off for its pages and anything they embed
 * (sent on every response).
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

/**
 * Every response: helmet's headers with a strict CSP, X-Frame-Options: DENY (as frame-ancestors
 * 'none' says), a Permissions-Policy, and Cache-Control: no-store on any response that sets a
 * cookie or carries a per-visitor CSRF token (no shared cache may keep either).
 */
export function securityHeaders(https: boolean): RequestHandler {
  const h = helmetHeaders(https);
  return (req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof res.writeHead>) {
      if (res.getHeader('set-cookie') !== undefined || withToken.has(res))
        res.setHeader('Cache-Control', 'no-store');
      return writeHead.apply(this, args);
    } as typeof res.writeHead;
    h(req, res, next);
  };
}

function helmetHeaders(https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Agrees with frame-ancestors 'none' (helmet's default SAMEORIGIN does not).
    xFrameOptions: { action: 'deny' },
    // Over plain HTTP, HSTS would be ignored at best and wrong at worst (stack-check pitfall 6).
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

/** Cookie names: `__Host-` prefixed (Secure, Path=/, no Domain) when served over HTTPS. */
export function cookieNames(https: boolean) {
  const p = https ? '__Host-' : '';
  return { sid: `${p}kanal.sid`, csrf: `${p}kanal.csrf`, ownerOnce: `${p}kanal.owner-once` };
}

export function cookieOptions(https: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: https, path: '/' };
}

/**
 * An anonymous random id per browser, only to bind CSRF tokens to; it identifies no one.
 * A browser that sends one keeps it. Otherwise it is made, and its cookie set, only when
 * something reads `res.locals.sid` (the CSRF token of a rendered page, the CSRF check of a
 * POST): a response that renders nothing (a cached report, a static file, JSON, a redirect) sets
 * no cookie and costs no random bytes (decision 033).
 */
export function anonymousId(https: boolean, randomBytes: RandomBytes): RequestHandler {
  const name = cookieNames(https).sid;
  return (req, res, next) => {
    const current: unknown = req.cookies?.[name];
    if (isSecretShaped(current)) {
      res.locals.sid = current;
      return next();
    }
    let made: string | undefined;
    Object.defineProperty(res.locals, 'sid', {
      configurable: true,
      // Not enumerable: rendering a page (which spreads res.locals) does not make one.
      enumerable: false,
      get() {
        if (made === undefined) {
          made = newSecret(randomBytes);
          if (!res.headersSent) res.cookie(name, made, cookieOptions(https));
        }
        return made;
      },
    });
    next();
  };
}

/** The responses whose CSRF token was made (securityHeaders: no shared cache may keep them). */
const withToken = new WeakSet<Response>();

/**
 * `res.locals.csrfToken`, made (with its cookie, and the anonymous id it is bound to) when it is
 * first read: when a page is rendered (rendering reads every local) or a handler passes it on,
 * never for a response that renders nothing (a cached page, a redirect, JSON).
 */
export function lazyCsrfToken(generate: (req: Request, res: Response) => string): RequestHandler {
  return (req, res, next) => {
    let token: string | undefined;
    Object.defineProperty(res.locals, 'csrfToken', {
      configurable: true,
      enumerable: true,
      get() {
        if (token === undefined) {
          token = generate(req, res);
          withToken.add(res);
        }
        return token;
      },
    });
    next();
  };
}

/** `secrets`: the first signs new tokens, every one verifies (CSRF_SECRETS rotation). */
export function csrf(https: boolean, secrets: string | readonly string[]) {
  const list = typeof secrets === 'string' ? secrets : [...secrets];
  return doubleCsrf({
    getSecret: () => list,
    getSessionIdentifier: (req) => String(req.res?.locals.sid ?? ''),
    cookieName: cookieNames(https).csrf,
    cookieOptions: cookieOptions(https),
    size: 32,
    getCsrfTokenFromRequest: (req) => {
      const body: unknown = req.body;
      const token =
        typeof body === 'object' && body !== null ? (body as Record<string, unknown>)._csrf : undefined;
      return typeof token === 'string' ? token : undefined;
    },
  });
}

export const FORM_BODY_LIMIT = '32kb';

/** The name (decoded as far as it can be) of the first form field whose name or value is not percent-encoded UTF-8. */
export function notUtf8Field(body: string): string | undefined {
  if (!body.includes('%')) return undefined;
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    const name = (eq === -1 ? pair : pair.slice(0, eq)).replaceAll('+', ' ');
    const value = eq === -1 ? '' : pair.slice(eq + 1).replaceAll('+', ' ');
    try {
      decodeURIComponent(name);
      decodeURIComponent(value);
    } catch {
      return unescape(name);
    }
  }
  return undefined;
}

/**
 * The form parser's check of the raw body: escapes that are not UTF-8 (%E9, %FF, a lone
 * surrogate's %ED%A0%80) would be kept by the parser as the literal text "%E9" and stored so.
 * No browser sends them for a UTF-8 page; the request is refused (400) naming the field, and
 * nothing of it is stored.
 */
export function checkFormText(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  // A form declared ISO-8859-1 (the parser's one other charset) means its escapes as Latin-1.
  if (encoding.toLowerCase() !== 'utf-8') return;
  const field = notUtf8Field(body.toString('latin1'));
  if (field !== undefined) throw new HttpError(400, message('web.error.form_not_utf8', { field }));
}

/**
 * Page forms are sent as application/x-www-form-urlencoded; a body of any other type is a 415
 * before it is parsed (a bodiless POST goes on, and fails the CSRF check). The client-list upload
 * (client-list.ts) is the one multipart form. Its path is matched ignoring case, as Express
 * matches the route that takes it.
 */
const CLIENT_LIST_ROUTE = /^\/d\/[^/]+\/customers\/list$/i;

export const formsOnly: RequestHandler = (req, _res, next) => {
  // The one file upload (a client list) is multipart, on its own route only.
  if (req.method === 'POST' && CLIENT_LIST_ROUTE.test(req.path) && req.is('multipart/form-data'))
    return next();
  if (req.method === 'POST' && req.is('application/x-www-form-urlencoded') === false) {
    throw new HttpError(415, message('security.form_content_type'));
  }
  next();
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses state-changing requests from other sites (OWASP: Fetch Metadata first, Origin as
 * the fallback). Requests without either header (old browsers, curl) still need the CSRF token.
 */
export const sameOriginOnly: RequestHandler = (req, _res, next) => {
  if (!UNSAFE.has(req.method)) return next();
  const site = req.get('sec-fetch-site');
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return next();
    throw new HttpError(403, message('web.error.cross_site'));
  }
  const origin = req.get('origin');
  if (origin !== undefined && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    if (host !== req.get('host')) throw new HttpError(403, message('web.error.cross_site'));
  } else if (origin === 'null') {
    throw new HttpError(403, message('web.error.cross_site'));
  }
  next();
};

export interface LinkConfig {
  /** The public address (scheme://host[:port]); when set, every absolute link uses it. */
  readonly BASE_URL?: string | undefined;
  /** Further Host values (host[:port]) trusted for absolute links when BASE_URL is unset. */
  readonly ALLOWED_HOSTS?: readonly string[] | undefined;
}

const HOST_SHAPE = /^(?:[a-z0-9](?:[a-z0-9-]{0,62}\.?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The base of absolute links (the API's url, the printed link, its QR code, the save-this-link
 * hint): BASE_URL when set; else the request's Host only when it is trusted: one of
 * ALLOWED_HOSTS, or a loopback name or the listening address with the port the server listens
 * on. Anything else (a forged, odd or 3,000-character Host) gives '' and so relative links:
 * a link never leads to another site and never fails to render.
 */
export function linkBase(
  req: {
    protocol: string;
    get(name: 'host'): string | undefined;
    socket: { localPort?: number; localAddress?: string };
  },
  config: LinkConfig,
): string {
  if (config.BASE_URL !== undefined && config.BASE_URL !== '') return config.BASE_URL.replace(/\/+$/, '');
  const host = (req.get('host') ?? '').toLowerCase();
  if (host.length === 0 || host.length > 260) return '';
  const m = HOST_SHAPE.exec(host);
  if (m === null) return '';
  const scheme = req.protocol === 'https' ? 'https' : 'http';
  if (config.ALLOWED_HOSTS?.some((h) => h.toLowerCase() === host)) return `${scheme}://${host}`;
  const name = m[1] === undefined ? host : host.slice(0, host.length - m[1].length - 1);
  const port = m[1] === undefined ? (scheme === 'https' ? 443 : 80) : Number(m[1]);
  const local = req.socket.localAddress;
  const listening = new Set([...LOOPBACK, ...(local ? [local.includes(':') ? `[${local}]` : local] : [])]);
  if (listening.has(name) && port === req.socket.localPort) return `${scheme}://${host}`;
  return '';
}
