/**
 * The order of evidence (model 2), coded once: how a channel's reach among the owner's customers
 * follows from what is known, strongest first. Every caller (the plan, whatWouldChange's probes,
 * the reasons) gets reach from here.
 *
 * 1. What the owner measured is a fact about these customers. A share the owner typed
 *    (knownChannelUse) replaces the estimate; for email, the share of customers whose address the
 *    owner has (emailOnFilePercent) is a floor: at least that many can be emailed. Neither is ever
 *    shown or used below what the owner entered, nor pulled toward the middle.
 * 1b. The owner's customer poll (customers.poll, decision 025): k of the n customers who answered
 *    use the app. Those who answered are a sample (phone users who scanned a QR code), not all
 *    customers, so the poll is added to the figure Kanal would show without it (the estimate, or
 *    the traffic floor), that figure counting as MODEL.pollPriorAnswers answers:
 *    reach = (n0 * figure + k) / (n0 + n). The counts themselves are shown as they are. A typed
 *    share (1.) comes first: the owner typed it knowing the poll, perhaps from a count of all
 *    customers. The addresses on file stay a floor under email's reach.
 * 2. What the owner's traffic shows: a channel carrying a share of the messages is used by many
 *    customers, whatever a survey says; it sets a floor under the estimate
 *    (MODEL.trafficReachFloor x share). A measurement (1.) outranks it.
 * 3. The data: national figures for the owner's country, else a regional table, else the world
 *    table (adoption.ts chooses; the tier is recorded). The weakest evidence: it only fills in
 *    where the owner's own evidence says nothing, and can never lower a floor above.
 *
 * Uncertainty is symmetric: no estimate is shrunk or pulled because its confidence is low, so a
 * poll that confirms the figure Kanal showed gives the same reach, the same score and the same
 * verdict, with higher confidence. Reach is a maximum of linear functions of the age mix, so a
 * one-point change in the mix moves it by at most one point (no cliff where a floor starts).
 */
import type { DataTier } from './adoption.js';
import { MODEL } from './model.js';
import { blendMean } from './poll.js';

export type { DataTier };

/** Which evidence decided a channel's reach, strongest first. */
export const EVIDENCE = ['measured', 'on_file', 'poll', 'traffic', 'country', 'region', 'world'] as const;
export type EvidenceKind = (typeof EVIDENCE)[number];

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function weighted(mix: readonly number[], p: readonly number[]): number {
  let sum = 0;
  for (let d = 0; d < mix.length; d++) sum += mix[d]! * p[d]!;
  return sum;
}

/** What the order of evidence needs to know about one channel for one owner. */
export interface EvidenceInput {
  /** Adoption by age group from the data (AGE_GROUPS order). */
  readonly byDecade: readonly number[];
  readonly tier: DataTier;
  /** The customers' age mix (sums to 1). */
  readonly mix: readonly number[];
  /** The share the owner typed (0-1), if given. */
  readonly known: number | undefined;
  /** The owner's customer poll for this channel: k (withheld: its stand-in) of n answers. */
  readonly poll: PollInput | undefined;
  /** The channel is reachable only at collected addresses (email) and the owner's share on file. */
  readonly needsAddresses: boolean;
  readonly onFile: number | undefined;
  /** The channel (or one reaching the same people) is in use, and its share of the messages (0-1). */
  readonly listed: boolean;
  readonly share: number;
}

/** A channel's poll as the engine uses it (evaluate.ts makes it from Answers customers.poll). */
export interface PollInput {
  /** The count used: as stored, or the stand-in of a withheld one (poll.ts evidenceCount). */
  readonly k: number;
  readonly n: number;
}

export interface ReachEvidence {
  /** Share of the owner's customers reachable, rounded to 3 decimals (the figure shown and used). */
  readonly reach: number;
  /** Reach from the data alone, rounded to 3 decimals. */
  readonly estimate: number;
  /** What reach would be without a poll: the figure a confirming poll repeats. */
  readonly unpolled: number;
  /** The figure a customer poll is added to: the estimate, or the traffic floor above it. */
  readonly prior: number;
  /** The evidence that decided `reach`. */
  readonly kind: EvidenceKind;
  /**
   * Needs addresses: the share of customers who could be reached once their address is collected
   * (reach minus the addresses on file; all of reach when none are known and the channel is not
   * in use; none when it is in use and the owner did not say how many).
   */
  readonly toCollect: number;
}

/** The floor the owner's traffic sets (0 when the channel is not in use). */
export function trafficFloor(listed: boolean, share: number): number {
  return listed ? round3(MODEL.trafficReachFloor.value * share) : 0;
}

/** Reach from the data alone: the age mix weighted by the data's adoption by age, rounded. */
export function estimateOf(mix: readonly number[], byDecade: readonly number[]): number {
  return round3(weighted(mix, byDecade));
}

/**
 * Reach by the order of evidence. `estimate` is estimateOf(e.mix, e.byDecade), which
 * whatWouldChange's probes pass in: only the age mix moves it, so the other levers reuse it.
 */
export function reachEvidence(e: EvidenceInput, estimate = estimateOf(e.mix, e.byDecade)): ReachEvidence {
  let unpolled = estimate;
  let kind: EvidenceKind = e.tier;
  const floor = trafficFloor(e.listed, e.share);
  if (floor > unpolled) {
    unpolled = floor;
    kind = 'traffic';
  }
  const prior = unpolled;
  let reach = unpolled;
  if (e.known !== undefined) {
    reach = round3(e.known);
    kind = 'measured';
  } else if (e.poll !== undefined) {
    reach = round3(blendMean(prior, e.poll.k, e.poll.n));
    kind = 'poll';
  }
  if (e.needsAddresses && e.onFile !== undefined) {
    const onFile = round3(e.onFile);
    if (onFile > reach) {
      reach = onFile;
      kind = 'on_file';
    }
    if (onFile > unpolled) unpolled = onFile;
  }
  let toCollect = 0;
  if (e.needsAddresses) {
    if (e.onFile !== undefined) toCollect = Math.max(0, reach - round3(e.onFile));
    else if (!e.listed) toCollect = reach;
  }
  return { reach, estimate, unpolled, prior, kind, toCollect };
}

/** The strongest evidence is the owner's own (a typed share, addresses on file, or a customer poll). */
export function isOwnMeasurement(kind: EvidenceKind): boolean {
  return kind === 'measured' || kind === 'on_file' || kind === 'poll';
}

/**
 * Scales a decade profile by k so that sum s(d) * min(1, k * p(d)) equals the target share:
 * the owner's figure sets the level, the data keeps the age shape. The sum is piecewise linear in
 * k (a group saturates at k = 1 / p(d)), so k is solved exactly: saturate groups from the most
 * used down until the linear part meets the target. (The plain bisection this replaces is the
 * reference in test/domain/evidence.test.ts.) Groups where nobody uses the channel stay at 0
 * unless the target cannot be met otherwise; with no usable shape at all the profile is flat.
 */
export function scaleToShare(p: readonly number[], mix: readonly number[], target: number): number[] {
  let reachable = 0;
  let linear = 0;
  for (let d = 0; d < p.length; d++) {
    if (p[d]! > 0) {
      reachable += mix[d]!;
      linear += mix[d]! * p[d]!;
    }
  }
  if (target >= reachable - 1e-13) {
    // Every user-bearing group saturates; the rest is shared evenly by the others.
    const rest = reachable >= 1 ? 0 : Math.min(1, (target - reachable) / (1 - reachable));
    const filled: number[] = [];
    for (const x of p) filled.push(x > 0 ? 1 : rest);
    return filled;
  }
  // Groups in the order they saturate (the most used first; ties by index, for determinism).
  const order = [0, 1, 2, 3, 4, 5].slice(0, p.length).filter((d) => p[d]! > 0);
  order.sort((a, b) => p[b]! - p[a]! || a - b);
  let saturated = 0;
  let k = 0;
  for (const d of order) {
    k = linear > 0 ? (target - saturated) / linear : 0;
    if (k * p[d]! <= 1) break;
    // Group d saturates before the target is met: it gives its whole share, no longer k * p(d).
    saturated += mix[d]!;
    linear -= mix[d]! * p[d]!;
    k = 1 / p[d]!;
  }
  const scaled: number[] = [];
  for (const x of p) scaled.push(Math.min(1, k * x));
  return scaled;
}

/** Adoption by age group after the evidence: the data's shape, scaled to the reach it decided. */
export function profileAfter(
  byDecade: readonly number[],
  mix: readonly number[],
  r: ReachEvidence,
): readonly number[] {
  return r.reach === r.estimate ? byDecade : scaleToShare(byDecade, mix, r.reach);
}
