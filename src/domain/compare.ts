/**
 * What changed between an earlier plan and the current one, after the owner changed answers:
 * each advised channel's verdict, reach and primary role before and now, and which answers
 * differ. Pure; the report renders it.
 */
import { ADVISED_CHANNELS, type AdvisedChannel, type Answers } from './answers.js';
import type { Plan, Verdict } from './plan-schema.js';
import { ANSWER_PATHS } from './questionnaire.js';

/**
 * The answers compared, in questionnaire order: every Answers path a question fills, taken from
 * the questionnaire's own description (`fields.<path>` labels them), so a new question is
 * compared without a list to keep up to date.
 */
export const COMPARED_ANSWERS: readonly string[] = ANSWER_PATHS;
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
  return {
    channels: ADVISED_CHANNELS.map((c) => {
      const b = state(before.plan, c);
      const n = state(now.plan, c);
      return { channel: c, before: b, now: n, changed: b.verdict !== n.verdict || b.primary !== n.primary };
    }),
    answersChanged: COMPARED_ANSWERS.filter(
      (path) => canonical(valueAt(before.answers, path)) !== canonical(valueAt(now.answers, path)),
    ),
    modelChanged:
      before.plan.modelVersion !== now.plan.modelVersion || before.plan.dataVersion !== now.plan.dataVersion,
  };
}
