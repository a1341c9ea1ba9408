/**
 * The customer poll on the web (issue 12, decision 023).
 *
 * pollPageRoutes: the customer's page, `GET/POST /p/:token` (+ `/p/:token/tablet/:key` to switch
 * a shared device into counter-tablet mode). Mounted where every page form is: after the body
 * parser, the anonymous id, the same-origin check and csrf-csrf (app.ts), so the poll's one form
 * is protected like the others. One answer per browser: a random cookie scoped to the poll's path,
 * checked on the server as HMAC(poll token, cookie). A generous per-address limit on answers.
 *
 * pollApiRoutes: the owner's API under /api/v1, `POST/GET/DELETE /plans/:id/poll`,
 * `POST /plans/:id/poll/reset`, `POST /plans/:id/poll/counter`, `POST /plans/:id/poll/apply`,
 * each with X-Owner-Key. Mounted next to apiRoutes (before the page middleware).
 */
import { hash } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AGE_GROUPS } from '../domain/answers.js';
import { kitLanguages } from '../domain/kit.js';
import { message } from '../domain/message.js';
import type { AppResult, PollApp } from '../domain/poll.js';
import { POLL_APPS, summaryMessages } from '../domain/poll.js';
import type { createI18n, Translator } from '../i18n.js';
import { POLL_FORM_APPS, type PollStatus, type PollsService, validatePollForm } from '../polls.js';
import { HttpError } from './errors.js';
import { pollSheet } from './kit-view.js';
import { chosenLanguage, languageLinks, useStoredLanguage } from './language.js';
import type { OwnerKeyGuard, RateLimitStoreFor } from './limits.js';
import { allowOnly } from './methods.js';
import type { PageVariant } from './render-cache.js';
import { requestMemo } from './request-memo.js';
import { privateAnswers } from './respond.js';
import { hashSecret, isSecretShaped } from './secrets.js';
import { linkBase } from './security.js';
import { dayText } from './view-models.js';

/** Answers one address may give to one poll in an hour: a shop's Wi-Fi is many customers. */
export const POLL_ANSWERS_PER_ADDRESS_PER_HOUR = 60;
export const pollPath = (token: string) => `/p/${token}`;

export interface PollRouteDeps {
  readonly polls: PollsService;
  readonly i18n: ReturnType<typeof createI18n>;
  readonly config: {
    readonly HTTPS: boolean;
    readonly BASE_URL?: string | undefined;
    readonly ALLOWED_HOSTS?: readonly string[] | undefined;
    readonly RATE_LIMIT: boolean;
  };
  /** Defaults to POLL_ANSWERS_PER_ADDRESS_PER_HOUR. */
  readonly answersPerHour?: number;
  /** Poll links that answer 404, per address and hour (guessing); defaults to 60, as RATE_LIMIT_MISSES_PER_HOUR. */
  readonly missesPerHour?: number;
  /**
   * The limiters' shared store (PostgreSQL with several instances, limits.ts): a limit of N is N
   * across all instances. Without it each instance counts in its own memory.
   */
  readonly rateLimitStore?: RateLimitStoreFor | undefined;
  /**
   * The app's limited owner-key compare (limits.ts, the same counts as the report's forms and
   * the plans API): a wrong key counts, and over the limits it throws a 429.
   */
  readonly ownerKeys: OwnerKeyGuard;
}

/** The shared store for one poll limiter; both fail open (the one-answer rule still holds). */
function sharedStore(deps: PollRouteDeps, name: string) {
  return deps.rateLimitStore === undefined
    ? {}
    : { store: deps.rateLimitStore(name), passOnStoreError: true };
}

function baseUrl(deps: PollRouteDeps, req: Request): string {
  return linkBase(req, deps.config);
}

/** Cookie names: `__Secure-` over HTTPS (`__Host-` needs Path=/, and these are per poll). */
function pollCookies(https: boolean) {
  const p = https ? '__Secure-' : '';
  return { browser: `${p}kanal.poll`, tablet: `${p}kanal.poll-tablet` };
}

// ---------------------------------------------------------------- the customer's page

/**
 * The language of a poll page: ?lang= when it is one of ours, else the browser's. The language
 * middleware chose it (its `ownQuery` paths, language.ts) and set res.locals.tr, Content-Language
 * and the rest, so the page and any error page on it (errors.ts reads res.locals) agree.
 */
function pollTranslator(res: Response): Translator {
  return res.locals.tr as Translator;
}

interface FormState {
  readonly age?: string;
  readonly apps?: readonly string[];
  readonly errors?: readonly { path: string; text: string }[];
}

function renderForm(
  deps: PollRouteDeps,
  res: Response,
  target: { readonly token: string; readonly shop: string },
  state: FormState = {},
) {
  const { token } = target;
  const tr = pollTranslator(res);
  const errorFor = (path: string) => state.errors?.find((e) => e.path === path)?.text;
  res.render('poll', {
    lang: tr.htmlLang,
    t: tr.t,
    pageTitle: tr.t('poll.page.title'),
    shop: target.shop,
    action: `${pollPath(token)}?lang=${encodeURIComponent(tr.language)}`,
    csrfToken: res.locals.csrfToken,
    languages: languageLinks(deps.i18n.languages, tr.language, pollPath(token)),
    errors: (state.errors ?? []).map((e) => ({ href: `#f-${e.path}`, text: e.text })),
    age: {
      error: errorFor('age'),
      options: AGE_GROUPS.map((g) => ({
        id: `f-age-${g}`,
        value: g,
        label: tr.t(`poll.age.${g}`),
        checked: state.age === g,
      })),
    },
    apps: {
      error: errorFor('apps'),
      options: POLL_FORM_APPS.map((a) => ({
        id: `f-apps-${a}`,
        value: a,
        label: tr.t(`poll.form.app.${a}`),
        checked: state.apps?.includes(a) ?? false,
      })),
    },
  });
}

export function pollPageRoutes(deps: PollRouteDeps): Router {
  const r = Router();
  const names = pollCookies(deps.config.HTTPS);
  const limit = deps.config.RATE_LIMIT
    ? rateLimit({
        ...sharedStore(deps, 'poll-answers'),
        windowMs: 60 * 60_000,
        limit: deps.answersPerHour ?? POLL_ANSWERS_PER_ADDRESS_PER_HOUR,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        validate: { xForwardedForHeader: false },
        // Per poll and address; hashed, so the limiter's memory holds neither.
        keyGenerator: (req) => hashSecret(`${String(req.params.token)}|${ipKeyGenerator(req.ip ?? '')}`),
        handler: (req, _res, next) => {
          req.log?.warn({ limit: 'poll' }, 'rate limit reached');
          next(new HttpError(429, message('security.rate_limited')));
        },
      })
    : (((_req, _res, next) => next()) as RequestHandler);

  // Guessing poll links: only lookups that answer 404 count (as limits.ts does for /r and /d).
  const misses = deps.config.RATE_LIMIT
    ? rateLimit({
        ...sharedStore(deps, 'poll-misses'),
        windowMs: 60 * 60_000,
        limit: deps.missesPerHour ?? 60,
        standardHeaders: 'draft-7',
        legacyHeaders: false,
        validate: { xForwardedForHeader: false },
        skipSuccessfulRequests: true,
        requestWasSuccessful: (_req, res) => res.statusCode !== 404,
        handler: (req, _res, next) => {
          req.log?.warn({ limit: 'poll-misses' }, 'rate limit reached');
          next(new HttpError(429, message('security.rate_limited')));
        },
      })
    : (((_req, _res, next) => next()) as RequestHandler);

  /** Poll-scoped, and never outliving the plan (and so the poll). */
  const cookieOptions = (token: string, until: Date) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.config.HTTPS,
    path: pollPath(token),
    maxAge: Math.max(0, until.getTime() - deps.polls.now().getTime()),
  });

  async function found(req: Request) {
    const token = String(req.params.token);
    const poll = await deps.polls.byToken(token);
    if (poll === undefined) throw new HttpError(404, message('web.not_found.body'));
    return { token, ...poll };
  }

  function closed(res: Response) {
    const tr = pollTranslator(res);
    res
      .status(410)
      .render('poll-closed', { lang: tr.htmlLang, t: tr.t, pageTitle: tr.t('poll.closed.title') });
  }

  r.use('/p', privateAnswers, misses);

  r.route('/p/:token')
    .get((async (req, res) => {
      const { token, poll, stored } = await found(req);
      if (poll.closedOn !== undefined) return closed(res);
      renderForm(deps, res, { token, shop: stored.answers.business.name ?? '' });
    }) as RequestHandler)
    .post(limit, (async (req, res) => {
      const { token, poll, stored } = await found(req);
      if (poll.closedOn !== undefined) return closed(res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const v = validatePollForm(body);
      if (!v.ok) {
        const tr = pollTranslator(res);
        const apps = body.apps === undefined ? [] : ([] as unknown[]).concat(body.apps).map(String);
        res.status(400);
        return renderForm(
          deps,
          res,
          { token, shop: stored.answers.business.name ?? '' },
          {
            ...(typeof body.age === 'string' ? { age: body.age } : {}),
            apps,
            errors: v.errors.map((e) => ({ path: e.path, text: tr.render(e.message) })),
          },
        );
      }
      const tablet = deps.polls.isTablet(poll, req.cookies?.[names.tablet]);
      let cookie: unknown = req.cookies?.[names.browser];
      if (!tablet && !isSecretShaped(cookie)) {
        cookie = deps.polls.newBrowserCookie();
        res.cookie(names.browser, cookie, cookieOptions(token, stored.expiresAt));
      }
      const outcome = await deps.polls.answer(token, poll, v.value, { cookie: String(cookie ?? ''), tablet });
      if (outcome === 'closed') return closed(res);
      if (outcome === 'gone') throw new HttpError(404, message('web.not_found.body'));
      const tr = pollTranslator(res);
      res.render('poll-thanks', {
        lang: tr.htmlLang,
        t: tr.t,
        pageTitle: tr.t('poll.thanks.title'),
        already: outcome === 'already',
        tablet,
        again: `${pollPath(token)}?lang=${encodeURIComponent(tr.language)}`,
      });
    }) as RequestHandler)
    .all(allowOnly(['GET', 'POST']));

  // The owner opens this once on the shared device: it remembers the tablet key in a cookie
  // scoped to the poll and sends the device on to the poll (so the key leaves the address bar).
  r.route('/p/:token/tablet/:key')
    .get((async (req, res) => {
      const { token, poll, stored } = await found(req);
      if (poll.closedOn !== undefined) return closed(res);
      const key = String(req.params.key);
      if (!deps.polls.isTablet(poll, key)) throw new HttpError(404, message('web.not_found.body'));
      res.cookie(pollCookies(deps.config.HTTPS).tablet, key, cookieOptions(token, stored.expiresAt));
      res.redirect(303, pollPath(token));
    }) as RequestHandler)
    .all(allowOnly(['GET']));

  // ---- the owner's poll page, from the report: results, and the actions with the owner key

  const ACTIONS = ['open', 'close', 'reset', 'tablet', 'apply'] as const;
  type Action = (typeof ACTIONS)[number];

  async function ownerPage(
    req: Request,
    res: Response,
    id: string,
    extra: {
      /** An error with the owner key: shown at the key's field, which is then empty. */
      keyError?: string;
      /** An error with the action (none chosen, or it cannot be done): at the buttons. */
      actionError?: string;
      /** The owner key as typed, kept in its field when the error was not the key's. */
      ownerKey?: string;
      status?: number;
      tabletUrl?: string;
    } = {},
  ) {
    const loaded = await deps.polls.loadPlan(id);
    if (loaded === undefined) throw new HttpError(404, message('web.not_found.body'));
    useStoredLanguage(deps.i18n, res, loaded.stored.language);
    const tr: Translator = res.locals.tr;
    const status = await deps.polls.status(loaded.hash, loaded.stored);
    const token = status === undefined ? undefined : await deps.polls.tokenFor(id, loaded.hash);
    const url = token === undefined ? undefined : `${baseUrl(deps, req)}${pollPath(token)}`;
    const results = status?.summary.results ?? null;
    const buttons: { action: Action; label: string; secondary: boolean }[] =
      status === undefined || !status.open
        ? [{ action: 'open', label: tr.t('poll.owner.button.open'), secondary: false }]
        : [
            { action: 'apply', label: tr.t('poll.owner.button.apply'), secondary: false },
            { action: 'tablet', label: tr.t('poll.owner.button.tablet'), secondary: true },
            { action: 'close', label: tr.t('poll.owner.button.close'), secondary: true },
            { action: 'reset', label: tr.t('poll.owner.button.reset'), secondary: true },
          ];
    if (status !== undefined && !status.open)
      buttons.push({ action: 'apply', label: tr.t('poll.owner.button.apply'), secondary: true });
    res.status(extra.status ?? 200).render('poll-owner', {
      pageTitle: tr.t('poll.owner.title'),
      backHref: `/r/${id}`,
      action: `/r/${id}/poll`,
      error: extra.keyError,
      actionError: extra.actionError,
      ownerKey: extra.keyError === undefined ? extra.ownerKey : undefined,
      errors: [
        ...(extra.keyError === undefined ? [] : [{ href: '#f-ownerKey', text: extra.keyError }]),
        ...(extra.actionError === undefined ? [] : [{ href: '#f-action', text: extra.actionError }]),
      ],
      tabletUrl: extra.tabletUrl,
      buttons,
      poll:
        status === undefined
          ? undefined
          : {
              open: status.open,
              // The days in the owner's words ("1 December 2026", "2026年12月1日"), not ISO.
              openedOn: dayText(tr, status.poll.openedOn),
              closedOn: status.poll.closedOn === undefined ? undefined : dayText(tr, status.poll.closedOn),
              url,
              shortUrl: url?.replace(/^https?:\/\//, ''),
              responses: status.summary.responses,
              sentences: summaryMessages(status.summary, (day) => dayText(tr, day)).map((m) => tr.render(m)),
              ages:
                results === null
                  ? undefined
                  : [
                      ...AGE_GROUPS.map((g) => {
                        const a = results.ageMix[g];
                        return {
                          label: tr.t(`poll.age.${g}`),
                          value:
                            a.count === null
                              ? tr.t('poll.owner.withheld')
                              : `${tr.formatNumber(a.count)} (${tr.formatPercent(a.share)})`,
                        };
                      }),
                      ...(results.ageWithheld > 0
                        ? [
                            {
                              label: tr.t('poll.owner.withheld_total'),
                              value: tr.formatNumber(results.ageWithheld),
                            },
                          ]
                        : []),
                    ],
            },
      card:
        url === undefined || !status?.open
          ? undefined
          : await pollSheet(
              tr,
              kitLanguages(loaded.stored.answers, tr.language).map((l) => deps.i18n.translator(l)),
              url,
              loaded.stored.answers.business.name ?? null,
            ),
    });
  }

  r.route('/r/:id/poll')
    .get((async (req, res) => {
      await ownerPage(req, res, String(req.params.id));
    }) as RequestHandler)
    .post((async (req, res) => {
      const id = String(req.params.id);
      const loaded = await deps.polls.loadPlan(id);
      if (loaded === undefined) throw new HttpError(404, message('web.not_found.body'));
      useStoredLanguage(deps.i18n, res, loaded.stored.language);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const t = res.locals.t;
      const key = typeof body.ownerKey === 'string' ? body.ownerKey.trim() : '';
      if (key === '') return ownerPage(req, res, id, { keyError: t('web.owner_key.missing'), status: 403 });
      if (!(await deps.ownerKeys.matches(req, key, loaded.stored.ownerKeyHash)))
        return ownerPage(req, res, id, { keyError: t('web.owner_key.wrong'), status: 403 });
      const action = ACTIONS.find((a) => a === body.action);
      if (action === undefined)
        return ownerPage(req, res, id, {
          actionError: t('poll.owner.error.action'),
          ownerKey: key,
          status: 400,
        });
      const back = () => res.redirect(303, `/r/${id}/poll`);
      switch (action) {
        case 'open':
          await deps.polls.open(id, loaded.hash);
          return back();
        case 'close':
          await deps.polls.close(loaded.hash);
          return back();
        case 'reset':
          await deps.polls.reset(loaded.hash);
          return back();
        case 'tablet': {
          const tabletKey = await deps.polls.counterTablet(loaded.hash, true);
          if (tabletKey === undefined || tabletKey === null)
            return ownerPage(req, res, id, {
              actionError: t('poll.owner.error.no_poll'),
              ownerKey: key,
              status: 409,
            });
          const token = await deps.polls.tokenFor(id, loaded.hash);
          return ownerPage(req, res, id, {
            tabletUrl: `${baseUrl(deps, req)}${pollPath(token ?? '')}/tablet/${tabletKey}`,
          });
        }
        case 'apply': {
          const applied = await deps.polls.apply({ id, ...loaded }, chosenLanguage(res));
          if (applied === undefined)
            return ownerPage(req, res, id, {
              actionError: t('poll.owner.error.too_few'),
              ownerKey: key,
              status: 409,
            });
          // The report shows the new plan and what changed from the earlier one.
          return res.redirect(303, `/r/${id}`);
        }
      }
    }) as RequestHandler)
    .all(allowOnly(['GET', 'POST']));

  return r;
}

// ---------------------------------------------------------------- the owner's API

function appJson(result: AppResult) {
  return result.count === null
    ? { count: null, share: null, low: result.low, high: result.high, withheld: result.withheld }
    : { count: result.count, share: result.share, low: result.low, high: result.high };
}

export function pollApiRoutes(deps: PollRouteDeps): Router {
  const r = Router();
  // Not strict: a body that is JSON but not an object (`true`, `[]`) is refused below, saying so,
  // rather than by the parser as "not valid JSON".
  const json = express.json({ limit: '1kb', strict: false });
  const { polls } = deps;

  /**
   * A body is optional; when there is one it must be a JSON object (415 when not JSON, 400 naming
   * what is wrong when it is JSON of another kind). `notObject`: the route's words for the 400.
   */
  const optionalJson =
    (notObject = 'poll.api.not_object'): RequestHandler =>
    (req, res, next) => {
      const hasBody = req.get('content-length') !== undefined && req.get('content-length') !== '0';
      if (!hasBody && req.get('transfer-encoding') === undefined) return next();
      if (!req.is('application/json')) return next(new HttpError(415, message('poll.api.content_type')));
      return json(req, res, (err?: unknown) => {
        if (err !== undefined) return next(err);
        const body: unknown = req.body;
        // An empty chunked body parses to nothing: as no body.
        if (body === undefined) return next();
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          return next(new HttpError(400, message(notObject)));
        return next();
      });
    };

  async function owned(req: Request) {
    const id = String(req.params.id);
    const loaded = await polls.loadPlan(id);
    if (loaded === undefined) throw new HttpError(404, message('web.api.not_found'));
    const key = req.get('x-owner-key');
    if (key === undefined || key.trim() === '')
      throw new HttpError(401, message('web.api.owner_key_missing'));
    if (!(await deps.ownerKeys.matches(req, key.trim(), loaded.stored.ownerKeyHash)))
      throw new HttpError(403, message('web.api.owner_key_wrong'));
    return { id, ...loaded };
  }

  async function statusJson(
    req: Request,
    res: Response,
    id: string,
    hash: string,
    stored: Parameters<PollsService['status']>[1],
  ) {
    const status = await polls.status(hash, stored);
    if (status === undefined) return undefined;
    const token = await polls.tokenFor(id, hash);
    const tr: Translator = res.locals.tr;
    const { summary } = status;
    return {
      pollUrl: `${baseUrl(deps, req)}${pollPath(token ?? '')}`,
      open: status.open,
      openedOn: status.poll.openedOn,
      ...(status.poll.closedOn === undefined ? {} : { closedOn: status.poll.closedOn }),
      counterTablet: status.poll.counterKeyHash !== undefined,
      responses: summary.responses,
      waiting: summary.waiting,
      today: summary.today,
      counterAnswers: summary.counterAnswers,
      results:
        summary.results === null
          ? null
          : {
              ...(Object.fromEntries(POLL_APPS.map((a) => [a, appJson(summary.results!.apps[a])])) as Record<
                PollApp,
                ReturnType<typeof appJson>
              >),
              ageMix: summary.results.ageMix,
              ageWithheld: summary.results.ageWithheld,
            },
      flags: summary.flags,
      text: summaryMessages(summary, (day) => dayText(tr, day)).map((m) => tr.render(m)),
    };
  }

  r.use('/plans/:id/poll', privateAnswers);

  r.route('/plans/:id/poll')
    .post(optionalJson(), (async (req, res) => {
      const { id, hash, stored } = await owned(req);
      const opened = await polls.open(id, hash);
      res.status(opened.opened ? 201 : 200).json(await statusJson(req, res, id, hash, stored));
    }) as RequestHandler)
    .get((async (req, res) => {
      const { id, hash, stored } = await owned(req);
      const body = await statusJson(req, res, id, hash, stored);
      if (body === undefined) throw new HttpError(404, message('poll.api.no_poll'));
      res.json(body);
    }) as RequestHandler)
    .delete((async (req, res) => {
      const { id, hash, stored } = await owned(req);
      const status = await polls.status(hash, stored);
      if (status === undefined) throw new HttpError(404, message('poll.api.no_poll'));
      await polls.close(hash);
      res.json(await statusJson(req, res, id, hash, stored));
    }) as RequestHandler)
    .all(allowOnly(['GET', 'POST', 'DELETE']));

  r.route('/plans/:id/poll/reset')
    .post(optionalJson(), (async (req, res) => {
      const { id, hash, stored } = await owned(req);
      if (!(await polls.reset(hash))) throw new HttpError(404, message('poll.api.no_poll'));
      res.json(await statusJson(req, res, id, hash, stored));
    }) as RequestHandler)
    .all(allowOnly(['POST']));

  // Counter-tablet mode: { "on": true } answers the tablet link (shown once); { "on": false } ends it.
  r.route('/plans/:id/poll/counter')
    .post(optionalJson('poll.api.counter_not_object'), (async (req, res) => {
      const { id, hash } = await owned(req);
      const body: unknown = req.body;
      const on = typeof body === 'object' && body !== null ? (body as { on?: unknown }).on : undefined;
      if (typeof on !== 'boolean')
        return res
          .status(400)
          .json({ errors: [{ path: 'on', message: res.locals.tr.t('poll.api.counter_on') }] });
      const key = await polls.counterTablet(hash, on);
      if (key === undefined) throw new HttpError(409, message('poll.api.not_open'));
      const token = await polls.tokenFor(id, hash);
      res.json({
        counterTablet: on,
        ...(key === null ? {} : { tabletUrl: `${baseUrl(deps, req)}${pollPath(token ?? '')}/tablet/${key}` }),
      });
    }) as RequestHandler)
    .all(allowOnly(['POST']));

  r.route('/plans/:id/poll/apply')
    .post(optionalJson(), (async (req, res) => {
      const open = await owned(req);
      const status = await polls.status(open.hash, open.stored);
      if (status === undefined) throw new HttpError(404, message('poll.api.no_poll'));
      const applied = await polls.apply(open, chosenLanguage(res));
      if (applied === undefined) throw new HttpError(409, message('poll.api.too_few'));
      // The plan, and what it now holds of the poll (Answers customers.poll) with the reasons
      // each app got from it, in the plan's language.
      res.json({
        plan: applied.plan,
        poll: {
          ...applied.poll,
          reasons: Object.fromEntries(
            POLL_APPS.map((app) => [app, applied.reasons[app].map((reason) => reason.text)]),
          ),
        },
      });
    }) as RequestHandler)
    .all(allowOnly(['POST']));

  return r;
}

/** The report page's poll section (views/partials/poll-summary.ejs). */
export interface PollReportSection {
  readonly href: string;
  readonly open: boolean;
  readonly sentences: readonly string[];
}

/**
 * The report page's poll section, or undefined when the plan has no poll (or the id is not a
 * plan's): the results in words, already suppressed (no results below 10 answers, no count under
 * 5), from answers given before today only, and a link to the owner's poll page. Never the poll
 * link itself, nor today's answers, so the section changes at most once a day.
 */
export async function pollReportSummary(
  polls: PollsService,
  id: string,
  tr: Translator,
): Promise<PollReportSection | undefined> {
  return sectionOf(id, await reportStatusOf(polls, id), tr);
}

function sectionOf(
  id: string,
  status: PollStatus | undefined,
  tr: Translator,
): PollReportSection | undefined {
  if (status === undefined) return undefined;
  return {
    href: `/r/${id}/poll`,
    open: status.open,
    sentences: summaryMessages(status.summary, (day) => dayText(tr, day)).map((m) => tr.render(m)),
  };
}

async function reportStatusOf(polls: PollsService, id: string): Promise<PollStatus | undefined> {
  return isSecretShaped(id) ? polls.reportStatus(hashSecret(id)) : undefined;
}

/**
 * The poll's status for this request, read once (by the render cache's key, or by the handler).
 * Only the status is kept, not its words: the key is made before the plan's stored language is
 * known, and the section must be worded in the language the page is finally shown in.
 */
const requestStatus = requestMemo<PollStatus | undefined>();

/** The section for this request, in the page's language (res.locals.tr as it is now). */
export async function reportPollSection(
  polls: PollsService,
  open: { readonly id: string; readonly hash: string },
  res: Response,
): Promise<PollReportSection | undefined> {
  const status = await requestStatus.get(res, () => polls.reportStatus(open.hash));
  return sectionOf(open.id, status, res.locals.tr as Translator);
}

/**
 * The part of the report's cache key that the poll decides (render-cache.ts `variant`): a digest
 * of the section as it would be shown, so a cached report is never older than the poll's results
 * (which change at most daily) and never shows what the poll page would not.
 */
export function pollReportVariant(polls: PollsService): PageVariant {
  return async (_req, res, idHash, version) => {
    // The stamp's read found no poll: none is read, and the page rendered on a miss shows
    // none either, whatever happens meanwhile, so the page always matches its key.
    if (!version.hasPoll) requestStatus.set(res, undefined);
    const status = await requestStatus.get(res, () => polls.reportStatus(idHash));
    // No poll (most plans): a constant, which no digest equals.
    if (status === undefined) return 'none';
    // What the section shows (open or closed, the suppressed summary), never the poll's record.
    return hash('sha256', JSON.stringify({ open: status.open, summary: status.summary }), 'base64url');
  };
}
