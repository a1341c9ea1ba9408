/**
 * What changed between an earlier plan and the current one, after the owner changed answers or
 * applied their customer poll: each advised channel's verdict, reach and primary role before and
 * now, and which answers differ (the poll, Answers `customers.poll`, among them). Pure; the
 * report renders it.
 */
import { ADVISED_CHANNELS, type AdvisedChannel, type Answers } from './answers.js';
import type { Plan, Verdict } from './plan-schema.js';
import { ANSWER_PATHS } from './questionnaire.js';

/**
 * Answers no question fills that the owner still changes: the customer poll, which the owner
 * applies from the poll page (decision 025). Compared after the questionnaire's paths.
 */
export const APPLIED_ANSWERS: readonly string[] = ['customers.poll'];

/**
 * The answers compared: every Answers path a question fills, in questionnaire order, taken from
 * the questionnaire's own description (`fields.<path>` labels them), so a new question is
 * compared without a list to keep up to date; then APPLIED_ANSWERS.
 */
export const COMPARED_ANSWERS: readonly string[] = [...ANSWER_PATHS, ...APPLIED_ANSWERS];
export type ComparedAnswer = string;

export interface ChannelState {
  readonly verdict: Verdict;
  readonly reach: number;
  readonly primary: boolean;
}

export interface ChannelComparison {
  readonly channel: AdvisedChannel;
  readonly before: ChannelState;
  readonly now: ChannelState;
  /** The verdict or the primary role changed (a reach change alone does not count). */
  readonly changed: boolean;
}

export interface PlanComparison {
  readonly channels: readonly ChannelComparison[];
  readonly answersChanged: readonly ComparedAnswer[];
  /**
   * The customer poll changed: "applied" when this plan holds a poll the earlier one did not (or
   * another day's results), "removed" when the earlier plan had one and this one has none.
   */
  readonly poll?: 'applied' | 'removed';
  /** The model or data version differs, so a change can come from Kanal, not only the answers. */
  readonly modelChanged: boolean;
}

function valueAt(answers: Answers, path: string): unknown {
  let value: unknown = answers;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

/** A value with object keys sorted, so that key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

function state(plan: Plan, c: AdvisedChannel): ChannelState {
  const advice = plan.channels[c];
  return { verdict: advice.verdict, reach: advice.reach, primary: advice.primary };
}

export function comparePlans(
  before: { readonly answers: Answers; readonly plan: Plan },
  now: { readonly answers: Answers; readonly plan: Plan },
): PlanComparison {
  const answersChanged = COMPARED_ANSWERS.filter(
    (path) => canonical(valueAt(before.answers, path)) !== canonical(valueAt(now.answers, path)),
  );
  const poll = !answersChanged.includes('customers.poll')
    ? undefined
    : now.answers.customers.poll === undefined
      ? 'removed'
      : 'applied';
  return {
    channels: ADVISED_CHANNELS.map((c) => {
      const b = state(before.plan, c);
      const n = state(now.plan, c);
      return { channel: c, before: b, now: n, changed: b.verdict !== n.verdict || b.primary !== n.primary };
    }),
    answersChanged,
    ...(poll === undefined ? {} : { poll }),
    modelChanged:
      before.plan.modelVersion !== now.plan.modelVersion || before.plan.dataVersion !== now.plan.dataVersion,
  };
}
