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
import { type Message, message, type Translate } from './message.js';
import { MODEL_VERSION } from './model.js';
import type { ChannelAdvice, Plan, Reason } from './plan-schema.js';
import {
  appName,
  channelName,
  channelReasons,
  type DomainReason,
  listOf,
  otherChannelReasons,
} from './reasons.js';
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
 * plan to plan (notes, steps, factor reasons), so renders are kept per translate function.
 *
 * The key is the message's whole structure, exactly: a trie over the key, then each parameter's
 * name and value in order (strings and numbers as Map keys, so 5 and "5" differ; -0 has its own
 * key), where a nested message is its own node in the same trie. Equal messages reach the same
 * node, so the text stored there is the text of that message and no other. This costs a few Map
 * look-ups per message instead of serialising it. The memo is bounded: when it holds too many
 * nodes it starts again empty, which changes speed only, never output.
 */
class RenderNode {
  readonly children = new Map<unknown, RenderNode>();
  text: string | undefined = undefined;
  /** The first child made, kept outside the Map: most nodes have one name after them. */
  firstKey: unknown = undefined;
  first: RenderNode | undefined = undefined;
}

interface RenderMemo {
  /** Messages without params, and messages with params (so {} and none differ). */
  bare: RenderNode;
  withParams: RenderNode;
  nodes: number;
}

const renders = new WeakMap<Translate, RenderMemo>();
const RENDER_MEMO_LIMIT = 200_000;
/** The trie key of -0, which a Map would not tell from 0. */
const NEGATIVE_ZERO = Symbol('-0');

function childOf(memo: RenderMemo, node: RenderNode, key: unknown): RenderNode {
  if (node.first !== undefined && node.firstKey === key) return node.first;
  let child = node.children.get(key);
  if (child === undefined) {
    child = new RenderNode();
    if (node.first === undefined) {
      node.first = child;
      node.firstKey = key;
    } else node.children.set(key, child);
    memo.nodes++;
  }
  return child;
}

/** The trie node of a message: the same node for every structurally equal message. */
function nodeOf(memo: RenderMemo, msg: Message): RenderNode {
  const params = msg.params;
  if (params === undefined) return childOf(memo, memo.bare, msg.key);
  let node = childOf(memo, memo.withParams, msg.key);
  for (const name of Object.keys(params)) {
    const value = params[name];
    node = childOf(memo, node, name);
    const key =
      typeof value === 'object' ? nodeOf(memo, value) : Object.is(value, -0) ? NEGATIVE_ZERO : value;
    node = childOf(memo, node, key);
  }
  return node;
}

function emptyMemo(): RenderMemo {
  return { bare: new RenderNode(), withParams: new RenderNode(), nodes: 0 };
}

export function memoised(translate: Translate): Translate {
  let memo = renders.get(translate);
  if (memo === undefined) {
    memo = emptyMemo();
    renders.set(translate, memo);
  }
  const state = memo;
  return (msg: Message) => {
    if (state.nodes >= RENDER_MEMO_LIMIT) {
      const fresh = emptyMemo();
      state.bare = fresh.bare;
      state.withParams = fresh.withParams;
      state.nodes = 0;
    }
    const node = nodeOf(state, msg);
    let text = node.text;
    if (text === undefined) {
      text = translate(msg);
      node.text = text;
    }
    return text;
  };
}

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
      .map((id) => ({ id, title: title(id), year: data.sources[id]?.year ?? 0 })),
    headline: translate(headlineMessage),
    headlineMessage,
  };
}

export { evaluate, situationFrom };

/** Nodes in the render memo of a translate function (for tests and the benchmark). */
export function renderMemoSize(translate: Translate): number {
  return renders.get(translate)?.nodes ?? 0;
}
