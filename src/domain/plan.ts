/**
 * plan(answers, data): the recommendation engine (design/recommendation-model.md). Pure and
 * deterministic: the numeric core (evaluate.ts) decides, this module turns its result into the
 * Plan shape (plan-schema.ts) with reasons, notes, an action plan and a headline, each sentence a
 * message rendered through the caller's `translate`.
 */

import { actionPlan } from './action-plan.js';
import { type AdoptionData, GLOBAL, type PreparedAdoption, prepareAdoption } from './adoption.js';
import { ADVISED_CHANNELS, type AdvisedChannel, AGE_GROUPS, type Answers } from './answers.js';
import {
  type Evaluation,
  evaluate,
  messageShares,
  round3,
  type Situation,
  situationFrom,
} from './evaluate.js';
import { type Message, message, type Translate } from './message.js';
import { MODEL_VERSION } from './model.js';
import type { ChannelAdvice, Plan, Reason } from './plan-schema.js';
import { channelName, channelReasons, type DomainReason, listOf, otherChannelReasons } from './reasons.js';
import { whatWouldChange } from './what-would-change.js';

export interface PlanOptions {
  /** Renders a message in the plan's language. */
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

/**
 * Rendering memo: a Translate is pure for its locale (message.ts), and most sentences recur from
 * plan to plan (notes, steps, factor reasons), so renders are kept per translate function. The
 * memo is bounded: it is emptied when full, which changes speed only, never output.
 */
const renders = new WeakMap<Translate, Map<string, string>>();
const RENDER_MEMO_LIMIT = 50_000;

function memoised(translate: Translate): Translate {
  let memo = renders.get(translate);
  if (memo === undefined) {
    memo = new Map();
    renders.set(translate, memo);
  }
  const cache = memo;
  return (msg: Message) => {
    const key = JSON.stringify(msg);
    let text = cache.get(key);
    if (text === undefined) {
      text = translate(msg);
      if (cache.size >= RENDER_MEMO_LIMIT) cache.clear();
      cache.set(key, text);
    }
    return text;
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

function headline(evaluation: Evaluation, inUse: Situation['inUse']): Message {
  const { channels, primary } = evaluation;
  const others = ADVISED_CHANNELS.filter((c) => c !== primary);
  const names = (pick: (c: AdvisedChannel) => boolean) => others.filter(pick).map(channelName);
  const mainVerdict = channels[primary].verdict;
  const main =
    mainVerdict === 'keep' || mainVerdict === 'add'
      ? message(`engine.headline.main_${mainVerdict}`, { channel: channelName(primary) })
      : message('engine.headline.main_unsure', { channel: channelName(primary) });
  const adds = names((c) => channels[c].verdict === 'add');
  const keeps = names((c) => channels[c].verdict === 'keep');
  const considers = names((c) => channels[c].verdict === 'consider');
  const drops = names((c) => channels[c].verdict === 'skip' && inUse[c]);
  const part = (key: string, list: Message[]) =>
    list.length === 0 ? '' : message(key, { channels: listOf(list) });
  return message('engine.headline.sentence', {
    main,
    keep: part('engine.headline.also_keep', keeps),
    add: part('engine.headline.add', adds),
    consider: part('engine.headline.consider', considers),
    drop: part('engine.headline.drop', drops),
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
      message: message('engine.note.global_data', { country: answers.business.country }),
    });
  }
  const rough = ADVISED_CHANNELS.filter((c) => {
    const r = evaluation.channels[c].reach;
    return r.data.confidence === 'low' && !r.polled;
  });
  if (rough.length > 0) {
    out.push({
      code: 'low_confidence',
      message: message('engine.note.low_confidence', { channels: listOf(rough.map(channelName)) }),
    });
  }
  out.push({ code: 'advice', message: message('engine.note.advice') });
  return out;
}

export function plan(answers: Answers, data: AdoptionData, options: PlanOptions): Plan {
  const translate = memoised(options.translate);
  const adoption = preparedAdoption(data);
  const sit = situationFrom(answers, adoption);
  const evaluation = evaluate(sit);
  const title = (id: string) => data.sources[id]?.title ?? id;
  const usedSources = new Set<string>();

  const advice = {} as Record<AdvisedChannel, ChannelAdvice>;
  for (const c of ADVISED_CHANNELS) {
    const ev = evaluation.channels[c];
    const reasons = channelReasons(answers, sit, evaluation, c, title);
    for (const r of reasons) for (const s of r.sources) usedSources.add(s);
    const measured = ev.reach.polled || ev.reach.capped;
    advice[c] = {
      verdict: ev.verdict,
      primary: evaluation.primary === c,
      score: ev.score,
      reach: ev.reach.reach,
      reachBySegment: Object.fromEntries(
        AGE_GROUPS.map((g, d) => [g, round3(ev.reach.byDecade[d]!)]),
      ) as ChannelAdvice['reachBySegment'],
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
      .map((id) => ({ id, title: title(id), year: data.sources[id]?.year ?? 0 })),
    headline: translate(headlineMessage),
    headlineMessage,
  };
}

export { evaluate, situationFrom };
