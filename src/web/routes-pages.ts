/**
 * The pages: route table first, then thin handlers (parse, decide, store, respond; 303 after
 * every successful POST). Drafts live under /d/<token>, reports under /r/<id>; both are
 * capability links (docs/decisions/005-storage-and-secrets.md).
 */
import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { Draft, DraftData, StoredPlan } from '../db/store.js';
import { buildKit } from '../domain/kit.js';
import type { Message } from '../domain/message.js';
import { preparedAdoption } from '../domain/plan.js';
import {
  cleanForm,
  draftAnswers,
  firstUnanswered,
  isActive,
  isPageId,
  nextStep,
  type PageDef,
  type PageError,
  pageById,
  pagesFromAnswers,
  position,
  previousStep,
  readAgeMix,
  withAgeCounts,
} from '../domain/questionnaire.js';
import type { AppDeps } from './app.js';
import { ageMixChart, reachChart } from './charts.js';
import { CLIENT_LIST_FIELD, CLIENT_LIST_PATH, countUploadedList } from './client-list.js';
import { notFound } from './errors.js';
import type { Limiters } from './limits.js';
import { buildMethod } from './method-view.js';
import { type Method, methodGuard } from './methods.js';
import { kitQrCodes } from './qr.js';
import { planPageCache } from './render-cache.js';
import { buildReport } from './report-view.js';
import { daysFrom } from './retention.js';
import {
  hashSecret,
  isSecretShaped,
  newPlanSecrets,
  newSecret,
  openReportId,
  sealReportId,
  secretMatches,
} from './secrets.js';
import { cookieNames, cookieOptions, linkBase } from './security.js';
import { checkRows, errorSummary, questionFields, type Words } from './view-models.js';

type HandlerName = keyof ReturnType<typeof handlers>;

/** What the customers page shows about a client-list upload: its error, or what was counted. */
interface ClientListState {
  readonly error?: Message;
  readonly counted?: { readonly counted: number; readonly skipped: number; readonly column: string };
}

/** The route table: method, path, handler. The 405 guard (app.ts) is built from it too. */
export const PAGE_ROUTES: readonly (readonly [Method, string, HandlerName])[] = [
  ['GET', '/', 'start'],
  ['POST', '/start', 'startDraft'],
  ['GET', '/deleted', 'deleted'],
  ['GET', '/privacy', 'privacy'],
  ['GET', '/method', 'method'],
  ['GET', '/d/:token', 'resume'],
  ['GET', '/d/:token/check', 'checkAnswers'],
  ['POST', '/d/:token/check', 'submit'],
  ['POST', CLIENT_LIST_PATH, 'countClientList'],
  ['GET', '/d/:token/:page', 'question'],
  ['POST', '/d/:token/:page', 'answer'],
  ['GET', '/r/:id', 'report'],
  ['GET', '/r/:id/kit', 'kit'],
  ['GET', '/r/:id/change', 'changeForm'],
  ['POST', '/r/:id/change', 'change'],
  ['GET', '/r/:id/delete', 'deleteForm'],
  ['POST', '/r/:id/delete', 'deletePlan'],
];

/** Handlers that make a draft or a plan, or read an uploaded list (CPU): rate-limited as "create". */
// (The client-list upload is limited by uploadGate, app.ts, before its body is read.)
const CREATING: ReadonlySet<HandlerName> = new Set(['startDraft', 'submit', 'change']);

export function pageRoutes(deps: AppDeps, limits: Limiters): Router {
  const h = handlers(deps, limits);
  const cached = planPageCache({ ...deps, ownerOnceCookie: cookieNames(deps.config.HTTPS).ownerOnce });
  const r = Router();
  r.use(['/d', '/r'], privatePage, limits.misses);
  for (const [method, path, name] of PAGE_ROUTES) {
    const handler = name === 'report' || name === 'kit' ? cached(name, h[name]) : h[name];
    const chain: RequestHandler[] = CREATING.has(name) ? [limits.create, handler] : [handler];
    if (method === 'GET') r.get(path, ...chain);
    else r.post(path, ...chain);
  }
  return r;
}

export const pageMethodGuard = () =>
  methodGuard(PAGE_ROUTES.map(([method, path]) => [method, path] as const));

/** Capability pages: never cached, never indexed. */
const privatePage: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
  next();
};

export const draftPath = (token: string) => `/d/${token}`;
export const reportPath = (id: string) => `/r/${id}`;

export function baseUrl(deps: AppDeps, req: Request): string {
  return linkBase(req, deps.config);
}

function words(deps: AppDeps, res: Response): Words {
  const tr = res.locals.tr;
  return { tr, has: (key) => deps.i18n.instance.exists(key, { lng: tr.language }) };
}

function pageTitle(res: Response, title: string, hasErrors = false): string {
  const t = res.locals.t;
  return `${hasErrors ? t('web.error_prefix') : ''}${title} – ${t('web.service_name')}`;
}

/** Locals of the kit engineer's partials (views/partials/kit-summary.ejs, views/kit.ejs). */
async function kitLocals(w: Words, stored: StoredPlan, extra: Record<string, unknown>) {
  const kit = buildKit(stored.answers, stored.plan, w.tr.render);
  return { kit, qr: await kitQrCodes(kit), tr: w.tr, ...extra };
}

function param(req: Request, name: string): string {
  const v: unknown = req.params[name];
  return typeof v === 'string' ? v : '';
}

function handlers(deps: AppDeps, limits: Limiters) {
  const { store, clock, randomBytes } = deps;
  const adoption = preparedAdoption(deps.adoption);
  const names = cookieNames(deps.config.HTTPS);

  async function loadDraft(req: Request): Promise<{ token: string; hash: string; draft: Draft }> {
    const token = param(req, 'token');
    if (!isSecretShaped(token)) throw notFound();
    const hash = hashSecret(token);
    const draft = await store.loadDraft(hash);
    if (draft === undefined) throw notFound();
    return { token, hash, draft };
  }

  async function loadPlan(req: Request) {
    const id = param(req, 'id');
    if (!isSecretShaped(id)) throw notFound();
    const hash = hashSecret(id);
    const stored = await store.loadPlan(hash, clock());
    if (stored === undefined) throw notFound();
    return { id, hash, stored };
  }

  function renderQuestion(
    req: Request,
    res: Response,
    token: string,
    draft: Draft,
    page: PageDef,
    values: DraftData['pages'][string],
    errors: readonly PageError[],
    upload: ClientListState = {},
  ) {
    const w = words(deps, res);
    const t = res.locals.t;
    const changing = req.query.change === '1';
    const pages = draft.data.pages;
    const { n, m } = position(pages, page.id);
    const back = changing ? 'check' : previousStep(pages, page.id);
    const reading = page.id === 'customers' && errors.length === 0 ? readAgeMix(values) : undefined;
    const title = t(`web.page.${page.id}.title`);
    const uploadError = upload.error === undefined ? undefined : w.tr.render(upload.error);
    const failed = errors.length > 0 || uploadError !== undefined;
    res.status(failed ? 400 : 200).render('question', {
      pageTitle: pageTitle(res, title, failed),
      heading: title,
      intro: t(`web.page.${page.id}.intro`),
      caption: t('web.question_n_of_m', { n: w.tr.formatNumber(n), m: w.tr.formatNumber(m) }),
      backHref: back === undefined ? '/' : `${draftPath(token)}/${back}`,
      action: `${draftPath(token)}/${page.id}${changing ? '?change=1' : ''}`,
      errors: [
        ...errorSummary(w, page, errors),
        ...(uploadError === undefined ? [] : [{ href: `#f-${CLIENT_LIST_FIELD}`, text: uploadError }]),
      ],
      clientList:
        page.id === 'customers'
          ? {
              action: `${draftPath(token)}/customers/list${changing ? '?change=1' : ''}`,
              field: CLIENT_LIST_FIELD,
              error: uploadError,
              counted:
                upload.counted === undefined
                  ? undefined
                  : t(upload.counted.column === '' ? 'client_list.counted' : 'client_list.counted_column', {
                      count: upload.counted.counted,
                      counted: w.tr.formatNumber(upload.counted.counted),
                      column: upload.counted.column,
                    }),
              skipped:
                upload.counted === undefined || upload.counted.skipped === 0
                  ? undefined
                  : t('client_list.skipped', {
                      count: upload.counted.skipped,
                      skipped: w.tr.formatNumber(upload.counted.skipped),
                    }),
            }
          : undefined,
      fields: questionFields(w, page, values, errors),
      ageMixPercent:
        reading?.mode === 'count'
          ? reading &&
            Object.values(reading.percentages)
              .map((p) => w.tr.formatPercent(p / 100))
              .join(', ')
          : undefined,
      saveLink: `${baseUrl(deps, req)}${draftPath(token)}`,
      changingPlan: draft.planIdHash !== undefined,
    });
  }

  function ownerKeyPage(res: Response, view: 'change' | 'delete', id: string, error?: string, status = 200) {
    const t = res.locals.t;
    const title = t(`web.${view}.title`);
    res.status(status).render(view, {
      pageTitle: pageTitle(res, title, error !== undefined),
      heading: title,
      action: `${reportPath(id)}/${view}`,
      backHref: reportPath(id),
      error,
      errors: error === undefined ? [] : [{ href: '#f-ownerKey', text: error }],
    });
  }

  /** Checks the owner key typed into a form; renders the form again with a message if wrong. */
  function ownerKeyError(req: Request, res: Response, expectedHash: string): string | undefined {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = typeof body.ownerKey === 'string' ? body.ownerKey.trim() : '';
    if (key === '') return res.locals.t('web.owner_key.missing');
    if (!limits.ownerKeys.matches(req, key, expectedHash)) return res.locals.t('web.owner_key.wrong');
    return undefined;
  }

  const handlersTable = {
    start: (async (_req, res) => {
      res.render('start', { pageTitle: pageTitle(res, res.locals.t('web.start.title')) });
    }) as RequestHandler,

    startDraft: (async (_req, res) => {
      const token = newSecret(randomBytes);
      await store.createDraft({
        tokenHash: hashSecret(token),
        data: { version: 1, pages: {} },
        now: clock(),
      });
      res.redirect(303, `${draftPath(token)}/business`);
    }) as RequestHandler,

    resume: (async (req, res) => {
      const { token, draft } = await loadDraft(req);
      res.redirect(303, `${draftPath(token)}/${firstUnanswered(draft.data.pages) ?? 'check'}`);
    }) as RequestHandler,

    question: (async (req, res) => {
      const { token, draft } = await loadDraft(req);
      const id = param(req, 'page');
      if (!isPageId(id) || !isActive(draft.data.pages, id)) throw notFound();
      // Stored answers that no longer hold (another page changed under them) show their error.
      const page = pageById(id);
      const stored = draft.data.pages[id];
      const recheck = stored === undefined ? undefined : page.parse(stored, draft.data.pages);
      renderQuestion(req, res, token, draft, page, stored ?? {}, recheck?.ok === false ? recheck.errors : []);
    }) as RequestHandler,

    answer: (async (req, res) => {
      const { token, hash, draft } = await loadDraft(req);
      const id = param(req, 'page');
      if (!isPageId(id) || !isActive(draft.data.pages, id)) throw notFound();
      const page = pageById(id);
      const parsed = page.parse(cleanForm(page, req.body), draft.data.pages);
      if (!parsed.ok) return renderQuestion(req, res, token, draft, page, parsed.values, parsed.errors);
      const pages = { ...draft.data.pages, [id]: parsed.values };
      if (!(await store.saveDraft(hash, { version: 1, pages }, clock()))) throw notFound();
      res.redirect(303, `${draftPath(token)}/${nextStep(pages, id, req.query.change === '1')}`);
    }) as RequestHandler,

    // A client list counted into the customers page's age fields: shown, not saved. The owner
    // checks the counts and continues as with typed ones; the file is never stored.
    countClientList: (async (req, res) => {
      const { token, draft } = await loadDraft(req);
      if (!isActive(draft.data.pages, 'customers')) throw notFound();
      const page = pageById('customers');
      const stored = draft.data.pages.customers ?? {};
      const now = clock();
      const today = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
      const result = await countUploadedList(req.file, today);
      if (!result.ok)
        return renderQuestion(req, res, token, draft, page, stored, [], { error: result.error });
      renderQuestion(req, res, token, draft, page, withAgeCounts(stored, result.counts), [], {
        counted: result,
      });
    }) as RequestHandler,

    checkAnswers: (async (req, res) => {
      const { token, draft } = await loadDraft(req);
      const pages = draft.data.pages;
      const missing = firstUnanswered(pages);
      if (missing !== undefined) return res.redirect(303, `${draftPath(token)}/${missing}`);
      const answers = draftAnswers(pages);
      if (!answers.ok) throw new Error('A draft made of accepted pages does not validate as a whole.');
      const t = res.locals.t;
      res.render('check', {
        pageTitle: pageTitle(res, t('web.check.title')),
        heading: t('web.check.title'),
        backHref: `${draftPath(token)}/${previousStep(pages, 'check')}`,
        rows: checkRows(words(deps, res), pages, answers.value, draftPath(token)),
        action: `${draftPath(token)}/check`,
        changingPlan: draft.planIdHash !== undefined,
        saveLink: `${baseUrl(deps, req)}${draftPath(token)}`,
      });
    }) as RequestHandler,

    submit: (async (req, res) => {
      const { token, hash, draft } = await loadDraft(req);
      const missing = firstUnanswered(draft.data.pages);
      if (missing !== undefined) return res.redirect(303, `${draftPath(token)}/${missing}`);
      const answers = draftAnswers(draft.data.pages);
      if (!answers.ok) throw new Error('A draft made of accepted pages does not validate as a whole.');
      const plan = deps.planner(answers.value, res.locals.lang);
      const now = clock();
      if (draft.planIdHash !== undefined && draft.sealedPlanId !== undefined) {
        const id = openReportId(token, draft.sealedPlanId);
        const change = { answers: answers.value, plan, now, fromDraftHash: hash };
        if (!(await store.replacePlan(draft.planIdHash, change))) throw notFound();
        return res.redirect(303, reportPath(id));
      }
      const { id, ownerKey, idHash, ownerKeyHash } = newPlanSecrets(randomBytes);
      await store.createPlan({
        idHash,
        ownerKeyHash,
        answers: answers.value,
        plan,
        now,
        expiresAt: daysFrom(now, deps.config.RETENTION_DAYS),
        fromDraftHash: hash,
      });
      // Shown once: the report page reads this cookie, shows the key and clears it.
      res.cookie(names.ownerOnce, ownerKey, {
        ...cookieOptions(deps.config.HTTPS),
        sameSite: 'strict',
        maxAge: 600_000,
      });
      res.redirect(303, reportPath(id));
    }) as RequestHandler,

    report: (async (req, res) => {
      const { id, stored } = await loadPlan(req);
      const once: unknown = req.cookies?.[names.ownerOnce];
      let ownerKey: string | undefined;
      if (once !== undefined) {
        if (secretMatches(once, stored.ownerKeyHash)) ownerKey = String(once);
        res.clearCookie(names.ownerOnce, { ...cookieOptions(deps.config.HTTPS), sameSite: 'strict' });
      }
      const w = words(deps, res);
      const vm = buildReport(w, stored, { reportUrl: `${baseUrl(deps, req)}${reportPath(id)}` });
      res.render('report', {
        ...vm,
        pageTitle: pageTitle(res, res.locals.t('web.report.title')),
        ownerKey,
        changeHref: `${reportPath(id)}/change`,
        deleteHref: `${reportPath(id)}/delete`,
        charts: {
          ageMix: ageMixChart(stored.answers.customers.ageMix, w.tr),
          reach: reachChart(stored.plan, w.tr),
        },
        kitLocals: await kitLocals(w, stored, { kitUrl: `${reportPath(id)}/kit`, headingLevel: 2 }),
      });
    }) as RequestHandler,

    kit: (async (req, res) => {
      const { id, stored } = await loadPlan(req);
      const w = words(deps, res);
      res.render('kit', {
        ...(await kitLocals(w, stored, {})),
        lang: res.locals.lang,
        reportUrl: reportPath(id),
      });
    }) as RequestHandler,

    changeForm: (async (req, res) => {
      const { id } = await loadPlan(req);
      ownerKeyPage(res, 'change', id);
    }) as RequestHandler,

    change: (async (req, res) => {
      const { id, hash, stored } = await loadPlan(req);
      const error = ownerKeyError(req, res, stored.ownerKeyHash);
      if (error !== undefined) return ownerKeyPage(res, 'change', id, error, 403);
      const token = newSecret(randomBytes);
      await store.createDraft({
        tokenHash: hashSecret(token),
        data: { version: 1, pages: { ...pagesFromAnswers(stored.answers) } },
        planIdHash: hash,
        sealedPlanId: sealReportId(token, id),
        now: clock(),
      });
      res.redirect(303, `${draftPath(token)}/check`);
    }) as RequestHandler,

    deleteForm: (async (req, res) => {
      const { id } = await loadPlan(req);
      ownerKeyPage(res, 'delete', id);
    }) as RequestHandler,

    deletePlan: (async (req, res) => {
      const { id, hash, stored } = await loadPlan(req);
      const error = ownerKeyError(req, res, stored.ownerKeyHash);
      if (error !== undefined) return ownerKeyPage(res, 'delete', id, error, 403);
      if (!(await store.deletePlan(hash))) throw notFound();
      res.redirect(303, '/deleted');
    }) as RequestHandler,

    privacy: (async (_req, res) => {
      const t = res.locals.t;
      res.render('privacy', {
        pageTitle: pageTitle(res, t('privacy.title')),
        retentionDays: res.locals.tr.formatNumber(deps.config.RETENTION_DAYS),
        draftRetentionDays: res.locals.tr.formatNumber(deps.config.DRAFT_RETENTION_DAYS),
      });
    }) as RequestHandler,

    method: (async (_req, res) => {
      res.render('method', {
        pageTitle: pageTitle(res, res.locals.t('web.method.title')),
        ...buildMethod(words(deps, res), adoption),
      });
    }) as RequestHandler,

    deleted: (async (_req, res) => {
      res.render('deleted', { pageTitle: pageTitle(res, res.locals.t('web.deleted.title')) });
    }) as RequestHandler,
  };
  return handlersTable;
}
