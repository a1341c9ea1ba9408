/**
 * plan(answers, data): the recommendation engine (design/recommendation-model.md, model 2). Pure
 * and deterministic: the order of evidence (evidence.ts) and the numeric core (evaluate.ts)
 * decide, this module turns their result into the plan's messages (reasons, notes, an action plan
 * and a headline); renderPlan (render-plan.ts) adds the text where the contract wants it.
 */

import { actionPlan } from './action-plan.js';
import { type AdoptionData, type PreparedAdoption, prepareAdoption } from './adoption.js';
import { ADVISED_CHANNELS, type AdvisedChannel, AGE_GROUPS, type Answers } from './answers.js';
import { CHANNEL_DEFINITIONS } from './channels.js';
import { countryInText } from './countries.js';
import {
  type Evaluation,
  evaluate,
  isBusy,
  messageShares,
  round3,
  type Situation,
  situationFrom,
} from './evaluate.js';
import { type EvidenceKind, isOwnMeasurement } from './evidence.js';
import { listOf, type Message, message, type Translate } from './message.js';
import { MODEL, MODEL_VERSION } from './model.js';
import type { ChannelAdvice, Confidence, Plan, Verdict } from './plan-schema.js';
import {
  appName,
  channelName,
  channelReasons,
  type DomainReason,
  otherChannelReasons,
  regionName,
  usedName,
} from './reasons.js';
import { type MessageChannelAdvice, type MessagePlan, renderPlan } from './render-plan.js';
import { whatWouldChange } from './what-would-change.js';

export type { MessagePlan };

export interface PlanMessageOptions {
  /** Search for what would change each verdict (default true; the search costs a few dozen evaluations). */
  readonly whatWouldChange?: boolean;
}

export interface PlanOptions extends PlanMessageOptions {
  /** Renders the plan's messages (renderPlan); without it plan() returns messages only. */
  readonly translate?: Translate;
  /** The language `translate` renders, recorded in the plan (default "en"). */
  readonly language?: string;
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

/** The other channels (not the primary, unless another channel leads) whose verdict is `verdict`. */
function namesWith(
  evaluation: Evaluation,
  sit: Situation,
  verdict: Verdict,
  includePrimary: boolean,
): Message[] {
  const out: Message[] = [];
  for (const d of CHANNEL_DEFINITIONS) {
    const c = d.id;
    if ((c === evaluation.primary && !includePrimary) || evaluation.channels[c].verdict !== verdict) continue;
    if (verdict === 'skip' && !sit.listed[c]) continue;
    // What the owner could stop is the app they use (personal WhatsApp, where that is the one).
    out.push(verdict === 'skip' ? usedName(sit, c) : channelName(c));
  }
  return out;
}

/** One part of the headline, or nothing when no channel belongs in it. */
function headlinePart(key: string, names: Message[]): Message | string {
  return names.length === 0 ? '' : message(key, { channels: listOf(names) });
}

/**
 * Whether the plan speaks of the cost of leaving WhatsApp: only to a business on WhatsApp (either
 * app), which is when its WhatsApp advice carries the switching_loss reason (reasons.ts). The
 * losses are in every plan's data (the API's `switching`); a page says them only then.
 */
export function saysSwitching(p: Pick<Plan, 'channels'>): boolean {
  return p.channels.whatsapp_business.reasons.some((r) => r.code === 'switching_loss');
}

/**
 * The channel Kanal does not advise on that carries most of the messages, as the plan says it
 * (its carries_most reason), if any: the main channel then, so no advised channel is called so.
 */
export function leadingOtherOf(p: Pick<Plan, 'otherChannels'>): string | undefined {
  for (const [c, o] of Object.entries(p.otherChannels))
    if (o.reasons.some((r) => r.code === 'carries_most')) return c;
  return undefined;
}

/**
 * A channel Kanal does not advise on (LINE, phone, Instagram...) that carries more of the
 * messages than any advised channel, and at least a busy share: it is where the business lives.
 */
export function leadingOtherChannel(answers: Answers, sit: Situation): string | undefined {
  const shares = messageShares(answers);
  let best: string | undefined;
  for (const use of answers.channels) {
    const c = use.channel;
    if (ADVISED.has(c) || c === 'whatsapp_personal') continue;
    const share = shares[c] ?? 0;
    if (!isBusy(share)) continue;
    if (CHANNEL_DEFINITIONS.some((d) => sit.share[d.id] >= share)) continue;
    if (best === undefined || share > (shares[best] ?? 0)) best = c;
  }
  return best;
}

const ADVISED: ReadonlySet<string> = new Set(ADVISED_CHANNELS);

function headline(evaluation: Evaluation, sit: Situation, other: string | undefined): Message {
  const primary = evaluation.primary;
  const mainVerdict = evaluation.channels[primary].verdict;
  let main: Message;
  if (other !== undefined) {
    const anyFits = CHANNEL_DEFINITIONS.some((d) => {
      const v = evaluation.channels[d.id].verdict;
      return v === 'keep' || v === 'add';
    });
    main = message(anyFits ? 'engine.headline.main_other' : 'engine.headline.main_other_only', {
      channel: channelName(other),
    });
  } else
    main = message(
      mainVerdict === 'keep'
        ? 'engine.headline.main_keep'
        : mainVerdict === 'add'
          ? 'engine.headline.main_add'
          : 'engine.headline.main_unsure',
      { channel: channelName(primary) },
    );
  const all = other !== undefined;
  return message('engine.headline.sentence', {
    main,
    keep: headlinePart(
      all ? 'engine.headline.keep' : 'engine.headline.also_keep',
      namesWith(evaluation, sit, 'keep', all),
    ),
    add: headlinePart('engine.headline.add', namesWith(evaluation, sit, 'add', all)),
    consider: headlinePart('engine.headline.consider', namesWith(evaluation, sit, 'consider', all)),
    drop: headlinePart('engine.headline.drop', namesWith(evaluation, sit, 'skip', all)),
  });
}

function notes(
  sit: Situation,
  evaluation: Evaluation,
  answers: Answers,
): { code: string; message: Message }[] {
  const out: { code: string; message: Message }[] = [];
  const country = countryInText(answers.business.country);
  if (sit.tier === 'world')
    out.push({ code: 'global_data', message: message('engine.note.global_data', { country }) });
  else if (sit.tier === 'region')
    out.push({
      code: 'region_data',
      message: message('engine.note.region_data', { country, region: regionName(sit.profile.code) }),
    });
  // The channels whose reach rests on weak data alone (a plain loop: this runs for every plan).
  const rough: Message[] = [];
  for (const d of CHANNEL_DEFINITIONS) {
    const weak = sit.profile.channels[d.data].confidence === 'low';
    if (weak && !isOwnMeasurement(evaluation.channels[d.id].reach.kind)) rough.push(appName(d.id));
  }
  if (rough.length > 0) {
    out.push({
      code: 'low_confidence',
      message: message('engine.note.low_confidence', { channels: listOf(rough) }),
    });
  }
  out.push({ code: 'advice', message: message('engine.note.advice') });
  return out;
}

/**
 * How far to trust reach: the owner's own figure is high; a customer poll is high once its answers
 * count for at least half of the figure (as many answers as the prior is worth), else medium.
 */
function confidenceOf(sit: Situation, kind: EvidenceKind, data: Confidence, c: AdvisedChannel): Confidence {
  if (kind === 'poll') return sit.poll[c]!.n >= MODEL.pollPriorAnswers.value ? 'high' : 'medium';
  return isOwnMeasurement(kind) ? 'high' : data;
}

/** Builds the plan: every sentence a Message (renderPlan adds the text). */
export function planMessages(
  answers: Answers,
  data: AdoptionData,
  options: PlanMessageOptions = {},
): MessagePlan {
  const adoption = preparedAdoption(data);
  const sit = situationFrom(answers, adoption);
  const evaluation = evaluate(sit);
  const usedSources = new Set<string>();

  const advice = {} as Record<AdvisedChannel, MessageChannelAdvice>;
  for (const d of CHANNEL_DEFINITIONS) {
    const c = d.id;
    const ev = evaluation.channels[c];
    const reasons = channelReasons(answers, sit, evaluation, c);
    for (const r of reasons) for (const s of r.sources) usedSources.add(s);
    const measured = isOwnMeasurement(ev.reach.kind);
    advice[c] = {
      verdict: ev.verdict,
      primary: evaluation.primary === c,
      score: ev.score,
      reach: ev.reach.reach,
      reachBySegment: segments(ev.byDecade),
      inUse: sit.inUse[c],
      confidence: confidenceOf(sit, ev.reach.kind, sit.profile.channels[d.data].confidence, c),
      measured,
      evidence: ev.reach.kind,
      factors: ev.factors.map((f) => ({ factor: f.factor, points: round1(f.points) })),
      reasons,
    };
  }

  const shares = messageShares(answers);
  const leading = leadingOtherChannel(answers, sit);
  const otherChannels: Record<string, { reasons: readonly DomainReason[] }> = {};
  for (const use of answers.channels) {
    if (ADVISED.has(use.channel)) continue;
    otherChannels[use.channel] = {
      reasons: otherChannelReasons(answers, use.channel, {
        share: shares[use.channel] ?? 0,
        given: use.sharePercent !== undefined,
        carriesMost: use.channel === leading,
      }),
    };
  }

  const changes = options.whatWouldChange === false ? [] : whatWouldChange(sit, evaluation);
  const headlineMessage = headline(evaluation, sit, leading);

  return {
    version: 1,
    modelVersion: MODEL_VERSION,
    dataVersion: data.version,
    country: answers.business.country,
    dataCountry: sit.profile.code,
    dataTier: sit.tier,
    channels: advice,
    otherChannels,
    switching: {
      telegram: { customersLostPercent: evaluation.switching.telegram },
      email: { customersLostPercent: evaluation.switching.email },
    },
    whatWouldChange: changes.map((ch) => ({
      channel: ch.channel,
      to: ch.to,
      message: ch.message,
      path: ch.path,
    })),
    actionPlan: actionPlan(sit, evaluation, leading).map((s) => ({
      week: s.week,
      channel: s.channel,
      message: s.message,
    })),
    notes: notes(sit, evaluation, answers),
    sources: [...usedSources]
      .sort()
      .map((id) => ({ id, title: data.sources[id]?.title ?? id, year: data.sources[id]?.year ?? 0 })),
    headlineMessage,
  };
}

/**
 * plan(answers, data): the plan as messages (planMessages). With `translate` (and `language`),
 * the rendered Plan: renderPlan(planMessages(answers, data, options), translate, language), kept
 * for callers that want the contract's shape in one call.
 */
export function plan(
  answers: Answers,
  data: AdoptionData,
  options: PlanOptions & { readonly translate: Translate },
): Plan;
export function plan(answers: Answers, data: AdoptionData, options?: PlanMessageOptions): MessagePlan;
export function plan(answers: Answers, data: AdoptionData, options: PlanOptions = {}): Plan | MessagePlan {
  const p = planMessages(answers, data, options);
  return options.translate === undefined ? p : renderPlan(p, options.translate, options.language ?? 'en');
}

export { evaluate, renderPlan, situationFrom };
