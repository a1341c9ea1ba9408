/**
 * What would change the advice: for each advised channel, the smallest change of ONE answer that
 * moves its verdict up (toward recommending it) and the smallest that moves it down, searched on
 * the numeric core. Only changes the owner can make or measure count: a corrected age mix (a count
 * of customers), addresses collected, a poll or a count of customers on a channel (with a customer
 * poll: a typed count, which comes before the poll, from the figure the poll gave), and who answers
 * messages. (Concerns are the owner's judgement, not a lever: they are not offered.)
 *
 * Sizes are comparable in percentage points: moving the age mix, the email-on-file share or a
 * measured share by n points has size n; one step of who answers has the model's toggle size.
 *
 * Every percentage lever moves a channel's verdict one way only as its value rises, so the closest
 * whole value that moves it is found by bisection. Why: a verdict rises with the score and with
 * reach (thresholds, and the minimum reach to recommend), and the score rises with reach (positive
 * attention-weighted reach points outweigh the addresses still to collect) and with the addresses
 * on file; reach is the order of evidence's maximum of linear functions (evidence.ts), each
 * non-decreasing in every lever: the age lever moves the share under 30 to t proportionally within
 * the two groups, so every group's share, and the estimate (a weighted sum), is linear in t. The
 * floors of a busy channel and of the main channel are constant along a lever. The result is exact:
 * test/domain/what-would-change.test.ts checks it against a scan of every whole value, and checks
 * that no lever moves a verdict both ways.
 *
 * The main channel keeps its floor ("never skip") in every probe: a change that would make another
 * channel the main one is judged channel by channel, as the plan would show it before re-running.
 */
import { ADVISED_CHANNELS, type AdvisedChannel, TEAMS } from './answers.js';
import { CHANNEL_DEFINITIONS } from './channels.js';
import {
  clampScore,
  type Evaluation,
  effortPoints,
  evidenceInput,
  pointsBeforeEffort,
  type ScoreParts,
  type Situation,
  scoreOf,
  VERDICT_RANK,
  verdictFor,
} from './evaluate.js';
import { type EvidenceInput, estimateOf, type ReachEvidence, reachEvidence } from './evidence.js';
import { type Message, message } from './message.js';
import { MODEL } from './model.js';
import type { Verdict } from './plan-schema.js';
import { appName } from './reasons.js';

export interface Change {
  readonly channel: AdvisedChannel;
  readonly to: Verdict;
  readonly message: Message;
  /** The answer path that would change. */
  readonly path: string;
  /** Size of the change in percentage points (toggles: MODEL.toggleSize). */
  readonly size: number;
}

/** A found change; its message is written once the search is over. */
interface Found {
  readonly to: Verdict;
  readonly size: number;
  /** Toggle: its index in the team toggles; lever: -1. */
  readonly toggle: number;
  /** Lever: its kind and the value that flips the verdict. */
  readonly lever: number;
  readonly value: number;
}

/** Moves the share of customers under 30 to `target` (0-1), proportionally within the groups. */
export function shiftUnder30(mix: readonly number[], target: number): number[] {
  const out = [0, 0, 0, 0, 0, 0];
  shiftInto(out, mix, target);
  return out;
}

function shiftInto(out: number[], mix: readonly number[], target: number): void {
  const young = mix[0]! + mix[1]!;
  const old = 1 - young;
  for (let d = 0; d < mix.length; d++) {
    const s = mix[d]!;
    if (d < 2) out[d] = young > 0 ? (s * target) / young : target / 2;
    else out[d] = old > 0 ? (s * (1 - target)) / old : (1 - target) / 4;
  }
}

/** The percentage levers, in search order (ties go to the earlier one). */
const AGE = 0;
const EMAIL_ON_FILE = 1;
const KNOWN_TELEGRAM = 2;
const KNOWN_WHATSAPP = 3;
const LEVER_COUNT = 4;
const LEVER_PATH = [
  'customers.ageMix',
  'customers.emailOnFilePercent',
  'customers.knownChannelUse.telegram',
  'customers.knownChannelUse.whatsapp_business',
] as const;
/** The channel a poll lever measures. */
const LEVER_CHANNEL: readonly (AdvisedChannel | undefined)[] = [
  undefined,
  'email',
  'telegram',
  'whatsapp_business',
];

/** Channel indexes (ADVISED_CHANNELS order) each lever can move. */
const ALL = [0, 1, 2] as const;
const LEVER_CHANNELS: readonly (readonly number[])[] = [ALL, [2], [1], [0]];

/** Direction index: 0 up (toward recommending), 1 down. */
const UP = 0;
const DOWN = 1;

/** A channel's evidence input, which the probes change one lever at a time. */
type ProbeInput = { -readonly [K in keyof EvidenceInput]: EvidenceInput[K] };

/** The search state for one Situation: base verdicts, fixed parts, scratch space, best so far. */
interface Search {
  readonly sit: Situation;
  /** Verdict rank of each channel today. */
  readonly rank: number[];
  readonly parts: ScoreParts[];
  /** Each channel's evidence input today (made once: probes set the lever's field on it). */
  readonly inputs: ProbeInput[];
  /** Each channel's estimate today: only the age lever moves it. */
  readonly estimates: number[];
  /** Scratch age mix for the age lever, and the value it was made for. */
  readonly mix: number[];
  mixValue: number;
  /** Best change per channel x direction (index c * 2 + dir). */
  readonly best: (Found | undefined)[];
  /** The unclamped score of the last probe (to aim the bisection). */
  score: number;
}

function newSearch(sit: Situation, evaluation: Evaluation): Search {
  return {
    sit,
    rank: CHANNEL_DEFINITIONS.map((d) => VERDICT_RANK[evaluation.channels[d.id].verdict]),
    parts: CHANNEL_DEFINITIONS.map((d) => evaluation.channels[d.id].parts),
    inputs: CHANNEL_DEFINITIONS.map((d) => evidenceInput(sit, d, sit.mix, sit.known[d.id], sit.emailOnFile)),
    estimates: CHANNEL_DEFINITIONS.map((d) => evaluation.channels[d.id].reach.estimate),
    mix: [0, 0, 0, 0, 0, 0],
    mixValue: Number.NaN,
    best: [undefined, undefined, undefined, undefined, undefined, undefined],
    score: Number.NaN,
  };
}

/** A channel's verdict from its evidence (the same arithmetic as evaluateChannel). */
function verdictOf(parts: ScoreParts, r: ReachEvidence): Verdict {
  return verdictFor(clampScore(scoreOf(parts, r, undefined)), parts, r.reach);
}

/**
 * The verdict of channel `ci` with lever `lever` set to `value` percent: the channel's evidence
 * with that one answer changed (the age mix moves the estimate; a poll share or the addresses on
 * file its own field), scored as evaluateChannel scores it.
 */
function probe(s: Search, lever: number, value: number, ci: number): Verdict {
  const sit = s.sit;
  const input = s.inputs[ci]!;
  let estimate = s.estimates[ci]!;
  input.known = sit.known[ADVISED_CHANNELS[ci]!];
  input.onFile = sit.emailOnFile;
  switch (lever) {
    case AGE:
      if (s.mixValue !== value) {
        shiftInto(s.mix, sit.mix, value / 100);
        s.mixValue = value;
      }
      estimate = estimateOf(s.mix, input.byDecade);
      break;
    case EMAIL_ON_FILE:
      input.onFile = value / 100;
      break;
    case KNOWN_TELEGRAM:
    case KNOWN_WHATSAPP:
      input.known = value / 100;
      break;
    default:
      throw new Error(`Unknown lever ${lever}.`);
  }
  const parts = s.parts[ci]!;
  const r = reachEvidence(input, estimate);
  s.score = scoreOf(parts, r, undefined);
  return verdictFor(clampScore(s.score), parts, r.reach);
}

/** The verdict the search sees for channel `ci` with a lever at `value` percent (its test's hook). */
export function probeVerdict(
  sit: Situation,
  evaluation: Evaluation,
  lever: number,
  value: number,
  ci: number,
): Verdict {
  return probe(newSearch(sit, evaluation), lever, value, ci);
}

/** -1: no change of verdict; else the direction index of the change from today's verdict. */
function directionOf(s: Search, ci: number, v: Verdict): number {
  const delta = VERDICT_RANK[v] - s.rank[ci]!;
  return delta > 0 ? UP : delta < 0 ? DOWN : -1;
}

/** Keeps the smaller change; on a tie, the one found first (toggles, then levers in order). */
function keep(s: Search, pair: number, found: Found): void {
  const current = s.best[pair];
  if (current === undefined || found.size < current.size) s.best[pair] = found;
}

function bound(s: Search, pair: number): number {
  return s.best[pair]?.size ?? Number.POSITIVE_INFINITY;
}

/**
 * The current value of a lever in percent. A poll lever starts from the figure the plan shows
 * without a poll (so a poll confirming it changes nothing); the addresses on file from the
 * owner's figure, else from where the plan stands without one: all of email's reach when email is
 * in use (nothing left to collect), none when it is not.
 */
export function leverCurrent(s: { readonly sit: Situation }, lever: number, evaluation: Evaluation): number {
  const sit = s.sit;
  switch (lever) {
    case AGE:
      return (sit.mix[0]! + sit.mix[1]!) * 100;
    case EMAIL_ON_FILE: {
      if (sit.emailOnFile !== undefined) return sit.emailOnFile * 100;
      return sit.listed.email ? evaluation.channels.email.reach.reach * 100 : 0;
    }
    default: {
      const c = LEVER_CHANNEL[lever]!;
      const known = sit.known[c];
      if (known !== undefined) return known * 100;
      // With a customer poll, a typed share would replace the figure the poll gave.
      const r = evaluation.channels[c].reach;
      return sit.poll[c] !== undefined ? r.reach * 100 : r.unpolled * 100;
    }
  }
}

/**
 * Searches one lever outward from its current value (up, then down) for the closest whole value
 * that moves each channel's verdict, where one exists. The verdict moves one way only along a
 * lever (module comment): one probe at the far end tells whether anything moves, and bisection
 * finds the first value that does. Branch and bound: a pair (channel, direction) is searched only
 * closer than the best change already found for it (ties keep the earlier find).
 */
function searchLever(s: Search, lever: number, current: number): void {
  const channels = LEVER_CHANNELS[lever]!;
  for (let sign = 1; sign >= -1; sign -= 2) {
    const start = sign > 0 ? Math.ceil(current) : Math.floor(current);
    const edge = sign > 0 ? 100 : 0;
    for (const ci of channels) searchSegment(s, lever, ci, current, start, edge, sign);
  }
}

const EITHER = -1;
const NEITHER = -2;

/**
 * The one direction in which moving lever `lever` toward `sign` can move channel `ci`'s verdict,
 * known before any probe: a verdict at the top (keep, add) can only fall and one at the bottom
 * (skip) only rise; a poll share or the addresses on file only ever raise the channel they
 * measure (the module comment; what-would-change.test.ts checks it), so raising one can only
 * move it up and lowering one only down. EITHER, or NEITHER when no change is possible.
 */
function onlyDirection(s: Search, lever: number, ci: number, sign: number): number {
  const rank = s.rank[ci]!;
  const canRise = rank < TOP_RANK && (lever === AGE || sign > 0);
  const canFall = rank > 0 && (lever === AGE || sign < 0);
  return canRise && canFall ? EITHER : canRise ? UP : canFall ? DOWN : NEITHER;
}

/** The highest verdict rank (keep or add). */
const TOP_RANK = Math.max(...Object.values(VERDICT_RANK));

/** Searches the values from `first` to `last` (toward `sign`) for channel `ci`. */
function searchSegment(
  s: Search,
  lever: number,
  ci: number,
  current: number,
  first: number,
  last: number,
  sign: number,
): void {
  const only = onlyDirection(s, lever, ci, sign);
  if (only === NEITHER) return;
  // The furthest value worth probing: closer than the bound of the one direction it can move,
  // else than the larger of the channel's two bounds.
  let far = furthest(
    current,
    first,
    last,
    sign,
    only === EITHER ? Math.max(bound(s, ci * 2 + UP), bound(s, ci * 2 + DOWN)) : bound(s, ci * 2 + only),
  );
  if (far === undefined) return;
  let farVerdict = probe(s, lever, far, ci);
  let farScore = s.score;
  const dir = directionOf(s, ci, farVerdict);
  if (dir === -1) return;
  const pair = ci * 2 + dir;
  // The flip found belongs to one pair: stay closer than that pair's own bound.
  const limit = furthest(current, first, last, sign, bound(s, pair));
  if (limit === undefined) return;
  if (limit !== far) {
    far = limit;
    farVerdict = probe(s, lever, far, ci);
    farScore = s.score;
    if (directionOf(s, ci, farVerdict) !== dir) return;
  }
  // `first` may already have moved (a current value between two whole values).
  let nearScore = Number.NaN;
  if (far !== first) {
    const firstVerdict = probe(s, lever, first, ci);
    nearScore = s.score;
    if (directionOf(s, ci, firstVerdict) === dir) {
      keep(s, pair, { to: firstVerdict, size: sizeOf(first, current), toggle: -1, lever, value: first });
      return;
    }
  } else {
    keep(s, pair, { to: farVerdict, size: sizeOf(far, current), toggle: -1, lever, value: far });
    return;
  }
  // Between `near` (not moved this way) and `far` (moved), to one whole point. First one aimed
  // guess: the score is linear in the lever between its kinks, so the value where it crosses
  // the threshold between the two verdicts is most often the first that moves, and it and its
  // neighbour settle it. Then bisection. Any value probed inside the bracket keeps the result
  // exact (the verdict moves one way only); the guess only saves probes.
  let near = first;
  const guess = aimedGuess(near, nearScore, far, farScore, flipScore(s.parts[ci]!, s.rank[ci]!, dir), sign);
  if (guess !== undefined) {
    const gv = probe(s, lever, guess, ci);
    // The neighbour on the other side of the crossing, if still inside the bracket.
    const next = directionOf(s, ci, gv) === dir ? guess - sign : guess + sign;
    if (directionOf(s, ci, gv) === dir) {
      far = guess;
      farVerdict = gv;
    } else near = guess;
    if (next !== near && next !== far) {
      const nv = probe(s, lever, next, ci);
      if (directionOf(s, ci, nv) === dir) {
        far = next;
        farVerdict = nv;
      } else near = next;
    }
  }
  while (Math.abs(far - near) > 1) {
    const mid = Math.trunc((near + far) / 2);
    const mv = probe(s, lever, mid, ci);
    if (directionOf(s, ci, mv) === dir) {
      far = mid;
      farVerdict = mv;
    } else near = mid;
  }
  keep(s, pair, { to: farVerdict, size: sizeOf(far, current), toggle: -1, lever, value: far });
}

/**
 * The unclamped score at which a channel of rank `rank` moves one verdict in direction `dir`:
 * its verdict's threshold, less the half point that rounding (clampScore) gives. (A move made by
 * the minimum reach to recommend instead only makes the aimed guess miss.)
 */
function flipScore(parts: ScoreParts, rank: number, dir: number): number {
  const t = MODEL.thresholds;
  const consider = parts.inUse ? t.considerInUse.value : t.considerNew.value;
  const top = parts.inUse ? t.keep.value : t.add.value;
  // Up from skip or down from consider crosses the consider threshold; the others the top one.
  const crossesConsider = dir === UP ? rank === 0 : rank === 1;
  return (crossesConsider ? consider : top) - 0.5;
}

/**
 * The whole value strictly between `near` and `far` where the score, interpolated linearly
 * between its values there, first reaches `target` in the direction `sign`; undefined when there
 * is no such value or the scores do not tell.
 */
function aimedGuess(
  near: number,
  nearScore: number,
  far: number,
  farScore: number,
  target: number,
  sign: number,
): number | undefined {
  if (Math.abs(far - near) <= 1 || nearScore === farScore) return undefined;
  const at = near + ((far - near) * (target - nearScore)) / (farScore - nearScore);
  if (!Number.isFinite(at)) return undefined;
  const guess = sign > 0 ? Math.ceil(at) : Math.floor(at);
  // Strictly inside the bracket (near has not moved, far has).
  return sign > 0
    ? Math.min(far - 1, Math.max(near + 1, guess))
    : Math.max(far + 1, Math.min(near - 1, guess));
}

/**
 * The size of moving a lever from `current` to `value`, in percentage points, to a millionth of a
 * point: floating-point noise (29.000000000000004 is under 30's share for 18.6 + 10.4) must not
 * make a move of 10 points look smaller than a toggle of 10; equal sizes keep the earlier find.
 */
export function sizeOf(value: number, current: number): number {
  return Math.round(Math.abs(value - current) * 1e6) / 1e6;
}

/**
 * The whole value furthest from `start` toward `edge` whose size (sizeOf) is below `limit`;
 * undefined when even `start`'s is not. Decided by sizeOf itself, not by current ± limit, which
 * rounds differently near the boundary.
 */
function furthest(
  current: number,
  start: number,
  edge: number,
  sign: number,
  limit: number,
): number | undefined {
  if (!(sizeOf(start, current) < limit)) return undefined;
  if (!Number.isFinite(limit)) return edge;
  let value =
    sign > 0 ? Math.min(edge, Math.floor(current + limit)) : Math.max(edge, Math.ceil(current - limit));
  if (sign > 0 ? value < start : value > start) value = start;
  while (value !== start && !(sizeOf(value, current) < limit)) value -= sign;
  while (value !== edge && sizeOf(value + sign, current) < limit) value += sign;
  return value;
}

/**
 * The current value as the sentence shows it beside the whole value `to`: whole, unless that reads
 * as `to` itself ("only 26% under 30 (you said 26%)" for 26.4%); then with as few decimals as
 * tell them apart (26.4%), to the millionth of a point that sizes a move (sizeOf).
 */
export function shownFrom(current: number, to: number): number {
  for (let digits = 0; digits < 6; digits++) {
    const scale = 10 ** digits;
    const shown = Math.round(current * scale) / scale;
    if (shown !== to) return shown;
  }
  return Math.round(current * 1e6) / 1e6;
}

/** The words for a lever set to a value, with its direction ("at least", "or fewer"). */
function describeLever(s: Search, lever: number, value: number, current: number): Message {
  const sit = s.sit;
  const up = value >= current;
  const from = shownFrom(current, value);
  switch (lever) {
    case AGE:
      return message(up ? 'engine.change.under30_rise' : 'engine.change.under30_fall', { from, to: value });
    case EMAIL_ON_FILE:
      return sit.emailOnFile === undefined
        ? message(up ? 'engine.change.email_on_file_new' : 'engine.change.email_on_file_new_down', {
            to: value,
          })
        : message(up ? 'engine.change.email_on_file' : 'engine.change.email_on_file_down', {
            from,
            to: value,
          });
    default: {
      const c = LEVER_CHANNEL[lever]!;
      // Customers use the app (WhatsApp), whichever app the business answers from.
      const app = appName(c);
      const how =
        sit.known[c] !== undefined
          ? 'known'
          : sit.poll[c] !== undefined
            ? 'polled'
            : sit.listed[c]
              ? 'count'
              : 'poll';
      return message(`engine.change.${how}.${up ? 'up' : 'down'}`, {
        app,
        to: value,
        from,
      });
    }
  }
}

/**
 * The smallest single-answer change that moves each advised channel's verdict up, and the
 * smallest that moves it down, where one exists. Order: channels as ADVISED_CHANNELS, up first.
 */
export function whatWouldChange(sit: Situation, evaluation: Evaluation): Change[] {
  const s = newSearch(sit, evaluation);
  const parts = s.parts;
  // Toggles first (who answers messages): cheap, and their fixed size bounds the numeric searches.
  // A toggle moves only the effort of a new inbox (the last of the other points, so the points
  // before it are summed once per channel); reach stays as it is. Each pair of channel and
  // direction still sees the teams in order, so ties keep the first team.
  const teams = TEAMS.filter((t) => t !== sit.team);
  for (const def of CHANNEL_DEFINITIONS) {
    // Who answers changes only the effort of a new inbox.
    if (sit.listed[def.id]) continue;
    const ci = def.index;
    const base = parts[ci]!;
    const before = pointsBeforeEffort(sit, def.id, undefined);
    for (let i = 0; i < teams.length; i++) {
      const toggled: ScoreParts = { ...base, other: before + effortPoints(teams[i]!) };
      const v = verdictOf(toggled, evaluation.channels[def.id].reach);
      const dir = directionOf(s, ci, v);
      if (dir !== -1)
        keep(s, ci * 2 + dir, { to: v, size: MODEL.toggleSize.value, toggle: i, lever: -1, value: 0 });
    }
  }
  const currents: number[] = [];
  for (let lever = 0; lever < LEVER_COUNT; lever++) {
    currents.push(leverCurrent(s, lever, evaluation));
    searchLever(s, lever, currents[lever]!);
  }
  const changes: Change[] = [];
  for (let ci = 0; ci < ADVISED_CHANNELS.length; ci++) {
    for (let dir = UP; dir <= DOWN; dir++) {
      const found = s.best[ci * 2 + dir];
      if (found === undefined) continue;
      const team = found.toggle >= 0 ? teams[found.toggle]! : undefined;
      changes.push({
        channel: ADVISED_CHANNELS[ci]!,
        to: found.to,
        message:
          team === undefined
            ? describeLever(s, found.lever, found.value, currents[found.lever]!)
            : message(`engine.change.team.${team}`),
        path: team === undefined ? LEVER_PATH[found.lever]! : 'team',
        size: found.size,
      });
    }
  }
  return changes;
}
