/**
 * The numeric core of the engine: Answers (as a Situation) -> reach (by the order of evidence,
 * evidence.ts), scores, verdicts, the main channel and switching losses. No strings and no
 * messages here, so whatWouldChange can call it many times cheaply; plan.ts turns its result into
 * reasons and messages.
 *
 * The rules that never harm live here, once:
 * - a busy channel (MODEL.busyShare of the messages or more) scores at least the keep threshold,
 *   in proportion below it (no cliff), and is never "skip" (so never told to stop);
 * - the main channel is the busiest advised channel unless the owner's own measurement shows a
 *   recommended channel clearly reaches more; it is never "skip" (raised to "consider": ask first).
 */

import type { CountryProfile, DataChannel, PreparedAdoption } from './adoption.js';
import {
  type AdvisedChannel,
  AGE_GROUPS,
  type Answers,
  type PollApp,
  type PollCount,
  PRIVACY_LEVELS,
  type PrivacyLevel,
  PURPOSES,
  type Purpose,
  TEAMS,
  type Team,
  type WhatsappFeature,
} from './answers.js';
import { CHANNEL_DEFINITIONS, type ChannelDefinition, PRIMARY_TIE_ORDER, perChannel } from './channels.js';
import {
  type DataTier,
  type EvidenceInput,
  isOwnMeasurement,
  type PollInput,
  profileAfter,
  type ReachEvidence,
  reachEvidence,
  round3,
  weighted,
} from './evidence.js';
import { MODEL } from './model.js';
import type { Verdict } from './plan-schema.js';
import { evidenceCount } from './poll.js';

export { round3, weighted };

/** Everything the scores depend on, in the model's units (shares 0-1). */
export interface Situation {
  /** The owner's country (ISO code). */
  readonly country: string;
  readonly profile: CountryProfile;
  /** Where the data comes from: the country's own table, a regional one, or the world's. */
  readonly tier: DataTier;
  /** s(d): share of customers per age group, AGE_GROUPS order, summing to 1. */
  readonly mix: readonly number[];
  /** The share of customers using the channel that the owner typed (0-1), if any. */
  readonly known: Readonly<Record<AdvisedChannel, number | undefined>>;
  /** The owner's customer poll (Answers customers.poll) for the channel, if any. */
  readonly poll: Readonly<Record<AdvisedChannel, PollInput | undefined>>;
  /** The poll's counts as stored (a number, or "fewer"/"most" when withheld), for the reasons. */
  readonly pollCounts: Readonly<Record<AdvisedChannel, PollCount | undefined>>;
  /** Share of customers whose email address the owner has (0-1), if given. */
  readonly emailOnFile: number | undefined;
  /** The channel itself is listed in use. */
  readonly inUse: Readonly<Record<AdvisedChannel, boolean>>;
  /** The channel or one reaching the same people (personal WhatsApp) is in use. */
  readonly listed: Readonly<Record<AdvisedChannel, boolean>>;
  /** Personal WhatsApp is in use: the same customers as WhatsApp Business. */
  readonly whatsappPersonal: boolean;
  /** Share of the owner's customer messages on the channel today (0-1); WhatsApp counts both apps. */
  readonly share: Readonly<Record<AdvisedChannel, number>>;
  /** The owner gave that share (rather than Kanal splitting what the given shares leave over). */
  readonly shareGiven: Readonly<Record<AdvisedChannel, boolean>>;
  readonly features: readonly WhatsappFeature[];
  readonly purposes: readonly Purpose[];
  /** One promotion goes to more people than a WhatsApp broadcast list holds. */
  readonly broadcastLarge: boolean;
  readonly privacy: PrivacyLevel;
  readonly competitor: boolean;
  readonly platform: boolean;
  readonly team: Team;
}

/** The data's channel for each advised channel (channels.ts). */
export const DATA_CHANNEL: Readonly<Record<AdvisedChannel, DataChannel>> = Object.freeze(
  perChannel((d) => d.data),
);

/** The poll's app for each advised channel (customers.poll.counts.<app>). */
export const POLL_APP: Readonly<Record<AdvisedChannel, PollApp>> = Object.freeze({
  whatsapp_business: 'whatsapp',
  telegram: 'telegram',
  email: 'email',
});

export function situationFrom(answers: Answers, adoption: PreparedAdoption): Situation {
  const ageMix = answers.customers.ageMix;
  let mixTotal = 0;
  for (const g of AGE_GROUPS) mixTotal += ageMix[g];
  const mix: number[] = [];
  for (const g of AGE_GROUPS) mix.push(ageMix[g] / mixTotal);
  const kcu: Partial<Record<string, number>> = answers.customers.knownChannelUse ?? {};
  const shares = messageShares(answers);
  const profile = adoption.profileFor(answers.business.country);
  // One pass over the channel definitions (module-level helpers: no closures per plan).
  const known = {} as Record<AdvisedChannel, number | undefined>;
  const poll = {} as Record<AdvisedChannel, PollInput | undefined>;
  const pollCounts = {} as Record<AdvisedChannel, PollCount | undefined>;
  const measured = answers.customers.poll;
  const inUse = {} as Record<AdvisedChannel, boolean>;
  const listedAs = {} as Record<AdvisedChannel, boolean>;
  const share = {} as Record<AdvisedChannel, number>;
  const shareGiven = {} as Record<AdvisedChannel, boolean>;
  for (const d of CHANNEL_DEFINITIONS) {
    known[d.id] = knownShare(kcu, d);
    const count = measured?.counts[POLL_APP[d.id]];
    pollCounts[d.id] = count;
    poll[d.id] =
      measured === undefined || count === undefined
        ? undefined
        : { k: evidenceCount(count, measured.responses), n: measured.responses };
    inUse[d.id] = listed(answers, d.id);
    let any = inUse[d.id];
    let given = shareGivenFor(answers, d.id);
    let sum = shares[d.id] ?? 0;
    for (const c of d.sameAudience) {
      any = any || listed(answers, c);
      given = given || shareGivenFor(answers, c);
      sum += shares[c] ?? 0;
    }
    listedAs[d.id] = any;
    share[d.id] = Math.min(1, sum);
    shareGiven[d.id] = given;
  }
  return {
    country: answers.business.country,
    profile,
    tier: profile.tier,
    mix,
    known,
    poll,
    pollCounts,
    emailOnFile: percentToShare(answers.customers.emailOnFilePercent),
    inUse,
    listed: listedAs,
    whatsappPersonal: listed(answers, 'whatsapp_personal'),
    share,
    shareGiven,
    features: answers.whatsappFeatures,
    purposes: answers.purposes,
    broadcastLarge: (answers.broadcastAudience ?? 0) > MODEL.broadcastListCap.value,
    privacy: answers.concerns.customerPrivacy,
    competitor: answers.concerns.competitorDataSharing,
    platform: answers.concerns.platformDependence,
    team: answers.team,
  };
}

/** The owner's poll share for a channel (the first of its answer paths given), 0-1. */
function knownShare(kcu: Partial<Record<string, number>>, d: ChannelDefinition): number | undefined {
  for (const path of d.knownPaths) {
    const v = kcu[path];
    if (v !== undefined) return v / 100;
  }
  return undefined;
}

function shareGivenFor(answers: Answers, channel: string): boolean {
  for (const u of answers.channels) if (u.channel === channel && u.sharePercent !== undefined) return true;
  return false;
}

function percentToShare(p: number | undefined): number | undefined {
  return p === undefined ? undefined : p / 100;
}

function listed(answers: Answers, channel: string): boolean {
  for (const u of answers.channels) if (u.channel === channel) return true;
  return false;
}

/**
 * Share of messages per listed channel (0-1). Channels listed without a share split what the
 * given shares leave over equally: a listed channel is used, we just do not know how much. (The
 * texts never show such a split as the owner's figure: Situation.shareGiven.)
 */
export function messageShares(answers: Answers): Partial<Record<string, number>> {
  const given = answers.channels.reduce((sum, c) => sum + (c.sharePercent ?? 0), 0);
  const unknown = answers.channels.filter((c) => c.sharePercent === undefined).length;
  const each = unknown === 0 ? 0 : Math.max(0, 100 - given) / unknown;
  const out: Partial<Record<string, number>> = {};
  for (const c of answers.channels) out[c.channel] = Math.min(100, c.sharePercent ?? each) / 100;
  return out;
}

/** What the order of evidence needs for one channel, with the mix, poll share and addresses on file given. */
export function evidenceInput(
  sit: Situation,
  def: ChannelDefinition,
  mix: readonly number[],
  known: number | undefined,
  onFile: number | undefined,
): EvidenceInput {
  return {
    byDecade: sit.profile.channels[def.data].byDecade,
    tier: sit.tier,
    mix,
    known,
    poll: sit.poll[def.id],
    needsAddresses: def.needsAddresses,
    onFile,
    listed: sit.listed[def.id],
    share: sit.share[def.id],
  };
}

/** The evidence of one channel, with the mix, poll share and addresses on file given. */
export function evidenceFor(
  sit: Situation,
  def: ChannelDefinition,
  mix: readonly number[],
  known: number | undefined,
  onFile: number | undefined,
): ReachEvidence {
  return reachEvidence(evidenceInput(sit, def, mix, known, onFile));
}

export function reachOf(sit: Situation, c: AdvisedChannel): ReachEvidence {
  const def = CHANNEL_DEFINITIONS[indexOf(c)]!;
  return evidenceFor(sit, def, sit.mix, sit.known[c], sit.emailOnFile);
}

function indexOf(c: AdvisedChannel): number {
  for (const d of CHANNEL_DEFINITIONS) if (d.id === c) return d.index;
  throw new Error(`Not an advised channel: ${c}`);
}

export interface Factor {
  /** Name of the factor (a key of the model table), e.g. "reach" or "purpose_receipts". */
  readonly factor: string;
  readonly points: number;
}

/** Adds a factor's points; records it when a list is given. (No closures here: this is the hot path.) */
function addFactor(total: number, out: Factor[] | undefined, factor: string, points: number): number {
  if (points !== 0) out?.push({ factor, points });
  return total + points;
}

/** A new inbox: neither this channel nor one reaching the same people is in use. */
export function isNew(sit: Situation, c: AdvisedChannel): boolean {
  return !sit.listed[c];
}

/**
 * Points of every factor other than reach, the addresses to collect and the floors: continuity,
 * WhatsApp features, purposes, concerns, then the effort of a new inbox for `team` (the one answer
 * whatWouldChange varies). Added in one fixed order, so the same answers give the same sum.
 */
export function otherPoints(
  sit: Situation,
  c: AdvisedChannel,
  team: Team,
  out: Factor[] | undefined,
): number {
  const total = pointsBeforeEffort(sit, c, out);
  // A new inbox costs effort; moving from personal WhatsApp to the Business app does not.
  return isNew(sit, c) ? addFactor(total, out, EFFORT_FACTOR[team], effortPoints(team)) : total;
}

/** The effort of a new inbox for `team`: the last of otherPoints' factors, so a toggle adds only it. */
export function effortPoints(team: Team): number {
  return MODEL.effort[team].value;
}

/** otherPoints without the effort of a new inbox (the same sum, in the same order). */
export function pointsBeforeEffort(sit: Situation, c: AdvisedChannel, out: Factor[] | undefined): number {
  let total = 0;
  const inUse = sit.inUse[c];
  const personal = personalOnly(sit, c);
  if (inUse || personal) {
    const points = MODEL.inUseBase.value + MODEL.inUseShare.value * sit.share[c];
    total = addFactor(total, out, personal ? 'in_use_personal' : 'in_use', points);
  }
  if (c === 'whatsapp_business') {
    let features = 0;
    for (const f of sit.features) features += MODEL.whatsappFeatures[f].value;
    total = addFactor(total, out, 'whatsapp_features', features);
  }
  for (const p of sit.purposes) {
    if (p === 'promotions' && sit.broadcastLarge) {
      total = addFactor(total, out, 'purpose_promotions_large', MODEL.promotionsLarge.points[c]);
    } else total = addFactor(total, out, PURPOSE_FACTOR[p], MODEL.purposes[p].points[c]);
  }
  total = addFactor(total, out, PRIVACY_FACTOR[sit.privacy], MODEL.privacy[sit.privacy].points[c]);
  if (sit.competitor)
    total = addFactor(total, out, 'competitor_data_sharing', MODEL.competitorDataSharing.points[c]);
  if (sit.platform) total = addFactor(total, out, 'platform_dependence', MODEL.platformDependence.points[c]);
  return total;
}

const PURPOSE_FACTOR = Object.freeze(
  Object.fromEntries(PURPOSES.map((p) => [p, `purpose_${p}`])) as Record<Purpose, string>,
);
const PRIVACY_FACTOR = Object.freeze(
  Object.fromEntries(PRIVACY_LEVELS.map((p) => [p, `privacy_${p}`])) as Record<PrivacyLevel, string>,
);
const EFFORT_FACTOR = Object.freeze(
  Object.fromEntries(TEAMS.map((t) => [t, `effort_${t}`])) as Record<Team, string>,
);

export function clampScore(x: number): number {
  return Math.round(Math.min(100, Math.max(0, x)));
}

/** What a channel's score needs besides its reach: fixed for one Situation (and one team). */
export interface ScoreParts {
  readonly c: AdvisedChannel;
  /** Listed itself (keep/consider/skip thresholds) rather than new (add/consider/skip). */
  readonly inUse: boolean;
  readonly listed: boolean;
  readonly share: number;
  /** Points of the other factors (otherPoints). */
  readonly other: number;
  /** It is the main channel: never "skip". */
  readonly main: boolean;
}

/**
 * Only personal WhatsApp is in use for the channel: it reaches the same customers as WhatsApp
 * Business (listed), but the Business app itself is not in use.
 */
export function personalOnly(sit: Pick<Situation, 'inUse' | 'listed'>, c: AdvisedChannel): boolean {
  return sit.listed[c] && !sit.inUse[c];
}

/** The score a busy channel is guaranteed: the keep (or add) threshold, in proportion below busyShare. */
export function busyFloor(parts: Pick<ScoreParts, 'inUse' | 'listed' | 'share'>): number {
  if (!parts.listed) return 0;
  const t = MODEL.thresholds;
  const target = parts.inUse ? t.keep.value : t.add.value;
  return target * Math.min(1, parts.share / MODEL.busyShare.value);
}

export function isBusy(share: number): boolean {
  return share >= MODEL.busyShare.value;
}

/**
 * The unclamped score and each factor: reach (times attention), the addresses still to collect,
 * the other factors, then the floors of a busy channel and of the main channel.
 */
export function scoreOf(
  parts: ScoreParts,
  r: ReachEvidence,
  out: Factor[] | undefined,
  otherFactors?: readonly Factor[],
): number {
  let total = addFactor(0, out, 'reach', MODEL.reach.value * MODEL.attention.points[parts.c] * r.reach);
  total = addFactor(total, out, 'addresses_to_collect', MODEL.addressesToCollect.value * r.toCollect);
  if (out !== undefined && otherFactors !== undefined) for (const f of otherFactors) out.push(f);
  total += parts.other;
  const floor = busyFloor(parts);
  if (floor > 0 && total < floor)
    total = addFactor(total, out, isBusy(parts.share) ? 'busy_floor' : 'traffic_floor', floor - total);
  if (parts.main) {
    const t = MODEL.thresholds;
    const least = parts.inUse ? t.considerInUse.value : t.considerNew.value;
    if (total < least) total = addFactor(total, out, 'main_floor', least - total);
  }
  return total;
}

/** The verdict from a score: thresholds, then the smallest reach to recommend (a busy channel is exempt). */
export function verdictFor(
  score: number,
  parts: Pick<ScoreParts, 'inUse' | 'share'>,
  reach: number,
): Verdict {
  const t = MODEL.thresholds;
  let verdict: Verdict;
  if (parts.inUse)
    verdict = score >= t.keep.value ? 'keep' : score >= t.considerInUse.value ? 'consider' : 'skip';
  else verdict = score >= t.add.value ? 'add' : score >= t.considerNew.value ? 'consider' : 'skip';
  // Few people install an app for one shop: a channel most customers lack is at most worth a trial,
  // unless the owner's traffic shows it is busy.
  if (
    (verdict === 'keep' || verdict === 'add') &&
    reach < MODEL.minReachToRecommend.value &&
    !isBusy(parts.share)
  )
    return 'consider';
  return verdict;
}

export interface ChannelEvaluation {
  readonly reach: ReachEvidence;
  /** Adoption by age group after the evidence (AGE_GROUPS order). */
  readonly byDecade: readonly number[];
  readonly score: number;
  readonly verdict: Verdict;
  readonly factors: readonly Factor[];
  readonly parts: ScoreParts;
}

/** The fixed parts of a channel's score for a Situation. */
export function scoreParts(
  sit: Situation,
  c: AdvisedChannel,
  main: boolean,
  team: Team = sit.team,
): ScoreParts {
  return {
    c,
    inUse: sit.inUse[c],
    listed: sit.listed[c],
    share: sit.share[c],
    other: otherPoints(sit, c, team, undefined),
    main,
  };
}

/** One channel's reach, score, verdict and named factors. */
export function evaluateChannel(sit: Situation, c: AdvisedChannel, main = false): ChannelEvaluation {
  const reach = reachOf(sit, c);
  const others: Factor[] = [];
  const other = otherPoints(sit, c, sit.team, others);
  const parts: ScoreParts = {
    c,
    inUse: sit.inUse[c],
    listed: sit.listed[c],
    share: sit.share[c],
    other,
    main,
  };
  const factors: Factor[] = [];
  const score = clampScore(scoreOf(parts, reach, factors, others));
  const profile = sit.profile.channels[DATA_CHANNEL[c]].byDecade;
  return {
    reach,
    byDecade: profileAfter(profile, sit.mix, reach),
    score,
    verdict: verdictFor(score, parts, reach.reach),
    factors,
    parts,
  };
}

export interface Evaluation {
  readonly channels: Readonly<Record<AdvisedChannel, ChannelEvaluation>>;
  readonly primary: AdvisedChannel;
  /** Percent (integer) of WhatsApp-reachable customers lost by moving everything to the channel. */
  readonly switching: Readonly<Record<'telegram' | 'email', number>>;
}

const RECOMMENDED: ReadonlySet<Verdict> = new Set(['keep', 'add']);

/** A channel's reach in thousandths, so that float noise cannot decide the main channel. */
function milli(channels: Readonly<Record<AdvisedChannel, ChannelEvaluation>>, c: AdvisedChannel): number {
  return Math.round(channels[c].reach.reach * 1000);
}

/**
 * The main channel, by the order of evidence:
 * 1. the busiest advised channel in use (at least busyShare of the messages), unless another
 *    recommended channel whose reach is the owner's own measurement clearly reaches more (by more
 *    than primaryReachMargin) and scores higher;
 * 2. else, among keep/add channels within the margin of the best-reaching one, the highest score;
 * 3. else, the widest reach (where to ask customers first).
 * Ties go in PRIMARY_TIE_ORDER (the app customers already have first).
 */
export function choosePrimary(
  sit: Situation,
  channels: Readonly<Record<AdvisedChannel, ChannelEvaluation>>,
): AdvisedChannel {
  const margin = Math.round(MODEL.primaryReachMargin.value * 1000);
  let busiest: AdvisedChannel | undefined;
  for (const c of PRIMARY_TIE_ORDER) {
    if (!sit.listed[c] || !isBusy(sit.share[c])) continue;
    if (busiest === undefined || sit.share[c] > sit.share[busiest]) busiest = c;
  }
  if (busiest !== undefined) {
    let challenger: AdvisedChannel | undefined;
    for (const c of PRIMARY_TIE_ORDER) {
      const ev = channels[c];
      if (c === busiest || !RECOMMENDED.has(ev.verdict) || !isOwnMeasurement(ev.reach.kind)) continue;
      if (milli(channels, c) - milli(channels, busiest) <= margin || ev.score <= channels[busiest].score)
        continue;
      if (challenger === undefined || ev.score > channels[challenger].score) challenger = c;
    }
    return challenger ?? busiest;
  }
  const recommended = PRIMARY_TIE_ORDER.filter((c) => RECOMMENDED.has(channels[c].verdict));
  if (recommended.length === 0) {
    let best = PRIMARY_TIE_ORDER[0]!;
    for (const c of PRIMARY_TIE_ORDER) if (milli(channels, c) > milli(channels, best)) best = c;
    return best;
  }
  let bestReach = 0;
  for (const c of recommended) bestReach = Math.max(bestReach, milli(channels, c));
  let best: AdvisedChannel | undefined;
  for (const c of recommended) {
    if (bestReach - milli(channels, c) > margin) continue;
    if (best === undefined || channels[c].score > channels[best].score) best = c;
  }
  return best!;
}

/**
 * Customers reachable on WhatsApp but not on x, as a percent of those reachable on WhatsApp,
 * assuming use of the two apps is independent within an age group.
 */
export function customersLostPercent(
  mix: readonly number[],
  whatsapp: readonly number[],
  other: readonly number[],
): number {
  let reachable = 0;
  let lost = 0;
  for (let d = 0; d < mix.length; d++) {
    reachable += mix[d]! * whatsapp[d]!;
    lost += mix[d]! * whatsapp[d]! * (1 - other[d]!);
  }
  if (reachable <= 0) return 0;
  return Math.round(Math.min(100, Math.max(0, (100 * lost) / reachable)));
}

/** The whole numeric result: every channel, the main one (never "skip"), switching losses. */
export function evaluate(sit: Situation): Evaluation {
  const first = {
    whatsapp_business: evaluateChannel(sit, 'whatsapp_business'),
    telegram: evaluateChannel(sit, 'telegram'),
    email: evaluateChannel(sit, 'email'),
  } satisfies Record<AdvisedChannel, ChannelEvaluation>;
  const primary = choosePrimary(sit, first);
  const channels: Record<AdvisedChannel, ChannelEvaluation> = { ...first };
  if (first[primary].verdict === 'skip') channels[primary] = evaluateChannel(sit, primary, true);
  else channels[primary] = { ...first[primary], parts: { ...first[primary].parts, main: true } };
  const wa = channels.whatsapp_business.byDecade;
  return {
    channels,
    primary,
    switching: {
      telegram: customersLostPercent(sit.mix, wa, channels.telegram.byDecade),
      email: customersLostPercent(sit.mix, wa, channels.email.byDecade),
    },
  };
}

/** Verdicts ranked: moving "up" means toward recommending the channel. */
export const VERDICT_RANK: Readonly<Record<Verdict, number>> = Object.freeze({
  skip: 0,
  consider: 1,
  keep: 2,
  add: 2,
});
