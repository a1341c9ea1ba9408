/**
 * The customer poll service (issue 12, decision 023): opening a poll for a plan, taking a
 * customer's answer, the owner's results, closing, resetting, counter-tablet mode, and applying
 * the results to the plan. The web layer (src/web/routes-poll.ts) checks the owner key and
 * renders; the statistics are the pure src/domain/poll.ts; storage is a PollStore beside the
 * plans Store.
 *
 * Secrets: the poll token (32 random bytes) is stored as its SHA-256 hash, plus sealed with a
 * key derived from the report id, so that the owner (who holds the report id) can be shown the
 * same link again while a copy of the database opens nothing. A browser's poll cookie is 32
 * random bytes; the store sees only HMAC(poll token, cookie), so a replayed cookie counts once
 * and the database cannot link a mark to a browser or a poll link.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { AnswerOutcome, PollRecord, PollStore } from './db/poll-store.js';
import type { Store, StoredPlan } from './db/store.js';
import {
  AGE_GROUPS,
  type AgeGroup,
  type Answers,
  type FieldError,
  validateAnswers,
} from './domain/answers.js';
import { message } from './domain/message.js';
import type { Plan, Reason } from './domain/plan-schema.js';
import {
  type AnswersPoll,
  POLL_APPS,
  type PollApp,
  type PollSummary,
  pollAnswersOf,
  pollSummary,
} from './domain/poll.js';
import type { Plans } from './plans.js';
import { hashSecret, isSecretShaped, newSecret, type RandomBytes, secretMatches } from './web/secrets.js';

/** The planner as app.ts defines it (answers and a language in, a plan out). */
export type PollPlanner = (answers: Answers, language: string) => Plan;

export interface PollsDeps {
  readonly store: Store;
  readonly polls: PollStore;
  readonly clock: () => Date;
  readonly randomBytes: RandomBytes;
  readonly planner: PollPlanner;
  /** The plans service: applying a poll replaces the plan as every other change does. */
  readonly plans: Pick<Plans, 'replace'>;
}

/** The day (UTC) of a moment: the only time a poll keeps. */
export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

function pad(reportId: string, label: string): Buffer {
  return createHmac('sha256', reportId).update(label).digest();
}

/** The poll token XOR-ed with a key derived from the report id (its own inverse). */
export function sealPollToken(reportId: string, token: string): string {
  const bytes = Buffer.from(token, 'base64url');
  const p = pad(reportId, 'kanal:poll-token');
  return Buffer.from(bytes.map((b, i) => b ^ p[i]!)).toString('base64url');
}
export const openPollToken = sealPollToken;

/** What the store keeps for a browser that answered: keyed by the poll token it never sees. */
export function browserMac(pollToken: string, cookie: string): string {
  return createHmac('sha256', pollToken).update(`kanal:poll-seen:${cookie}`).digest('hex');
}

/** The answer form: one age group, the apps (or "none"), nothing free-text. */
export const POLL_FORM_APPS = [...POLL_APPS, 'none'] as const;

const FormSchema = z.object({
  age: z.enum(AGE_GROUPS, { error: 'poll.form.error.age' }),
  apps: z
    .array(z.enum(POLL_FORM_APPS, { error: 'poll.form.error.apps' }))
    .min(1, { error: 'poll.form.error.apps' })
    .refine((a) => !(a.includes('none') && a.length > 1), { error: 'poll.form.error.none' }),
});

export interface PollForm {
  readonly ageGroup: AgeGroup;
  readonly apps: readonly PollApp[];
}

/** The form's fields (a single checkbox arrives as a string, several as an array). */
export function validatePollForm(
  body: unknown,
): { ok: true; value: PollForm } | { ok: false; errors: FieldError[] } {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const apps = b.apps === undefined ? [] : Array.isArray(b.apps) ? b.apps : [b.apps];
  const parsed = FormSchema.safeParse({ age: b.age, apps });
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors: FieldError[] = [];
    for (const issue of parsed.error.issues) {
      const path = String(issue.path[0] ?? '');
      if (seen.has(path)) continue;
      seen.add(path);
      errors.push({ path, message: message(issue.message) });
    }
    return { ok: false, errors };
  }
  const chosen = new Set(parsed.data.apps);
  return {
    ok: true,
    value: { ageGroup: parsed.data.age, apps: POLL_APPS.filter((a) => chosen.has(a)) },
  };
}

export interface PollStatus {
  readonly poll: PollRecord;
  readonly open: boolean;
  readonly summary: PollSummary;
}

export interface Applied {
  readonly plan: Plan;
  /** What the plan now holds of the poll (Answers customers.poll): suppressed counts only. */
  readonly poll: AnswersPoll;
  /** The reach reasons the poll gave each app ("12 of the 30 customers who answered your poll..."). */
  readonly reasons: Readonly<Record<PollApp, readonly Reason[]>>;
  /** The answers the plan was made from. */
  readonly answers: Answers;
}

/** The advised channel of each poll app. */
const CHANNEL_OF: Readonly<Record<PollApp, 'whatsapp_business' | 'telegram' | 'email'>> = {
  whatsapp: 'whatsapp_business',
  telegram: 'telegram',
  email: 'email',
};

/** The reasons of a plan that come from the customer poll. */
const POLL_REASONS: ReadonlySet<string> = new Set(['reach_poll', 'poll_set_aside']);

export type PollsService = ReturnType<typeof createPolls>;

export function createPolls(deps: PollsDeps) {
  const { store, polls, clock, randomBytes } = deps;
  const today = () => dayOf(clock());

  /** The plan behind a report id, or undefined (not one of our ids, gone, or expired). */
  async function loadPlan(planId: string): Promise<{ hash: string; stored: StoredPlan } | undefined> {
    if (!isSecretShaped(planId)) return undefined;
    const hash = hashSecret(planId);
    const stored = await store.loadPlan(hash, clock());
    return stored === undefined ? undefined : { hash, stored };
  }

  async function summaryOf(poll: PollRecord, stored: StoredPlan): Promise<PollSummary> {
    const answers = await polls.listAnswers(poll.planIdHash);
    const expected = stored.answers.customers.activePerMonth;
    return pollSummary(answers, {
      today: today(),
      openedOn: poll.openedOn,
      ...(expected === undefined ? {} : { expectedPerMonth: expected }),
    });
  }

  return {
    loadPlan,
    now: clock,

    /** Opens (or reopens) the plan's poll; `token` is the poll link's secret, the same each time. */
    async open(planId: string, planIdHash: string) {
      const token = newSecret(randomBytes);
      const { opened, poll } = await polls.openPoll({
        planIdHash,
        tokenHash: hashSecret(token),
        sealedToken: sealPollToken(planId, token),
        day: today(),
      });
      return { opened, poll, token: openPollToken(planId, poll.sealedToken) };
    },

    /** The poll's link secret for the owner, or undefined when there is no poll. */
    async tokenFor(planId: string, planIdHash: string): Promise<string | undefined> {
      const poll = await polls.findByPlan(planIdHash);
      return poll === undefined ? undefined : openPollToken(planId, poll.sealedToken);
    },

    /** The link secret of the plan's poll while it is open, else undefined (the kit prints it). */
    async openToken(planId: string, planIdHash: string): Promise<string | undefined> {
      const poll = await polls.findByPlan(planIdHash);
      return poll === undefined || poll.closedOn !== undefined
        ? undefined
        : openPollToken(planId, poll.sealedToken);
    },

    async status(planIdHash: string, stored: StoredPlan): Promise<PollStatus | undefined> {
      const poll = await polls.findByPlan(planIdHash);
      if (poll === undefined) return undefined;
      return { poll, open: poll.closedOn === undefined, summary: await summaryOf(poll, stored) };
    },

    /**
     * The poll as the report shows it, or undefined when the plan has none: answers given before
     * today only (flags too), so the report's section changes at most once a day (or when the
     * owner resets the poll) and never shows what the poll page would not.
     */
    async reportStatus(planIdHash: string): Promise<PollStatus | undefined> {
      const poll = await polls.findByPlan(planIdHash);
      if (poll === undefined) return undefined;
      // The answers alone: the plan's JSON is not read for the section on every report view.
      const planAnswers = await store.loadAnswers(planIdHash, clock());
      if (planAnswers === undefined) return undefined;
      const day = today();
      const answers = (await polls.listAnswers(poll.planIdHash)).filter((a) => a.day < day);
      const expected = planAnswers.customers.activePerMonth;
      const summary = pollSummary(answers, {
        today: day,
        openedOn: poll.openedOn,
        ...(expected === undefined ? {} : { expectedPerMonth: expected }),
      });
      return { poll, open: poll.closedOn === undefined, summary };
    },

    close: (planIdHash: string) => polls.closePoll(planIdHash, today()),
    reset: (planIdHash: string) => polls.resetPoll(planIdHash),

    /** Counter-tablet mode on (returns the tablet key, shown once) or off. */
    async counterTablet(planIdHash: string, on: boolean): Promise<string | null | undefined> {
      const poll = await polls.findByPlan(planIdHash);
      if (poll === undefined || poll.closedOn !== undefined) return undefined;
      const key = on ? newSecret(randomBytes) : null;
      await polls.setCounterKey(planIdHash, key === null ? null : hashSecret(key));
      return key;
    },

    /** The poll a customer's link opens (and the plan it belongs to), or undefined. */
    async byToken(token: string) {
      if (!isSecretShaped(token)) return undefined;
      const poll = await polls.findByToken(hashSecret(token));
      if (poll === undefined) return undefined;
      const stored = await store.loadPlan(poll.planIdHash, clock());
      return stored === undefined ? undefined : { poll, stored };
    },

    /** A new browser's poll cookie value (32 random bytes). */
    newBrowserCookie: () => newSecret(randomBytes),

    /** Is this the poll's counter-tablet key? */
    isTablet(poll: PollRecord, key: unknown): boolean {
      return poll.counterKeyHash !== undefined && secretMatches(key, poll.counterKeyHash);
    },

    /**
     * Counts a customer's answer: once per browser cookie, or every time on the counter tablet.
     */
    async answer(
      token: string,
      poll: PollRecord,
      form: PollForm,
      browser: { readonly cookie: string; readonly tablet: boolean },
    ): Promise<AnswerOutcome> {
      return polls.recordAnswer({
        planIdHash: poll.planIdHash,
        ageGroup: form.ageGroup,
        apps: form.apps,
        day: today(),
        ...(browser.tablet ? {} : { browserMac: browserMac(token, browser.cookie) }),
      });
    },

    /**
     * Makes the plan again with the poll as evidence: the poll's suppressed results go into
     * Answers `customers.poll` (never `knownChannelUse`, which is the owner's own typed figure),
     * and the plan is replaced through the plans service, which keeps the earlier plan for the
     * report's comparison. Undefined when there is no poll or fewer than 10 counted answers.
     */
    async apply(
      open: { readonly id: string; readonly hash: string; readonly stored: StoredPlan },
      language: string | undefined,
    ): Promise<Applied | undefined> {
      const status = await this.status(open.hash, open.stored);
      if (status === undefined) return undefined;
      const poll = pollAnswersOf(status.summary, today());
      if (poll === null) return undefined;
      const v = validateAnswers({
        ...open.stored.answers,
        customers: { ...open.stored.answers.customers, poll },
      });
      if (!v.ok)
        throw new Error(`poll apply made invalid answers: ${v.errors.map((e) => e.path).join(', ')}`);
      const plan = await deps.plans.replace(open, v.value, language);
      if (plan === undefined) return undefined;
      const reasons = Object.fromEntries(
        POLL_APPS.map((app) => [
          app,
          plan.channels[CHANNEL_OF[app]].reasons.filter((r) => POLL_REASONS.has(r.code)),
        ]),
      ) as Record<PollApp, Reason[]>;
      return { plan, poll, reasons, answers: v.value };
    },
  };
}
