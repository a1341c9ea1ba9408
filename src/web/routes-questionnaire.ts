/**
 * The questionnaire: the start page, a page per question, check your answers and the submit.
 * Each handler parses, calls the plans service and responds (303 after every accepted POST).
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Message } from '../domain/message.js';
import {
  firstUnanswered,
  isActive,
  isPageId,
  type PageDef,
  type PageError,
  pageById,
  position,
  previousStep,
  readAgeMix,
  sentValues,
  valuesIn,
  withAgeCounts,
} from '../domain/questionnaire.js';
import type { OpenDraft } from '../plans.js';
import { CLIENT_LIST_FIELD, CLIENT_LIST_PATH, countUploadedList, uploadRefusal } from './client-list.js';
import type { RouteDeps } from './deps.js';
import { notFound } from './errors.js';
import { chosenLanguage, useStoredLanguage } from './language.js';
import { loadDraft, param } from './loaders.js';
import { baseUrl, draftPath, keySlipPath, reportPath } from './paths.js';
import { pageTitle, privateHeaders, words } from './respond.js';
import { type RouteRow, routerOf } from './route-table.js';
import { cookieNames, cookieOptions } from './security.js';
import { checkRows, errorSummary, numberList, questionFields } from './view-models.js';

type Name =
  | 'start'
  | 'startDraft'
  | 'resume'
  | 'question'
  | 'answer'
  | 'countClientList'
  | 'checkAnswers'
  | 'submit';

export const QUESTIONNAIRE_ROUTES: readonly RouteRow<Name>[] = [
  { method: 'GET', path: '/', handler: 'start' },
  { method: 'POST', path: '/start', handler: 'startDraft', creates: true },
  { method: 'GET', path: '/d/:token', handler: 'resume' },
  { method: 'GET', path: '/d/:token/check', handler: 'checkAnswers' },
  { method: 'POST', path: '/d/:token/check', handler: 'submit', creates: true },
  // Limited by uploadGate (app.ts) before its body is read, not here.
  { method: 'POST', path: CLIENT_LIST_PATH, handler: 'countClientList' },
  { method: 'GET', path: '/d/:token/:page', handler: 'question' },
  { method: 'POST', path: '/d/:token/:page', handler: 'answer' },
];

/** What the customers page shows about a client-list upload: its error, or what was counted. */
interface ClientListState {
  readonly error?: Message;
  /** The status to answer the error with, when not 400 (413 for a file over the size limit). */
  readonly status?: number;
  readonly counted?: { readonly counted: number; readonly skipped: number; readonly column: string };
}

const OWNER_KEY_COOKIE_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

/** The cookie that lets the start page offer to continue this browser's draft. */
export const draftCookieName = (https: boolean) => `${https ? '__Host-' : ''}kanal.draft`;

export function questionnaireRoutes(deps: RouteDeps) {
  const { plans, config } = deps;
  const https = config.HTTPS;
  const names = cookieNames(https);

  function rememberDraft(res: Response, token: string) {
    res.cookie(draftCookieName(https), token, {
      ...cookieOptions(https),
      maxAge: config.DRAFT_RETENTION_DAYS * DAY_MS,
    });
  }

  /** The draft, its pages in its stored language unless the owner chose one (decision 027). */
  async function openDraft(req: Request, res: Response): Promise<OpenDraft> {
    const open = await loadDraft(plans, req);
    useStoredLanguage(deps.i18n, res, open.draft.language);
    return open;
  }

  /**
   * The draft, or (its link used up by making the plan) a redirect to the plan made from it: to
   * `madeTo` of its id (the report; for a second "Make my plan", a double click or a reload, the
   * key slip, which shows the owner key while the first answer's cookie lasts).
   */
  async function draftOrPlan(
    req: Request,
    res: Response,
    madeTo: (id: string) => string = reportPath,
  ): Promise<OpenDraft | undefined> {
    const token = param(req, 'token');
    const open = await plans.openDraft(token);
    if (open !== undefined) {
      useStoredLanguage(deps.i18n, res, open.draft.language);
      return open;
    }
    const id = await plans.planMadeFrom(token);
    if (id === undefined) throw notFound();
    res.redirect(303, madeTo(id));
    return undefined;
  }

  function renderQuestion(
    req: Request,
    res: Response,
    open: OpenDraft,
    page: PageDef,
    values: Readonly<Record<string, string | readonly string[]>>,
    errors: readonly PageError[],
    upload: ClientListState = {},
    /** The values are the draft's (plain numbers), not the form as just typed. */
    stored = false,
  ) {
    const w = words(deps.i18n, res);
    const t = res.locals.t;
    const base = draftPath(open.token);
    const changing = req.query.change === '1';
    const pages = open.draft.data.pages;
    const { n, m } = position(pages, page.id);
    const back = changing ? 'check' : previousStep(pages, page.id);
    const reading = page.id === 'customers' && errors.length === 0 ? readAgeMix(values) : undefined;
    const title = t(`web.page.${page.id}.title`);
    const uploadError = upload.error === undefined ? undefined : w.tr.render(upload.error);
    const failed = errors.length > 0 || uploadError !== undefined;
    const counted = upload.counted;
    res.status(failed ? (upload.status ?? 400) : 200).render('question', {
      pageTitle: pageTitle(res, title, failed),
      heading: title,
      intro: t(`web.page.${page.id}.intro`),
      caption: t('web.question_n_of_m', { n: w.tr.formatNumber(n), m: w.tr.formatNumber(m) }),
      backHref: back === undefined ? '/' : `${base}/${back}`,
      action: `${base}/${page.id}${changing ? '?change=1' : ''}`,
      errors: [
        ...errorSummary(w, page, errors),
        ...(uploadError === undefined ? [] : [{ href: `#f-${CLIENT_LIST_FIELD}`, text: uploadError }]),
      ],
      clientList:
        page.id === 'customers'
          ? {
              action: `${base}/customers/list${changing ? '?change=1' : ''}`,
              field: CLIENT_LIST_FIELD,
              error: uploadError,
              counted:
                counted === undefined
                  ? undefined
                  : t(counted.column === '' ? 'client_list.counted' : 'client_list.counted_column', {
                      count: counted.counted,
                      counted: w.tr.formatNumber(counted.counted),
                      column: counted.column,
                    }),
              skipped:
                counted === undefined || counted.skipped === 0
                  ? undefined
                  : t('client_list.skipped', {
                      count: counted.skipped,
                      skipped: w.tr.formatNumber(counted.skipped),
                    }),
            }
          : undefined,
      // Stored numbers in the page's marks (12,5 in Indonesian); a refused form as it was typed.
      fields: questionFields(w, page, stored ? valuesIn(page, values, w.tr.language) : values, errors),
      ageMixPercent:
        reading?.mode === 'count'
          ? numberList(
              w.tr,
              Object.values(reading.percentages).map((p) => w.tr.formatPercent(p / 100)),
            )
          : undefined,
      saveLink: `${baseUrl(config, req)}${base}`,
      changingPlan: open.draft.planIdHash !== undefined,
    });
  }

  /** The page named by :page, if it is in this draft's flow. */
  function pageOf(req: Request, open: OpenDraft): PageDef {
    const id = param(req, 'page');
    if (!isPageId(id) || !isActive(open.draft.data.pages, id)) throw notFound();
    return pageById(id);
  }

  const handlers: Record<Name, RequestHandler> = {
    async start(req, res) {
      const t = res.locals.t;
      const token: unknown = req.cookies?.[draftCookieName(https)];
      const draft = typeof token === 'string' ? await plans.openDraft(token) : undefined;
      const planId =
        draft === undefined && typeof token === 'string' ? await plans.planMadeFrom(token) : undefined;
      if (draft !== undefined || planId !== undefined) privateHeaders(res);
      res.render('start', {
        pageTitle: pageTitle(res, t('web.start.title')),
        continueHref: draft === undefined ? undefined : draftPath(draft.token),
        planHref: planId === undefined ? undefined : reportPath(planId),
      });
    },

    async startDraft(_req, res) {
      const { token } = await plans.startDraft(chosenLanguage(res));
      rememberDraft(res, token);
      res.redirect(303, `${draftPath(token)}/business`);
    },

    async resume(req, res) {
      const open = await draftOrPlan(req, res);
      if (open === undefined) return;
      if (open.draft.planIdHash === undefined) rememberDraft(res, open.token);
      res.redirect(303, `${draftPath(open.token)}/${firstUnanswered(open.draft.data.pages) ?? 'check'}`);
    },

    async question(req, res) {
      const open = await draftOrPlan(req, res);
      if (open === undefined) return;
      const page = pageOf(req, open);
      // Stored answers that no longer hold (another page changed under them) show their error.
      const stored = open.draft.data.pages[page.id];
      const recheck = stored === undefined ? undefined : page.parse(stored, open.draft.data.pages);
      const errors = recheck?.ok === false ? recheck.errors : [];
      renderQuestion(req, res, open, page, stored ?? {}, errors, {}, true);
    },

    async answer(req, res) {
      // A page sent again after the plan was made from its draft: the plan, not a 404.
      const open = await draftOrPlan(req, res);
      if (open === undefined) return;
      const page = pageOf(req, open);
      const changing = req.query.change === '1';
      // Numbers read as the page the owner saw writes them; the draft keeps that language.
      const saved = await plans.savePage(open, page.id, req.body, changing, {
        shown: res.locals.language,
        keep: chosenLanguage(res),
      });
      if (saved.ok) return res.redirect(303, `${draftPath(open.token)}/${saved.next}`);
      if ('gone' in saved) throw notFound();
      renderQuestion(req, res, open, page, saved.values as Record<string, string>, saved.errors);
    },

    // A client list counted into the customers page's age fields: shown, not saved. The owner
    // checks the counts and continues as with typed ones; the file is never stored. The page's
    // form comes with the file, so what the owner typed there is shown again as typed (a request
    // with none of the page's inputs, from a page of an earlier version, gets the draft's values).
    async countClientList(req, res) {
      const open = await openDraft(req, res);
      if (!isActive(open.draft.data.pages, 'customers')) throw notFound();
      const page = pageById('customers');
      const sent = sentValues(page, req.body);
      const typed = sent !== undefined;
      const values = sent ?? open.draft.data.pages.customers ?? {};
      const now = deps.clock();
      const today = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
      const refused = uploadRefusal(req);
      if (refused !== undefined) return renderQuestion(req, res, open, page, values, [], refused, !typed);
      const result = await countUploadedList(req.file, today);
      if (!result.ok)
        return renderQuestion(req, res, open, page, values, [], { error: result.error }, !typed);
      renderQuestion(
        req,
        res,
        open,
        page,
        withAgeCounts(values, result.counts),
        [],
        { counted: result },
        !typed,
      );
    },

    async checkAnswers(req, res) {
      const open = await draftOrPlan(req, res);
      if (open === undefined) return;
      const base = draftPath(open.token);
      const pages = open.draft.data.pages;
      const missing = firstUnanswered(pages);
      if (missing !== undefined) return res.redirect(303, `${base}/${missing}`);
      const answers = plans.draftAnswers(open);
      if (!answers.ok) throw new Error('A draft made of accepted pages does not validate as a whole.');
      const t = res.locals.t;
      const changingPlan = open.draft.planIdHash !== undefined;
      res.render('check', {
        pageTitle: pageTitle(res, t('web.check.title')),
        heading: t('web.check.title'),
        backHref: `${base}/${previousStep(pages, 'check')}`,
        rows: checkRows(words(deps.i18n, res), pages, answers.value, base),
        action: `${base}/check`,
        changingPlan,
        saveLink: `${baseUrl(config, req)}${base}`,
      });
    },

    async submit(req, res) {
      const open = await draftOrPlan(req, res, keySlipPath);
      if (open === undefined) return;
      const done = await plans.submit(open, chosenLanguage(res));
      if (done.kind === 'incomplete') return res.redirect(303, `${draftPath(open.token)}/${done.page}`);
      if (done.kind === 'gone') throw notFound();
      if (done.kind === 'replaced') return res.redirect(303, reportPath(done.id));
      // Shown on the key slip page (and offered from the report) while this cookie lasts.
      res.cookie(names.ownerOnce, done.ownerKey, {
        ...cookieOptions(https),
        sameSite: 'strict',
        maxAge: OWNER_KEY_COOKIE_MS,
      });
      res.redirect(303, keySlipPath(done.id));
    },
  };

  return routerOf(QUESTIONNAIRE_ROUTES, handlers, deps.limits);
}
