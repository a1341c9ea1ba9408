/**
 * The storage interface: the few things the app asks of a database. Routes and the domain see
 * only this, so a PostgreSQL store (for operators running several instances) can be added
 * beside sqlite-store.ts without touching them. Methods are async for that reason, although
 * SQLite answers synchronously.
 *
 * Every record is keyed by the SHA-256 hash of its secret (see src/web/secrets.ts); the raw
 * secrets never reach the store. What a store reads back is re-validated with the domain's
 * schemas, so a bad row is an error, never a half-valid object.
 */
import { z } from 'zod';
import { type Answers, parseStoredAnswers } from '../domain/answers.js';
import { type Plan, PlanSchema } from '../domain/plan-schema.js';
import type { JsonText } from '../json-text.js';

/** The answers of a questionnaire in progress: the accepted form values of each page. */
export const DraftDataSchema = z.object({
  version: z.literal(1),
  pages: z
    .record(
      z.string(),
      z.record(z.string(), z.union([z.string(), z.array(z.string()).readonly()])).readonly(),
    )
    .readonly(),
});
export type DraftData = z.infer<typeof DraftDataSchema>;

/**
 * The language codes a draft or plan can be stored with (the served languages, src/i18n.ts
 * LANGUAGE_INFO; the migrations' CHECK lists the same, test/i18n/stored-language.test.ts holds
 * them equal). Old rows have none (docs/decisions/027).
 */
export const STORED_LANGUAGES = ['en', 'id', 'ms', 'zh'] as const;
export type StoredLanguage = (typeof STORED_LANGUAGES)[number];
export const StoredLanguageSchema = z.enum(STORED_LANGUAGES);

/** A row read for its answers alone (Store.loadAnswers). */
export const AnswersRow = z.object({ answers: z.string() });

/**
 * The drafts and plans rows as both stores read them back, re-validated; `time` is how a store
 * returns its timestamps (SQLite: ISO text; PostgreSQL: a Date).
 */
export function rowSchemas<T extends z.ZodType>(time: T) {
  return {
    DraftRow: z.object({
      data: z.string(),
      plan_id_hash: z.string().nullable(),
      sealed_plan_id: z.string().nullable(),
      language: StoredLanguageSchema.nullable(),
      created_at: time,
      updated_at: time,
    }),
    PlanRow: z.object({
      answers: z.string(),
      plan: z.string(),
      previous: z.string().nullable(),
      owner_key_hash: z.string(),
      language: StoredLanguageSchema.nullable(),
      created_at: time,
      updated_at: time,
      expires_at: time,
    }),
  };
}

const EarlierRow = z.object({ answers: z.unknown(), plan: z.unknown(), at: z.string() });

/** The earlier plan kept for the report's comparison, from its stored JSON, re-validated. */
export function earlierPlan(json: string): EarlierPlan {
  const row = EarlierRow.parse(JSON.parse(json));
  return {
    answers: parseStoredAnswers(row.answers),
    plan: PlanSchema.parse(row.plan),
    at: new Date(row.at),
  };
}

/** A language to store: a known code, or nothing (a code not in the list is not stored). */
export function storedLanguage(value: unknown): StoredLanguage | undefined {
  const v = StoredLanguageSchema.safeParse(value);
  return v.success ? v.data : undefined;
}

export interface Draft {
  readonly data: DraftData;
  /** Set when this draft changes an existing plan. */
  readonly planIdHash?: string;
  /** The report id, sealed with a key derived from the draft token (web/secrets.ts). */
  readonly sealedPlanId?: string;
  /** The language the owner last saved it in; absent on drafts made before migration 004. */
  readonly language?: StoredLanguage;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A plan as it was before the owner's last change. */
export interface EarlierPlan {
  readonly answers: Answers;
  readonly plan: Plan;
  /** When that version was made or last changed. */
  readonly at: Date;
}

export interface StoredPlan {
  readonly answers: Answers;
  readonly plan: Plan;
  /** The version before the last change, if the owner has changed their answers. */
  readonly previous?: EarlierPlan;
  readonly ownerKeyHash: string;
  /** The language its texts were made in; absent on plans made before migration 004. */
  readonly language?: StoredLanguage;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly expiresAt: Date;
}

export interface NewDraft {
  readonly tokenHash: string;
  readonly data: DraftData;
  readonly planIdHash?: string;
  readonly sealedPlanId?: string;
  readonly language?: StoredLanguage;
  readonly now: Date;
}

export interface NewPlan {
  readonly idHash: string;
  readonly ownerKeyHash: string;
  readonly answers: Answers;
  /** The plan, or its JSON text as made on a planning thread (src/json-text.ts). */
  readonly plan: Plan | JsonText<Plan>;
  readonly language?: StoredLanguage;
  readonly now: Date;
  readonly expiresAt: Date;
  /** The draft the plan was made from, removed in the same transaction. */
  readonly fromDraftHash?: string;
}

export interface PurgeResult {
  readonly plans: number;
  readonly drafts: number;
}

export interface Store {
  createDraft(draft: NewDraft): Promise<void>;
  /** undefined when there is no such draft. */
  loadDraft(tokenHash: string): Promise<Draft | undefined>;
  /** false when the draft no longer exists. A language given replaces the stored one. */
  saveDraft(tokenHash: string, data: DraftData, now: Date, language?: StoredLanguage): Promise<boolean>;
  createPlan(plan: NewPlan): Promise<void>;
  /** undefined when there is no such plan, or it has expired. */
  loadPlan(idHash: string, now: Date): Promise<StoredPlan | undefined>;
  /**
   * The plan's answers alone, as loadPlan gives them (undefined as loadPlan would be), without
   * reading or validating its 17-40 kB of plan JSON: for a report's poll section, read on every
   * view of a plan with a poll.
   */
  loadAnswers(idHash: string, now: Date): Promise<Answers | undefined>;
  /**
   * Replaces answers and plan, keeping the replaced version as `previous` (and removes the draft
   * it came from); false when the plan is gone. A language given replaces the stored one.
   */
  replacePlan(
    idHash: string,
    change: {
      answers: Answers;
      plan: Plan | JsonText<Plan>;
      now: Date;
      fromDraftHash?: string;
      language?: StoredLanguage;
    },
  ): Promise<boolean>;
  /** Every plan that has not expired (for the operator's anonymous totals; no ids, no answers). */
  listPlans(now: Date): Promise<readonly Plan[]>;
  /** Removes the plan and any draft changing it; false when there was none. */
  deletePlan(idHash: string): Promise<boolean>;
  /**
   * Removes plans whose expiry is at or before `now` (and drafts changing them), and drafts
   * last saved before `staleDraftsBefore`. Returns how many of each were removed.
   */
  purgeExpired(now: Date, staleDraftsBefore: Date): Promise<PurgeResult>;
  /**
   * The health check: resolves when the database answers and can be written (no write fault
   * since the last successful write, and a cheap write probe, run at most once a second,
   * passes); rejects otherwise (docs/decisions/021).
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}
