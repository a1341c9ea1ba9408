/**
 * plan(answers, data): the recommendation engine (design/recommendation-model.md). Pure and
 * deterministic: the numeric core (evaluate.ts) decides, this module turns its result into the
 * Plan shape (plan-schema.ts) with reasons, notes, an action plan and a headline, each sentence a
 * message rendered through the caller's `translate`.
 */

import { actionPlan } from './action-plan.js';
import { type AdoptionData, GLOBAL, type PreparedAdoption, prepareAdoption } from './adoption.js';
import { ADVISED_CHANNELS, type AdvisedChannel, AGE_GROUPS, type Answers } from './answers.js';
import { countryInText } from './countries.js';
import {
  type Evaluation,
  evaluate,
  messageShares,
  round3,
  type Situation,
  situationFrom,
} from './evaluate.js';
import { listOf, type Message, message, type Translate } from './message.js';
import { MODEL_VERSION } from './model.js';
import type { ChannelAdvice, Plan, Reason, Verdict } from './plan-schema.js';
import { appName, channelName, channelReasons, type DomainReason, otherChannelReasons } from './reasons.js';
import { whatWouldChange } from './what-would-change.js';

export interface PlanOptions {
  /**
   * Renders a message in the plan's language. Called for every sentence of the plan: the
   * translation layer's renderer (src/i18n.ts) memoises, so a plan costs few real renders.
   */
  readonly translate: Translate;
  /** The language `translate` renders, recorded in the plan (default "en"). */
  readonly language?: string;
  /** Search for what would change each verdict (default true; the search costs a few dozen evaluations). */
  readonly whatWouldChange?: boolean;
}

/** Data prepared once per data object (bracket -> decade mapping), reused by every plan. */
const prepared = new WeakMap<AdoptionData, PreparedAdoption>();

export function preparedAdoption(data: AdoptionData): PreparedAdoption {
  let p = prepared.get(data);
  if (p === undefined) {
    p = prepareAdoption(data);
    prepared.set(data, p);
  }
  return p;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Reach by decade, rounded, keyed in AGE_GROUPS order (a literal: this runs for every plan). */
function segments(byDecade: readonly number[]): ChannelAdvice['reachBySegment'] {
  return {
    [AGE_GROUPS[0]]: round3(byDecade[0]!),
    [AGE_GROUPS[1]]: round3(byDecade[1]!),
    [AGE_GROUPS[2]]: round3(byDecade[2]!),
    [AGE_GROUPS[3]]: round3(byDecade[3]!),
    [AGE_GROUPS[4]]: round3(byDecade[4]!),
    [AGE_GROUPS[5]]: round3(byDecade[5]!),
  };
}

function renderReasons(reasons: readonly DomainReason[], translate: Translate): Reason[] {
  return reasons.map((r) => ({
    code: r.code,
    text: translate(r.message),
    message: r.message,
    from: [...r.from],
    sources: [...r.sources],
  }));
}

/** The other channels (not the primary) whose verdict is `verdict`, and for "skip" only those in use. */
function namesWith(evaluation: Evaluation, inUse: Situation['inUse'], verdict: Verdict): Message[] {
  const out: Message[] = [];
  for (const c of ADVISED_CHANNELS) {
    if (c === evaluation.primary || evaluation.channels[c].verdict !== verdict) continue;
    if (verdict === 'skip' && !inUse[c]) continue;
    out.push(channelName(c));
  }
  return out;
}

/** One part of the headline, or nothing when no channel belongs in it. */
function headlinePart(key: string, names: Message[]): Message | string {
  return names.length === 0 ? '' : message(key, { channels: listOf(names) });
}

function headline(evaluation: Evaluation, inUse: Situation['inUse']): Message {
  const primary = evaluation.primary;
  const mainVerdict = evaluation.channels[primary].verdict;
  const main = message(
    mainVerdict === 'keep'
      ? 'engine.headline.main_keep'
      : mainVerdict === 'add'
        ? 'engine.headline.main_add'
        : 'engine.headline.main_unsure',
    { channel: channelName(primary) },
  );
  return message('engine.headline.sentence', {
    main,
    keep: headlinePart('engine.headline.also_keep', namesWith(evaluation, inUse, 'keep')),
    add: headlinePart('engine.headline.add', namesWith(evaluation, inUse, 'add')),
    consider: headlinePart('engine.headline.consider', namesWith(evaluation, inUse, 'consider')),
    drop: headlinePart('engine.headline.drop', namesWith(evaluation, inUse, 'skip')),
  });
}

function notes(
  sit: Situation,
  evaluation: Evaluation,
  answers: Answers,
): { code: string; message: Message }[] {
  const out: { code: string; message: Message }[] = [];
  if (sit.profile.code === GLOBAL) {
    out.push({
      code: 'global_data',
      message: message('engine.note.global_data', { country: countryInText(answers.business.country) }),
    });
  }
  const rough = ADVISED_CHANNELS.filter((c) => {
    const r = evaluation.channels[c].reach;
    return r.data.confidence === 'low' && !r.polled;
  });
  if (rough.length > 0) {
    out.push({
      code: 'low_confidence',
      message: message('engine.note.low_confidence', { channels: listOf(rough.map(appName)) }),
    });
  }
  out.push({ code: 'advice', message: message('engine.note.advice') });
  return out;
}

export function plan(answers: Answers, data: AdoptionData, options: PlanOptions): Plan {
  const translate = options.translate;
  const adoption = preparedAdoption(data);
  const sit = situationFrom(answers, adoption);
  const evaluation = evaluate(sit);
  const usedSources = new Set<string>();

  const advice = {} as Record<AdvisedChannel, ChannelAdvice>;
  for (const c of ADVISED_CHANNELS) {
    const ev = evaluation.channels[c];
    const reasons = channelReasons(answers, sit, evaluation, c);
    for (const r of reasons) for (const s of r.sources) usedSources.add(s);
    const measured = ev.reach.polled || ev.reach.capped;
    advice[c] = {
      verdict: ev.verdict,
      primary: evaluation.primary === c,
      score: ev.score,
      reach: ev.reach.reach,
      reachBySegment: segments(ev.reach.byDecade),
      inUse: sit.inUse[c],
      confidence: measured ? 'high' : ev.reach.data.confidence,
      measured,
      factors: ev.factors.map((f) => ({ factor: f.factor, points: round1(f.points) })),
      reasons: renderReasons(reasons, translate),
    };
  }

  const shares = messageShares(answers);
  const otherChannels: Plan['otherChannels'] = {};
  for (const use of answers.channels) {
    if ((ADVISED_CHANNELS as readonly string[]).includes(use.channel)) continue;
    otherChannels[use.channel] = {
      reasons: renderReasons(otherChannelReasons(answers, use.channel, shares[use.channel] ?? 0), translate),
    };
  }

  const verdicts = {
    whatsapp_business: evaluation.channels.whatsapp_business.verdict,
    telegram: evaluation.channels.telegram.verdict,
    email: evaluation.channels.email.verdict,
  };
  const changes = options.whatWouldChange === false ? [] : whatWouldChange(sit, verdicts);
  const headlineMessage = headline(evaluation, sit.inUse);

  return {
    version: 1,
    modelVersion: MODEL_VERSION,
    dataVersion: data.version,
    language: options.language ?? 'en',
    country: answers.business.country,
    dataCountry: sit.profile.code,
    channels: advice,
    otherChannels,
    switching: {
      telegram: { customersLostPercent: evaluation.switching.telegram },
      email: { customersLostPercent: evaluation.switching.email },
    },
    whatWouldChange: changes.map((ch) => ({
      channel: ch.channel,
      to: ch.to,
      change: translate(ch.message),
      message: ch.message,
      path: ch.path,
    })),
    actionPlan: actionPlan(sit, evaluation).map((s) => ({
      week: s.week,
      channel: s.channel,
      step: translate(s.message),
      message: s.message,
    })),
    notes: notes(sit, evaluation, answers).map((n) => ({
      code: n.code,
      text: translate(n.message),
      message: n.message,
    })),
    sources: [...usedSources]
      .sort()
      .map((id) => ({ id, title: data.sources[id]?.title ?? id, year: data.sources[id]?.year ?? 0 })),
    headline: translate(headlineMessage),
    headlineMessage,
  };
}

export { evaluate, situationFrom };
