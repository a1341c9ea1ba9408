/**
 * The numeric core of the engine: Answers (as a Situation) -> reach, scores, verdicts, primary
 * and switching losses. No strings and no messages here, so whatWouldChange can call it many
 * times cheaply; plan.ts turns its result into reasons and text.
 */

import type { ChannelProfile, CountryProfile, DataChannel, PreparedAdoption } from './adoption.js';
import {
  type AdvisedChannel,
  AGE_GROUPS,
  type Answers,
  PRIVACY_LEVELS,
  type PrivacyLevel,
  PURPOSES,
  type Purpose,
  TEAMS,
  type Team,
  type WhatsappFeature,
} from './answers.js';
import { considerMiddle, MODEL } from './model.js';
import type { Verdict } from './plan-schema.js';

/** Everything the scores depend on, in the model's units (shares 0-1). */
export interface Situation {
  /** The owner's country (ISO code). */
  readonly country: string;
  readonly profile: CountryProfile;
  /** s(d): share of customers per decade, AGE_GROUPS order, summing to 1. */
  readonly mix: readonly number[];
  /** The owner's measured share of customers using the channel (0-1), if any. */
  readonly known: Readonly<Record<AdvisedChannel, number | undefined>>;
  /** Share of customers whose email address the owner has (0-1), if given. */
  readonly emailOnFile: number | undefined;
  readonly inUse: Readonly<Record<AdvisedChannel, boolean>>;
  /** Personal WhatsApp is in use: the same customers as WhatsApp Business. */
  readonly whatsappPersonal: boolean;
  /** Share of the owner's customer messages on the channel today (0-1); WhatsApp counts both apps. */
  readonly share: Readonly<Record<AdvisedChannel, number>>;
  readonly features: readonly WhatsappFeature[];
  readonly purposes: readonly Purpose[];
  /** One promotion goes to more people than a WhatsApp broadcast list holds. */
  readonly broadcastLarge: boolean;
  readonly privacy: PrivacyLevel;
  readonly competitor: boolean;
  readonly platform: boolean;
  readonly team: Team;
}

/** The data's channel for each advised channel: both WhatsApp apps reach the same people. */
export const DATA_CHANNEL: Readonly<Record<AdvisedChannel, DataChannel>> = Object.freeze({
  whatsapp_business: 'whatsapp',
  telegram: 'telegram',
  email: 'email',
});

export function situationFrom(answers: Answers, adoption: PreparedAdoption): Situation {
  const mixTotal = AGE_GROUPS.reduce((sum, g) => sum + answers.customers.ageMix[g], 0);
  const mix = AGE_GROUPS.map((g) => answers.customers.ageMix[g] / mixTotal);
  const kcu = answers.customers.knownChannelUse ?? {};
  const shares = messageShares(answers);
  const whatsappPersonal = listed(answers, 'whatsapp_personal');
  return {
    country: answers.business.country,
    profile: adoption.profileFor(answers.business.country),
    mix,
    known: {
      whatsapp_business: percentToShare(kcu.whatsapp_business ?? kcu.whatsapp_personal),
      telegram: percentToShare(kcu.telegram),
      email: percentToShare(kcu.email),
    },
    emailOnFile: percentToShare(answers.customers.emailOnFilePercent),
    inUse: {
      whatsapp_business: listed(answers, 'whatsapp_business'),
      telegram: listed(answers, 'telegram'),
      email: listed(answers, 'email'),
    },
    whatsappPersonal,
    share: {
      whatsapp_business: Math.min(1, (shares.whatsapp_business ?? 0) + (shares.whatsapp_personal ?? 0)),
      telegram: shares.telegram ?? 0,
      email: shares.email ?? 0,
    },
    features: answers.whatsappFeatures,
    purposes: answers.purposes,
    broadcastLarge: (answers.broadcastAudience ?? 0) > MODEL.broadcastListCap.value,
    privacy: answers.concerns.customerPrivacy,
    competitor: answers.concerns.competitorDataSharing,
    platform: answers.concerns.platformDependence,
    team: answers.team,
  };
}

function percentToShare(p: number | undefined): number | undefined {
  return p === undefined ? undefined : p / 100;
}

function listed(answers: Answers, channel: string): boolean {
  return answers.channels.some((u) => u.channel === channel);
}

/**
 * Share of messages per listed channel (0-1). Channels listed without a share split what the
 * given shares leave over equally: a listed channel is used, we just do not know how much.
 */
export function messageShares(answers: Answers): Partial<Record<string, number>> {
  const given = answers.channels.reduce((sum, c) => sum + (c.sharePercent ?? 0), 0);
  const unknown = answers.channels.filter((c) => c.sharePercent === undefined).length;
  const each = unknown === 0 ? 0 : Math.max(0, 100 - given) / unknown;
  const out: Partial<Record<string, number>> = {};
  for (const c of answers.channels) out[c.channel] = Math.min(100, c.sharePercent ?? each) / 100;
  return out;
}

export interface ReachResult {
  /** Share of the owner's customers reachable, rounded to 3 decimals (the figure shown and used). */
  readonly reach: number;
  /** Adoption by decade after the owner's own numbers, AGE_GROUPS order. */
  readonly byDecade: readonly number[];
  /** Reach from the national estimate alone, rounded to 3 decimals. */
  readonly estimate: number;
  /** The owner polled customers on this channel (knownChannelUse). */
  readonly polled: boolean;
  /** Email only: the owner's email-on-file share capped the reach. */
  readonly capped: boolean;
  readonly data: ChannelProfile;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function weighted(mix: readonly number[], p: readonly number[]): number {
  let sum = 0;
  for (let d = 0; d < mix.length; d++) sum += mix[d]! * p[d]!;
  return sum;
}

const BISECTION_STEPS = 60;

/**
 * Scales a decade profile by k so that sum s(d) * min(1, k * p(d)) equals the target share:
 * the owner's poll sets the level, the data keeps the age shape. Bisection with a fixed number
 * of steps is deterministic and monotone in the target. Decades where nobody uses the channel
 * stay at 0 unless the target cannot be met otherwise; with no usable shape at all the profile is
 * flat.
 */
export function scaleToShare(p: readonly number[], mix: readonly number[], target: number): number[] {
  let reachable = 0;
  let minPositive = 1;
  for (let d = 0; d < p.length; d++) {
    if (p[d]! > 0) {
      reachable += mix[d]!;
      minPositive = Math.min(minPositive, p[d]!);
    }
  }
  if (target >= reachable) {
    // Every user-bearing decade saturates; the rest is shared evenly by the others.
    const rest = reachable >= 1 ? 0 : Math.min(1, (target - reachable) / (1 - reachable));
    const filled: number[] = [];
    for (const x of p) filled.push(x > 0 ? 1 : rest);
    return filled;
  }
  let lo = 0;
  let hi = 1 / minPositive;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    const k = (lo + hi) / 2;
    let f = 0;
    for (let d = 0; d < p.length; d++) f += mix[d]! * Math.min(1, k * p[d]!);
    if (f < target) lo = k;
    else hi = k;
  }
  const scaled: number[] = [];
  for (const x of p) scaled.push(Math.min(1, lo * x));
  return scaled;
}

/**
 * Reach of a channel among the owner's customers. `withProfile` false skips the decade profile of
 * a polled channel (only needed for output and switching), which keeps the search cheap.
 */
export function reachOf(sit: Situation, channel: AdvisedChannel, withProfile = true): ReachResult {
  const data = sit.profile.channels[DATA_CHANNEL[channel]];
  const estimate = round3(weighted(sit.mix, data.byDecade));
  const known = sit.known[channel];
  let byDecade: readonly number[] = data.byDecade;
  let reach = estimate;
  if (known !== undefined) {
    if (withProfile) byDecade = scaleToShare(data.byDecade, sit.mix, known);
    reach = round3(known);
  }
  let capped = false;
  if (channel === 'email' && sit.emailOnFile !== undefined) {
    // You can only email customers whose address you have: the on-file share caps reach, never raises it.
    const uncapped = known ?? weighted(sit.mix, data.byDecade);
    if (sit.emailOnFile < uncapped) {
      const factor = sit.emailOnFile / uncapped;
      if (withProfile) {
        const capped: number[] = [];
        for (const x of byDecade) capped.push(x * factor);
        byDecade = capped;
      }
      reach = round3(sit.emailOnFile);
      capped = true;
    }
  }
  return { reach, byDecade, estimate, polled: known !== undefined, capped, data };
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

/** Points of every factor other than reach. Pushes named factors when a list is given. */
function otherPoints(sit: Situation, c: AdvisedChannel, out: Factor[] | undefined): number {
  return otherPointsWith(sit, c, sit.privacy, sit.competitor, sit.platform, sit.team, out);
}

/**
 * Points of every factor other than reach, with the concerns and the team given separately, so
 * whatWouldChange can try another answer without copying the Situation. The factors are added in
 * one fixed order, so the same answers always give the same floating-point sum: the answers a
 * toggle cannot change first (answerPoints), then the concerns and the team (concernPoints).
 */
export function otherPointsWith(
  sit: Situation,
  c: AdvisedChannel,
  privacy: PrivacyLevel,
  competitor: boolean,
  platform: boolean,
  team: Team,
  out: Factor[] | undefined,
): number {
  return concernPoints(answerPoints(sit, c, out), sit, c, privacy, competitor, platform, team, out);
}

/** A new inbox: neither this channel nor (for WhatsApp Business) personal WhatsApp is in use. */
export function isNew(sit: Situation, c: AdvisedChannel): boolean {
  return !sit.inUse[c] && !(c === 'whatsapp_business' && sit.whatsappPersonal);
}

/** The first part of otherPointsWith: continuity, WhatsApp features, purposes. */
export function answerPoints(sit: Situation, c: AdvisedChannel, out: Factor[] | undefined): number {
  let total = 0;
  const inUse = sit.inUse[c];
  const personalOnly = c === 'whatsapp_business' && !inUse && sit.whatsappPersonal;
  if (inUse || personalOnly) {
    const points = MODEL.inUseBase.value + MODEL.inUseShare.value * sit.share[c];
    total = addFactor(total, out, personalOnly ? 'in_use_personal' : 'in_use', points);
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
  return total;
}

/**
 * A channel's factors from the concerns, in the order they are added (the privacy level's always;
 * the competitor and platform concerns' when on). The one place this rule lives: concernPoints
 * adds them, and whatWouldChange keeps their points per toggle.
 */
export function concernFactors(
  c: AdvisedChannel,
  privacy: PrivacyLevel,
  competitor: boolean,
  platform: boolean,
): Factor[] {
  const out: Factor[] = [{ factor: PRIVACY_FACTOR[privacy], points: MODEL.privacy[privacy].points[c] }];
  if (competitor)
    out.push({ factor: 'competitor_data_sharing', points: MODEL.competitorDataSharing.points[c] });
  if (platform) out.push({ factor: 'platform_dependence', points: MODEL.platformDependence.points[c] });
  return out;
}

/** The rest of otherPointsWith, added to `total` (answerPoints): concerns (concernFactors), then effort. */
export function concernPoints(
  total: number,
  sit: Situation,
  c: AdvisedChannel,
  privacy: PrivacyLevel,
  competitor: boolean,
  platform: boolean,
  team: Team,
  out: Factor[] | undefined,
): number {
  let sum = total;
  for (const f of concernFactors(c, privacy, competitor, platform))
    sum = addFactor(sum, out, f.factor, f.points);
  // A new inbox costs effort; moving from personal WhatsApp to the Business app does not.
  if (isNew(sit, c)) sum = addFactor(sum, out, EFFORT_FACTOR[team], MODEL.effort[team].value);
  return sum;
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

/**
 * The unclamped score of a channel. Unpolled low-confidence estimates are pulled toward the middle
 * of the "consider" band. For email, the owner's on-file share can only cap the score: the result
 * is the lower of the score at the capped reach and the (pulled) score of the estimate, so raising
 * the on-file share never lowers the score.
 */
function rawScore(sit: Situation, c: AdvisedChannel, r: ReachResult, out: Factor[] | undefined): number {
  const reachPoints = MODEL.reach.value * r.reach;
  out?.push({ factor: 'reach', points: reachPoints });
  const other = otherPoints(sit, c, out);
  const chosen = scoreFrom(
    r.reach,
    r.estimate,
    r.polled,
    r.capped,
    r.data.confidence === 'low',
    sit.inUse[c],
    other,
  );
  const total = reachPoints + other;
  if (chosen !== total) out?.push({ factor: 'low_confidence', points: chosen - total });
  return chosen;
}

/** The unclamped score from its parts: the one formula behind every score (see rawScore). */
export function scoreFrom(
  reach: number,
  estimate: number,
  polled: boolean,
  capped: boolean,
  lowConfidence: boolean,
  inUse: boolean,
  other: number,
): number {
  const total = MODEL.reach.value * reach + other;
  if (!lowConfidence || polled) return total;
  const middle = considerMiddle(inUse);
  const estimateTotal = MODEL.reach.value * estimate + other;
  const pulled = middle + MODEL.lowConfidenceSlope.value * (estimateTotal - middle);
  return capped ? Math.min(total, pulled) : pulled;
}

/**
 * The verdict of one channel for a mix, a measured share and an email-on-file share, given its
 * points from other factors: the same arithmetic as reachOf(sit, c, false) and evaluateChannel,
 * without allocating, for whatWouldChange's many probes (test/domain/evaluate.test.ts checks
 * that the two agree).
 */
export function verdictWith(
  sit: Situation,
  c: AdvisedChannel,
  mix: readonly number[],
  known: number | undefined,
  emailOnFile: number | undefined,
  other: number,
): Verdict {
  const data = sit.profile.channels[DATA_CHANNEL[c]];
  return verdictAt(
    data.byDecade,
    data.confidence === 'low',
    sit.inUse[c],
    c === 'email',
    mix,
    known,
    emailOnFile,
    other,
  );
}

/**
 * verdictWith with the channel's fixed parts given (its decade profile, low confidence, in use,
 * whether it is email), so a search over one channel looks them up once.
 */
export function verdictAt(
  byDecade: readonly number[],
  lowConfidence: boolean,
  inUse: boolean,
  isEmail: boolean,
  mix: readonly number[],
  known: number | undefined,
  emailOnFile: number | undefined,
  other: number,
): Verdict {
  const raw = weighted(mix, byDecade);
  const estimate = round3(raw);
  let reach = known === undefined ? estimate : round3(known);
  let capped = false;
  if (isEmail && emailOnFile !== undefined && emailOnFile < (known ?? raw)) {
    reach = round3(emailOnFile);
    capped = true;
  }
  return verdictFromParts(reach, estimate, known !== undefined, capped, lowConfidence, inUse, other);
}

/** A verdict from reach and its parts (as reachOf gives them) and the other factors' points. */
export function verdictFromParts(
  reach: number,
  estimate: number,
  polled: boolean,
  capped: boolean,
  lowConfidence: boolean,
  inUse: boolean,
  other: number,
): Verdict {
  const score = clampScore(scoreFrom(reach, estimate, polled, capped, lowConfidence, inUse, other));
  return verdictFor(score, inUse, reach);
}

export function verdictFor(score: number, inUse: boolean, reach: number): Verdict {
  const t = MODEL.thresholds;
  let verdict: Verdict;
  if (inUse) verdict = score >= t.keep.value ? 'keep' : score >= t.considerInUse.value ? 'consider' : 'skip';
  else verdict = score >= t.add.value ? 'add' : score >= t.considerNew.value ? 'consider' : 'skip';
  // Few people install an app for one shop: a channel most customers lack is at most worth a trial.
  if ((verdict === 'keep' || verdict === 'add') && reach < MODEL.minReachToRecommend.value) return 'consider';
  return verdict;
}

export interface ChannelEvaluation {
  readonly reach: ReachResult;
  readonly score: number;
  readonly verdict: Verdict;
  readonly factors: readonly Factor[];
}

/**
 * One channel's reach, score and verdict. With `detail`, also the named factors and the decade
 * profile after the owner's numbers (for rendering and switching); without, just what a verdict needs.
 */
export function evaluateChannel(sit: Situation, c: AdvisedChannel, detail = false): ChannelEvaluation {
  const withFactors = detail;
  const reach = reachOf(sit, c, detail);
  const factors: Factor[] | undefined = withFactors ? [] : undefined;
  const score = clampScore(rawScore(sit, c, reach, factors));
  return { reach, score, verdict: verdictFor(score, sit.inUse[c], reach.reach), factors: factors ?? [] };
}

export interface Evaluation {
  readonly channels: Readonly<Record<AdvisedChannel, ChannelEvaluation>>;
  readonly primary: AdvisedChannel;
  /** Percent (integer) of WhatsApp-reachable customers lost by moving everything to the channel. */
  readonly switching: Readonly<Record<'telegram' | 'email', number>>;
}

const RECOMMENDED: ReadonlySet<Verdict> = new Set(['keep', 'add']);
/** Tie order for the primary channel: the one customers already have first. */
const PRIMARY_TIE_ORDER: readonly AdvisedChannel[] = ['whatsapp_business', 'email', 'telegram'];

/**
 * The primary channel: among keep/add channels within the margin of the best-reaching one, the
 * highest score (ties in PRIMARY_TIE_ORDER); with nothing recommended, the highest reach.
 */
export function choosePrimary(channels: Readonly<Record<AdvisedChannel, ChannelEvaluation>>): AdvisedChannel {
  const recommended = PRIMARY_TIE_ORDER.filter((c) => RECOMMENDED.has(channels[c].verdict));
  if (recommended.length === 0) {
    let best = PRIMARY_TIE_ORDER[0]!;
    for (const c of PRIMARY_TIE_ORDER) if (channels[c].reach.reach > channels[best].reach.reach) best = c;
    return best;
  }
  const bestReach = Math.max(...recommended.map((c) => channels[c].reach.reach));
  // Compare in thousandths so that 0.1 of margin is exact on the rounded reach figures.
  const margin = Math.round(MODEL.primaryReachMargin.value * 1000);
  const eligible = recommended.filter(
    (c) => Math.round(bestReach * 1000) - Math.round(channels[c].reach.reach * 1000) <= margin,
  );
  let best = eligible[0]!;
  for (const c of eligible) if (channels[c].score > channels[best].score) best = c;
  return best;
}

/**
 * Customers reachable on WhatsApp but not on x, as a percent of those reachable on WhatsApp,
 * assuming use of the two apps is independent within a decade.
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

/** The whole numeric result (always with detail: switching needs the decade profiles). */
export function evaluate(sit: Situation): Evaluation {
  const channels = {
    whatsapp_business: evaluateChannel(sit, 'whatsapp_business', true),
    telegram: evaluateChannel(sit, 'telegram', true),
    email: evaluateChannel(sit, 'email', true),
  };
  const wa = channels.whatsapp_business.reach.byDecade;
  return {
    channels,
    primary: choosePrimary(channels),
    switching: {
      telegram: customersLostPercent(sit.mix, wa, channels.telegram.reach.byDecade),
      email: customersLostPercent(sit.mix, wa, channels.email.reach.byDecade),
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
