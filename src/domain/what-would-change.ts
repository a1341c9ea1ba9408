/**
 * What would change the advice: for each advised channel, the smallest change of ONE answer that
 * moves its verdict up (toward recommending it) and the smallest that moves it down, searched on
 * the numeric core.
 *
 * Sizes are comparable in percentage points: moving the age mix, the email-on-file share or a
 * measured share by n points has size n; a yes/no answer or one step of a choice (privacy level,
 * who answers) has the model's fixed toggle size.
 *
 * A percentage lever almost always moves a channel's verdict one way only as its value rises, and
 * then the closest whole value that moves it is found by bisection. Why: a verdict rises with the
 * score and with reach (thresholds, and the minimum reach to recommend), and the score rises with
 * reach and with the estimate (positive weights and a positive low-confidence slope). Each lever
 * moves reach one way: email on file and a measured share raise it or leave it; the age lever
 * moves the share under 30 to t proportionally within the two groups, so every decade's share,
 * and with it reach (a weighted sum), is linear in t. The one exception (splitAt): email under the
 * age lever, when a rough estimate meets the owner's share of addresses on file, where the score
 * can drop as the estimate passes the cap; the values on each side of the cap are searched apart.
 * Either way the result is exact: test/domain/what-would-change.test.ts checks it against a scan
 * of every whole value, and checks that no other lever or channel moves both ways.
 *
 * Speed (docs/engine.md): a probe is one channel's verdict from verdictAt (no allocation), with
 * what no lever changes (profile, points of the other factors) looked up once per channel.
 */
import {
  ADVISED_CHANNELS,
  type AdvisedChannel,
  PRIVACY_LEVELS,
  type PrivacyLevel,
  TEAMS,
  type Team,
} from './answers.js';
import {
  answerPoints,
  concernFactors,
  concernPoints,
  DATA_CHANNEL,
  isNew,
  type ReachResult,
  reachOf,
  round3,
  type Situation,
  VERDICT_RANK,
  verdictAt,
  verdictFromParts,
  weighted,
} from './evaluate.js';
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
  /** Toggle: its index in toggles(); lever: -1. */
  readonly toggle: number;
  /** Lever: its kind and the value that flips the verdict. */
  readonly lever: number;
  readonly value: number;
}

const pct = (share: number) => Math.round(share * 100);

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

/** Channel indexes (ADVISED_CHANNELS order) each lever can move. */
const ALL = [0, 1, 2] as const;
const LEVER_CHANNELS: readonly (readonly number[])[] = [ALL, [2], [1], [0]];

/** Direction index: 0 up (toward recommending), 1 down. */
const UP = 0;
const DOWN = 1;

/** What a probe of one channel needs that no lever changes, looked up once per search. */
interface ChannelFixed {
  readonly byDecade: readonly number[];
  readonly lowConfidence: boolean;
  readonly inUse: boolean;
  readonly isEmail: boolean;
  /** Points of the factors no toggle changes (answerPoints). */
  readonly answerPoints: number;
  /** Points of every factor other than reach, for the current answers. */
  readonly other: number;
  /** A new inbox (pays the effort points). */
  readonly isNew: boolean;
  /** Reach and its parts for the current answers (toggles leave them as they are). */
  readonly reach: ReachResult;
}

/** The search state for one Situation: base verdicts, fixed parts, scratch space, best so far. */
interface Search {
  readonly sit: Situation;
  /** Verdict rank of each channel today. */
  readonly rank: number[];
  readonly fixed: ChannelFixed[];
  /** Scratch age mix for the age lever, and the value it was made for. */
  readonly mix: number[];
  mixValue: number;
  /** Best change per channel x direction (index c * 2 + dir). */
  readonly best: (Found | undefined)[];
}

/** The verdict of channel `ci` with lever `lever` set to `value` percent. */
function probe(s: Search, lever: number, value: number, ci: number): Verdict {
  const sit = s.sit;
  const f = s.fixed[ci]!;
  const known = sit.known[ADVISED_CHANNELS[ci]!];
  switch (lever) {
    case AGE:
      if (s.mixValue !== value) {
        shiftInto(s.mix, sit.mix, value / 100);
        s.mixValue = value;
      }
      return verdictAt(
        f.byDecade,
        f.lowConfidence,
        f.inUse,
        f.isEmail,
        s.mix,
        known,
        sit.emailOnFile,
        f.other,
      );
    case EMAIL_ON_FILE:
      return verdictAt(f.byDecade, f.lowConfidence, f.inUse, f.isEmail, sit.mix, known, value / 100, f.other);
    case KNOWN_TELEGRAM:
    case KNOWN_WHATSAPP:
      return verdictAt(
        f.byDecade,
        f.lowConfidence,
        f.inUse,
        f.isEmail,
        sit.mix,
        value / 100,
        sit.emailOnFile,
        f.other,
      );
  }
  throw new Error(`Unknown lever ${lever}.`);
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

/** The current value of a lever in percent (the estimate when the owner gave none). */
function leverCurrent(sit: Situation, lever: number): number {
  switch (lever) {
    case AGE:
      return (sit.mix[0]! + sit.mix[1]!) * 100;
    case EMAIL_ON_FILE: {
      if (sit.emailOnFile !== undefined) return sit.emailOnFile * 100;
      const known = sit.known.email;
      return pct(known === undefined ? estimateOf(sit, 'email') : round3(known));
    }
    default: {
      const c = lever === KNOWN_WHATSAPP ? 'whatsapp_business' : 'telegram';
      const known = sit.known[c];
      return known === undefined ? pct(estimateOf(sit, c)) : known * 100;
    }
  }
}

/** Reach from the national estimate alone, rounded as the plan shows it. */
function estimateOf(sit: Situation, c: AdvisedChannel): number {
  return round3(weighted(sit.mix, sit.profile.channels[c === 'whatsapp_business' ? 'whatsapp' : c].byDecade));
}

/**
 * Searches one lever outward from its current value (up, then down) for the closest whole value
 * that moves each channel's verdict, where one exists. Along each direction the values form at
 * most two segments in which the verdict moves one way only (see the module comment): one probe
 * at the far end of a segment tells whether anything moves there, and bisection finds the first
 * value that does. Branch and bound: a pair (channel, direction) is searched only closer than the
 * best change already found for it (ties keep the earlier find), so the toggles and earlier
 * levers narrow the range.
 */
function searchLever(s: Search, lever: number): void {
  const current = leverCurrent(s.sit, lever);
  const channels = LEVER_CHANNELS[lever]!;
  for (let sign = 1; sign >= -1; sign -= 2) {
    const start = sign > 0 ? Math.ceil(current) : Math.floor(current);
    const edge = sign > 0 ? 100 : 0;
    for (const ci of channels) {
      const split = splitAt(s, lever, ci, start, edge);
      if (split === undefined) searchSegment(s, lever, ci, current, start, edge, sign, true);
      else {
        if (split !== start) searchSegment(s, lever, ci, current, start, split - sign, sign, true);
        searchSegment(s, lever, ci, current, split, edge, sign, false);
      }
    }
  }
}

/**
 * Where the verdict may turn back along a lever: for email under the age lever, when its figure is
 * a rough (low-confidence) estimate and the owner gave the share of addresses on file. Below that
 * share the score is the estimate pulled toward the middle; above it the reach is capped at the
 * measured share and nothing is pulled, so the score can drop as the estimate rises past the cap.
 * The estimate is linear in the lever, so it passes the cap once at most: the first whole value
 * from `start` toward `edge` on the other side of it, or undefined when there is none.
 */
function splitAt(s: Search, lever: number, ci: number, start: number, edge: number): number | undefined {
  const f = s.fixed[ci]!;
  const onFile = s.sit.emailOnFile;
  if (
    lever !== AGE ||
    !f.isEmail ||
    !f.lowConfidence ||
    onFile === undefined ||
    s.sit.known.email !== undefined
  )
    return undefined;
  const capped = (value: number) => {
    const mix = [0, 0, 0, 0, 0, 0];
    shiftInto(mix, s.sit.mix, value / 100);
    return onFile < weighted(mix, f.byDecade);
  };
  const atStart = capped(start);
  if (capped(edge) === atStart) return undefined;
  let near = start;
  let far = edge;
  while (Math.abs(far - near) > 1) {
    const mid = Math.trunc((near + far) / 2);
    if (capped(mid) === atStart) near = mid;
    else far = mid;
  }
  return far;
}

/**
 * Searches the values from `first` to `last` (toward `sign`), where channel `ci`'s verdict moves
 * one way only. `fromToday`: the segment starts next to the current value, where the verdict is
 * today's, so a far end that moves nothing means nothing between moves either.
 */
function searchSegment(
  s: Search,
  lever: number,
  ci: number,
  current: number,
  first: number,
  last: number,
  sign: number,
  fromToday: boolean,
): void {
  // The furthest value worth probing: closer than the larger of the channel's two bounds.
  let far = furthest(current, first, last, sign, Math.max(bound(s, ci * 2 + UP), bound(s, ci * 2 + DOWN)));
  if (far === undefined) return;
  let farVerdict = probe(s, lever, far, ci);
  const dir = directionOf(s, ci, farVerdict);
  // A segment that does not start from today's verdict may start moved the other way.
  const firstVerdict = far === first || (fromToday && dir === -1) ? farVerdict : probe(s, lever, first, ci);
  const firstDir = directionOf(s, ci, firstVerdict);
  if (firstDir !== -1)
    keep(s, ci * 2 + firstDir, {
      to: firstVerdict,
      size: sizeOf(first, current),
      toggle: -1,
      lever,
      value: first,
    });
  if (dir === -1 || dir === firstDir) return;
  const pair = ci * 2 + dir;
  // The flip found belongs to one pair: stay closer than that pair's own bound.
  const limit = furthest(current, first, last, sign, bound(s, pair));
  if (limit === undefined) return;
  if (limit !== far) {
    far = limit;
    farVerdict = probe(s, lever, far, ci);
    if (directionOf(s, ci, farVerdict) !== dir) return;
  }
  // Bisection between `near` (not moved this way) and `far` (moved), to one whole point.
  let near = first;
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
  const within = (value: number) => sizeOf(value, current) < limit;
  if (!within(start)) return undefined;
  if (!Number.isFinite(limit)) return edge;
  let value =
    sign > 0 ? Math.min(edge, Math.floor(current + limit)) : Math.max(edge, Math.ceil(current - limit));
  if (sign > 0 ? value < start : value > start) value = start;
  while (value !== start && !within(value)) value -= sign;
  while (value !== edge && within(value + sign)) value += sign;
  return value;
}

/** A yes/no or multiple-choice answer set to another value. */
interface Toggle {
  readonly path: string;
  readonly size: number;
  readonly privacy: PrivacyLevel;
  readonly competitor: boolean;
  readonly platform: boolean;
  readonly team: Team;
  readonly key: string;
  /** Per channel (ADVISED_CHANNELS order): the concerns' points with this toggle (concernFactors). */
  readonly addends: readonly (readonly number[])[];
  /** The effort of a new inbox with this toggle's team. */
  readonly effort: number;
}

/**
 * The toggles of a situation depend only on its concerns and team (3 x 2 x 2 x 3 combinations),
 * so each list is made once and shared (frozen).
 */
const toggleLists: (readonly Toggle[] | undefined)[] = [];

function toggles(sit: Situation): readonly Toggle[] {
  // The combination's index (a number: no key string to build for every plan).
  const id =
    ((PRIVACY_LEVELS.indexOf(sit.privacy) * 2 + (sit.competitor ? 1 : 0)) * 2 + (sit.platform ? 1 : 0)) *
      TEAMS.length +
    TEAMS.indexOf(sit.team);
  let list = toggleLists[id];
  if (list === undefined) {
    list = Object.freeze(makeToggles(sit));
    toggleLists[id] = list;
  }
  return list;
}

function makeToggles(sit: Situation): Toggle[] {
  const size = MODEL.toggleSize.value;
  const out: Omit<Toggle, 'addends' | 'effort'>[] = [];
  const base = { privacy: sit.privacy, competitor: sit.competitor, platform: sit.platform, team: sit.team };
  const level = PRIVACY_LEVELS.indexOf(sit.privacy);
  for (let i = 0; i < PRIVACY_LEVELS.length; i++) {
    const p = PRIVACY_LEVELS[i]!;
    if (p === sit.privacy) continue;
    out.push({
      ...base,
      path: 'concerns.customerPrivacy',
      size: size * Math.abs(i - level),
      privacy: p,
      key: `engine.change.privacy.${p}`,
    });
  }
  out.push({
    ...base,
    path: 'concerns.competitorDataSharing',
    size,
    competitor: !sit.competitor,
    key: `engine.change.competitor.${sit.competitor ? 'off' : 'on'}`,
  });
  out.push({
    ...base,
    path: 'concerns.platformDependence',
    size,
    platform: !sit.platform,
    key: `engine.change.platform.${sit.platform ? 'off' : 'on'}`,
  });
  for (const t of TEAMS) {
    if (t === sit.team) continue;
    out.push({ ...base, path: 'team', size, team: t, key: `engine.change.team.${t}` });
  }
  return out.map((t) =>
    Object.freeze({
      ...t,
      addends: Object.freeze(
        ADVISED_CHANNELS.map((c) =>
          Object.freeze(concernFactors(c, t.privacy, t.competitor, t.platform).map((f) => f.points)),
        ),
      ),
      effort: MODEL.effort[t.team].value,
    }),
  );
}

/** The words for a lever set to a value. */
function describeLever(sit: Situation, lever: number, value: number): Message {
  switch (lever) {
    case AGE: {
      const from = pct(sit.mix[0]! + sit.mix[1]!);
      return message(value >= from ? 'engine.change.under30_rise' : 'engine.change.under30_fall', {
        from,
        to: value,
      });
    }
    case EMAIL_ON_FILE:
      return sit.emailOnFile === undefined
        ? message('engine.change.email_on_file_new', { to: value })
        : message('engine.change.email_on_file', { from: pct(sit.emailOnFile), to: value });
    default: {
      const c = lever === KNOWN_WHATSAPP ? 'whatsapp_business' : 'telegram';
      const known = sit.known[c];
      // Customers use the app (WhatsApp), whichever app the business answers from.
      const app = appName(c);
      if (known !== undefined) return message('engine.change.known', { app, from: pct(known), to: value });
      const estimate = pct(estimateOf(sit, c));
      return value === estimate
        ? message('engine.change.poll_confirms', { app, to: value })
        : message('engine.change.poll', { app, to: value, estimate });
    }
  }
}

/**
 * The smallest single-answer change that moves each advised channel's verdict up, and the
 * smallest that moves it down, where one exists. Order: channels as ADVISED_CHANNELS, up first.
 */
export function whatWouldChange(
  sit: Situation,
  verdicts: Readonly<Record<AdvisedChannel, Verdict>>,
): Change[] {
  const fixed = ADVISED_CHANNELS.map((c): ChannelFixed => {
    const data = sit.profile.channels[DATA_CHANNEL[c]];
    const points = answerPoints(sit, c, undefined);
    return {
      byDecade: data.byDecade,
      lowConfidence: data.confidence === 'low',
      inUse: sit.inUse[c],
      isEmail: c === 'email',
      answerPoints: points,
      other: concernPoints(points, sit, c, sit.privacy, sit.competitor, sit.platform, sit.team, undefined),
      isNew: isNew(sit, c),
      reach: reachOf(sit, c, false),
    };
  });
  const s: Search = {
    sit,
    rank: ADVISED_CHANNELS.map((c) => VERDICT_RANK[verdicts[c]]),
    fixed,
    mix: [0, 0, 0, 0, 0, 0],
    mixValue: Number.NaN,
    best: [undefined, undefined, undefined, undefined, undefined, undefined],
  };
  // Toggles first: they are cheap and their fixed size bounds the numeric searches. A toggle moves
  // only the concerns' and the team's points; reach stays as it is.
  const list = toggles(sit);
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    for (let ci = 0; ci < ADVISED_CHANNELS.length; ci++) {
      const f = fixed[ci]!;
      // The same sum, in the same order, as concernPoints with the toggle's answers.
      let other = f.answerPoints;
      const addends = t.addends[ci]!;
      for (let k = 0; k < addends.length; k++) other += addends[k]!;
      if (f.isNew) other += t.effort;
      const r = f.reach;
      const v = verdictFromParts(r.reach, r.estimate, r.polled, r.capped, f.lowConfidence, f.inUse, other);
      const dir = directionOf(s, ci, v);
      if (dir !== -1) keep(s, ci * 2 + dir, { to: v, size: t.size, toggle: i, lever: -1, value: 0 });
    }
  }
  for (let lever = 0; lever < LEVER_COUNT; lever++) searchLever(s, lever);
  const changes: Change[] = [];
  for (let ci = 0; ci < ADVISED_CHANNELS.length; ci++) {
    for (let dir = UP; dir <= DOWN; dir++) {
      const found = s.best[ci * 2 + dir];
      if (found === undefined) continue;
      const toggle = found.toggle >= 0 ? list[found.toggle]! : undefined;
      changes.push({
        channel: ADVISED_CHANNELS[ci]!,
        to: found.to,
        message: toggle === undefined ? describeLever(sit, found.lever, found.value) : message(toggle.key),
        path: toggle === undefined ? LEVER_PATH[found.lever]! : toggle.path,
        size: found.size,
      });
    }
  }
  return changes;
}
