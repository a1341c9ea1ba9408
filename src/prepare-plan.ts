/**
 * The CPU-heavy half of making a plan from an API body: validating it, planning, and writing the
 * plan's JSON text. It is pure given the planner, and its input and output are plain values a
 * structured clone carries, so it runs on the request thread or on a planning thread
 * (src/plan-threads.ts) alike. The plans service does the rest (secrets, expiry, the store).
 */
import { type Answers, type FieldError, validateAnswers } from './domain/answers.js';
import type { Plan } from './domain/plan-schema.js';

/** Makes a plan for validated answers, rendering its texts in `language`. */
export type Planner = (answers: Answers, language: string) => Plan;

export interface PrepareTask {
  /** The API body as parsed from JSON (not yet validated). */
  readonly body: unknown;
  /** The time the answers are validated at (ms since the epoch): a launch date must be ahead of it. */
  readonly now: number;
  /** The language the plan's texts are rendered in. */
  readonly language: string;
}

export type Prepared =
  | { readonly ok: false; readonly errors: FieldError[] }
  | { readonly ok: true; readonly answers: Answers; readonly planText: string };

/** Validation and planning, wherever it runs; it rejects only on a fault (a bug, a lost thread). */
export type Prepare = (task: PrepareTask) => Promise<Prepared>;

/** Validates `task.body` and makes its plan's text with `planner`. */
export function preparer(planner: Planner): (task: PrepareTask) => Prepared {
  return ({ body, now, language }) => {
    const v = validateAnswers(body, { now: new Date(now) });
    if (!v.ok) return { ok: false, errors: v.errors };
    return { ok: true, answers: v.value, planText: JSON.stringify(planner(v.value, language)) };
  };
}

/** The preparer on the request thread (tests, PLAN_THREADS=0). */
export function inThread(planner: Planner): Prepare {
  const prepare = preparer(planner);
  return async (task) => prepare(task);
}
