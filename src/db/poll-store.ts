/**
 * The customer poll's storage (issue 12, decision 023), beside the plans Store: a poll per plan,
 * keyed by the plan's id hash and deleted with the plan. What it keeps is only what the results
 * need: per day, age group, apps and counter-tablet mark, how many answered; and, while the poll
 * is open, keyed hashes of the browsers that answered (one answer per browser). The raw poll
 * token, cookie values, addresses and user agents never reach it.
 */
import { z } from 'zod';
import type { AgeGroup } from '../domain/answers.js';
import type { PollAnswer, PollApp } from '../domain/poll.js';

export interface PollRecord {
  readonly planIdHash: string;
  readonly tokenHash: string;
  /** The poll token sealed with a key derived from the report id (see src/polls.ts). */
  readonly sealedToken: string;
  /** Set while counter-tablet mode is on: the hash of the tablet key. */
  readonly counterKeyHash?: string;
  /** YYYY-MM-DD. */
  readonly openedOn: string;
  /** YYYY-MM-DD; absent while the poll takes answers. */
  readonly closedOn?: string;
}

/** A day as both stores read it back: `YYYY-MM-DD` text (never a Date: no time zone enters). */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const PollRow = z.object({
  plan_id_hash: z.string(),
  token_hash: z.string(),
  sealed_token: z.string(),
  counter_key_hash: z.string().nullable(),
  opened_on: Day,
  closed_on: Day.nullable(),
});

/** A polls row as either store reads it, re-validated, as a PollRecord (undefined: no row). */
export function pollRecordOf(found: unknown): PollRecord | undefined {
  if (found === undefined) return undefined;
  const row = PollRow.parse(found);
  return {
    planIdHash: row.plan_id_hash,
    tokenHash: row.token_hash,
    sealedToken: row.sealed_token,
    openedOn: row.opened_on,
    ...(row.counter_key_hash === null ? {} : { counterKeyHash: row.counter_key_hash }),
    ...(row.closed_on === null ? {} : { closedOn: row.closed_on }),
  };
}

export interface NewPoll {
  readonly planIdHash: string;
  readonly tokenHash: string;
  readonly sealedToken: string;
  /** YYYY-MM-DD */
  readonly day: string;
}

export interface NewAnswer {
  readonly planIdHash: string;
  readonly ageGroup: AgeGroup;
  readonly apps: readonly PollApp[];
  /** YYYY-MM-DD */
  readonly day: string;
  /**
   * The keyed hash of the browser's poll cookie (64 hex characters): the answer counts only if
   * this browser has not answered. Absent for an answer on the counter tablet.
   */
  readonly browserMac?: string;
}

/** counted: added; already: this browser had answered; closed: the poll takes no answers; gone: no poll. */
export type AnswerOutcome = 'counted' | 'already' | 'closed' | 'gone';

export interface PollStore {
  /**
   * Opens the plan's poll: creates it, or reopens a closed one (same link, answers kept).
   * `opened` is false when it was already open. The plan must exist.
   */
  openPoll(poll: NewPoll): Promise<{ opened: boolean; poll: PollRecord }>;
  findByPlan(planIdHash: string): Promise<PollRecord | undefined>;
  findByToken(tokenHash: string): Promise<PollRecord | undefined>;
  /** Stops taking answers and forgets which browsers answered; false when there is no open poll. */
  closePoll(planIdHash: string, day: string): Promise<boolean>;
  /** Removes every answer and every browser mark, keeping the link; false when there is no poll. */
  resetPoll(planIdHash: string): Promise<boolean>;
  /** Turns counter-tablet mode on (a key hash) or off (null); false when there is no poll. */
  setCounterKey(planIdHash: string, keyHash: string | null): Promise<boolean>;
  /** Counts an answer, atomically with the one-answer-per-browser check. */
  recordAnswer(answer: NewAnswer): Promise<AnswerOutcome>;
  /** The poll's answers, one element per answer (in no meaningful order). */
  listAnswers(planIdHash: string): Promise<PollAnswer[]>;
  /** Removes the poll, its answers and marks (deleting the plan does this too). */
  deletePoll(planIdHash: string): Promise<boolean>;
}

/** Apps as the bits stored: 1 WhatsApp, 2 Telegram, 4 email (0 = none of these). */
export const APP_BITS: Readonly<Record<PollApp, number>> = { whatsapp: 1, telegram: 2, email: 4 };

export function appsToBits(apps: readonly PollApp[]): number {
  return apps.reduce((bits, a) => bits | APP_BITS[a], 0);
}

export function bitsToApps(bits: number): PollApp[] {
  return (Object.keys(APP_BITS) as PollApp[]).filter((a) => (bits & APP_BITS[a]) !== 0);
}
