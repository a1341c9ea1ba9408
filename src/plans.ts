/**
 * The plans service: the application layer between the web (pages and API) and the store. It is
 * the one place that sequences secrets, expiry, the planner and the store, so that a plan is
 * made, replaced, opened for a change and deleted the same way whichever door the owner used
 * (docs/decisions/016-plans-service.md). No Express here: callers pass plain values and get
 * plain results; a missing draft or plan is `undefined`, for the caller's loader to answer 404.
 *
 * Deps come in as arguments (store, clock, randomBytes, planner, config), so another store (the
 * PostgreSQL one) or another service beside this one (polls) plugs in without touching it.
 */
import { createHmac } from 'node:crypto';
import { type Draft, type Store, type StoredPlan, storedLanguage } from './db/store.js';
import type { Answers, FieldError, Validation } from './domain/answers.js';
import type { Plan } from './domain/plan-schema.js';
import {
  answersOfDraft,
  firstUnanswered,
  nextStep,
  type PageError,
  type PageId,
  pageById,
  pagesFromAnswers,
  readPage,
  type Step,
} from './domain/questionnaire.js';
import { DEFAULT_LANGUAGE } from './i18n.js';
import { JsonText } from './json-text.js';
import { inThread, type Planner, type Prepare } from './prepare-plan.js';
import { daysFrom } from './web/retention.js';
import {
  hashSecret,
  isSecretShaped,
  newSecret,
  openReportId,
  type RandomBytes,
  sealReportId,
  secretMatches,
} from './web/secrets.js';

export type { Planner } from './prepare-plan.js';

export interface PlansDeps {
  readonly store: Store;
  readonly clock: () => Date;
  readonly randomBytes: RandomBytes;
  readonly planner: Planner;
  /** Validation and planning for `create` (src/plan-threads.ts); default the planner, in this thread. */
  readonly prepare?: Prepare;
  readonly config: { readonly RETENTION_DAYS: number };
}

/** A draft found by its token. `base`: the answers of the plan it changes (kept where no page asks). */
export interface OpenDraft {
  readonly token: string;
  readonly hash: string;
  readonly draft: Draft;
  readonly base?: Answers;
}

/** A plan found by its id. */
export interface OpenPlan {
  readonly id: string;
  readonly hash: string;
  readonly stored: StoredPlan;
}

export type SavePageResult =
  | { readonly ok: true; readonly next: Step }
  | {
      readonly ok: false;
      readonly values: Readonly<Record<string, unknown>>;
      readonly errors: readonly PageError[];
    }
  | { readonly ok: false; readonly gone: true };

export type SubmitResult =
  | { readonly kind: 'created'; readonly id: string; readonly ownerKey: string }
  | { readonly kind: 'replaced'; readonly id: string }
  /** A page in the flow has no accepted answer yet: go there. */
  | { readonly kind: 'incomplete'; readonly page: PageId }
  /** The draft or the plan it changes is gone. */
  | { readonly kind: 'gone' };

export interface CreatedPlan {
  readonly id: string;
  readonly ownerKey: string;
  /** The plan's JSON text, as stored. */
  readonly plan: JsonText<Plan>;
  readonly expiresAt: Date;
}

export type CreateResult =
  | ({ readonly ok: true } & CreatedPlan)
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** An API change: the new plan's JSON text, its field errors, or the plan is gone. */
export type ChangeResult =
  | { readonly ok: true; readonly plan: JsonText<Plan> }
  | { readonly ok: false; readonly errors: readonly FieldError[] }
  | { readonly ok: false; readonly gone: true };

export type OwnerKeyCheck = 'ok' | 'missing' | 'wrong';

/**
 * The language the owner is using is passed to every step that starts, saves, makes or changes
 * something, and stored with the draft or plan (a code the store does not know is not stored):
 * a plan link opened on another device then reads in it (docs/decisions/027). It also reads the
 * page's number fields as that language writes numbers (`1.200` is 1200 in Indonesian).
 */
export interface Plans {
  startDraft(language?: string): Promise<{ readonly token: string }>;
  openDraft(token: string): Promise<OpenDraft | undefined>;
  /** The id of the plan made from this (now used up) draft link, if there is one. */
  planMadeFrom(token: string): Promise<string | undefined>;
  savePage(
    open: OpenDraft,
    page: PageId,
    body: unknown,
    changing: boolean,
    /** `shown`: the page's language (numbers read as it writes them); `keep`: the owner's choice. */
    language?: { readonly shown: string; readonly keep: string | undefined },
  ): Promise<SavePageResult>;
  /** The Answers a draft adds up to (the changed plan's other answers kept). */
  draftAnswers(open: OpenDraft): Validation<Answers>;
  submit(open: OpenDraft, language: string | undefined): Promise<SubmitResult>;
  /** Validates an API body and makes its plan; its field errors when it is not valid answers. */
  create(body: unknown, language: string | undefined): Promise<CreateResult>;
  openPlan(id: string): Promise<OpenPlan | undefined>;
  /** `matches` compares a typed key with the stored hash (the web layer's limited compare). */
  checkOwnerKey(
    open: OpenPlan,
    key: unknown,
    matches?: (key: string, expectedHash: string) => boolean | Promise<boolean>,
  ): Promise<OwnerKeyCheck>;
  /** Replaces the plan's answers (already validated) and plan; undefined when the plan is gone. */
  replace(open: OpenPlan, answers: Answers, language: string | undefined): Promise<Plan | undefined>;
  /** The API's change: validates and plans an API body as `create` does, then replaces. */
  change(open: OpenPlan, body: unknown, language: string | undefined): Promise<ChangeResult>;
  /** Opens a change: a draft holding the plan's answers; its token. */
  openChange(open: OpenPlan, language?: string): Promise<{ readonly token: string }>;
  delete(open: OpenPlan): Promise<boolean>;
}

/**
 * The report id of a plan made from a new draft is derived from the draft token, so the draft
 * link the owner kept can still find the plan after the draft is used up (the store keeps only
 * hashes; the token is 256 random bits, so the id stays unguessable).
 */
export function reportIdForDraft(draftToken: string): string {
  return createHmac('sha256', draftToken).update('kanal:report-id-from-draft').digest('base64url');
}

const emptyDraft = () => ({ version: 1 as const, pages: {} });

/** `{ language }` for the store when it is a code it keeps, else nothing. */
function languageOf(language: string | undefined) {
  const code = storedLanguage(language);
  return code === undefined ? {} : { language: code };
}

export function createPlans(deps: PlansDeps): Plans {
  const { store, clock, randomBytes, planner } = deps;
  const prepare = deps.prepare ?? inThread(planner);

  /**
   * An API body validated and planned at `now` (on a planning thread when there are some): its
   * answers and the plan's JSON text as the thread wrote it, or its field errors.
   */
  async function planBody(body: unknown, now: Date, language: string | undefined) {
    const prepared = await prepare({ body, now: now.getTime(), language: language ?? DEFAULT_LANGUAGE });
    if (!prepared.ok) return prepared;
    return { ok: true, answers: prepared.answers, plan: new JsonText<Plan>(prepared.planText) } as const;
  }

  /** `language`: the one the owner chose (kept with the plan); undefined, Kanal's default. */
  async function makePlan(
    answers: Answers,
    plan: Plan | JsonText<Plan>,
    id: string,
    language: string | undefined,
    fromDraftHash?: string,
  ) {
    const ownerKey = newSecret(randomBytes);
    const now = clock();
    const expiresAt = daysFrom(now, deps.config.RETENTION_DAYS);
    await store.createPlan({
      idHash: hashSecret(id),
      ownerKeyHash: hashSecret(ownerKey),
      answers,
      plan,
      now,
      expiresAt,
      ...languageOf(language),
      ...(fromDraftHash === undefined ? {} : { fromDraftHash }),
    });
    return { id, ownerKey, expiresAt };
  }

  const service: Plans = {
    async startDraft(language) {
      const token = newSecret(randomBytes);
      await store.createDraft({
        tokenHash: hashSecret(token),
        data: emptyDraft(),
        now: clock(),
        ...languageOf(language),
      });
      return { token };
    },

    async openDraft(token) {
      if (!isSecretShaped(token)) return undefined;
      const hash = hashSecret(token);
      const draft = await store.loadDraft(hash);
      if (draft === undefined) return undefined;
      if (draft.planIdHash === undefined) return { token, hash, draft };
      const plan = await store.loadPlan(draft.planIdHash, clock());
      // The plan this draft was changing is gone (deleted, expired): so is the change.
      if (plan === undefined) return undefined;
      return { token, hash, draft, base: plan.answers };
    },

    async planMadeFrom(token) {
      if (!isSecretShaped(token)) return undefined;
      const id = reportIdForDraft(token);
      return (await store.loadPlan(hashSecret(id), clock())) === undefined ? undefined : id;
    },

    async savePage(open, id, body, changing, language) {
      const pages = open.draft.data.pages;
      const page = pageById(id);
      // Number fields read as the owner's language writes them; what is stored is the page's
      // values with those numbers in one plain form (read back the same in any language).
      const parsed = readPage(page, body, pages, language === undefined ? {} : { language: language.shown });
      if (!parsed.ok) return { ok: false, values: parsed.values, errors: parsed.errors };
      const next = { ...pages, [id]: parsed.values };
      const stored = storedLanguage(language?.keep);
      if (!(await store.saveDraft(open.hash, { version: 1, pages: next }, clock(), stored))) {
        return { ok: false, gone: true };
      }
      return { ok: true, next: nextStep(next, id, changing) };
    },

    draftAnswers(open) {
      return answersOfDraft(open.draft.data.pages, open.base);
    },

    async submit(open, language) {
      const { draft } = open;
      const missing = firstUnanswered(draft.data.pages);
      if (missing !== undefined) return { kind: 'incomplete', page: missing };
      const answers = service.draftAnswers(open);
      if (!answers.ok) throw new Error('A draft made of accepted pages does not validate as a whole.');
      if (draft.planIdHash !== undefined && draft.sealedPlanId !== undefined) {
        const id = openReportId(open.token, draft.sealedPlanId);
        const change = {
          answers: answers.value,
          plan: planner(answers.value, language ?? DEFAULT_LANGUAGE),
          now: clock(),
          ...languageOf(language),
        };
        const done = await store.replacePlan(draft.planIdHash, { ...change, fromDraftHash: open.hash });
        return done ? { kind: 'replaced', id } : { kind: 'gone' };
      }
      const plan = planner(answers.value, language ?? DEFAULT_LANGUAGE);
      const made = await makePlan(answers.value, plan, reportIdForDraft(open.token), language, open.hash);
      return { kind: 'created', id: made.id, ownerKey: made.ownerKey };
    },

    async create(body, language) {
      const planned = await planBody(body, clock(), language);
      if (!planned.ok) return planned;
      const made = await makePlan(planned.answers, planned.plan, newSecret(randomBytes), language);
      return { ok: true, ...made, plan: planned.plan };
    },

    async openPlan(id) {
      if (!isSecretShaped(id)) return undefined;
      const hash = hashSecret(id);
      const stored = await store.loadPlan(hash, clock());
      return stored === undefined ? undefined : { id, hash, stored };
    },

    async checkOwnerKey(open, key, matches = secretMatches) {
      const typed = typeof key === 'string' ? key.trim() : '';
      if (typed === '') return 'missing';
      return (await matches(typed, open.stored.ownerKeyHash)) ? 'ok' : 'wrong';
    },

    async replace(open, answers, language) {
      const plan = planner(answers, language ?? DEFAULT_LANGUAGE);
      const change = { answers, plan, now: clock(), ...languageOf(language) };
      return (await store.replacePlan(open.hash, change)) ? plan : undefined;
    },

    async change(open, body, language) {
      const now = clock();
      const planned = await planBody(body, now, language);
      if (!planned.ok) return planned;
      const { answers, plan } = planned;
      const change = { answers, plan, now, ...languageOf(language) };
      return (await store.replacePlan(open.hash, change)) ? { ok: true, plan } : { ok: false, gone: true };
    },

    async openChange(open, language) {
      const token = newSecret(randomBytes);
      await store.createDraft({
        ...languageOf(language ?? open.stored.language),
        tokenHash: hashSecret(token),
        data: { version: 1, pages: { ...pagesFromAnswers(open.stored.answers) } },
        planIdHash: open.hash,
        sealedPlanId: sealReportId(token, open.id),
        now: clock(),
      });
      return { token };
    },

    delete: (open) => store.deletePlan(open.hash),
  };
  return service;
}
