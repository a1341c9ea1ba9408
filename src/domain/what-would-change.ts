/**
 * What would change the advice: for each advised channel, the smallest change of ONE answer that
 * moves its verdict up (toward recommending it) and the smallest that moves it down, searched on
 * the numeric core.
 *
 * Sizes are comparable in percentage points: moving the age mix, the email-on-file share or a
 * measured share by n points has size n; a yes/no answer or one step of a choice (privacy level,
 * who answers) has the model's fixed toggle size. Percentages are scanned outward from the current
 * value in coarse steps, then refined to one point by bisection between the last value that did
 * not flip and the first that did; this is exact for levers the invariants make monotone, and a
 * good approximation for the others (a flip and flip-back within one coarse step can be missed).
 *
 * Speed (docs/engine.md): a probe is one channel's verdict from verdictWith (no allocation); the
 * points of the other factors are computed once per channel, since the levers only move reach.
 * Levers whose verdict can only rise with the value (email on file, a measured share) are first
 * probed at the two ends of each scan: when neither end flips a verdict, nothing between can, and
 * the scan is skipped. That changes the number of probes, never the result.
 */
import {
  ADVISED_CHANNELS,
  type AdvisedChannel,
  PRIVACY_LEVELS,
  type PrivacyLevel,
  TEAMS,
  type Team,
} from './answers.js';
import { otherPointsWith, round3, type Situation, VERDICT_RANK, verdictWith, weighted } from './evaluate.js';
import { type Message, message } from './message.js';
import { MODEL } from './model.js';
import type { Verdict } from './plan-schema.js';

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

/** The search state for one Situation: base verdicts, fixed points, scratch space, best so far. */
interface Search {
  readonly sit: Situation;
  /** Verdict rank of each channel today. */
  readonly rank: number[];
  /** Points from factors other than reach, per channel, for the current answers. */
  readonly other: number[];
  /** Scratch age mix for the age lever, and the value it was made for. */
  readonly mix: number[];
  mixValue: number;
  /** Best change per channel x direction (index c * 2 + dir). */
  readonly best: (Found | undefined)[];
}

/** The verdict of channel `ci` with lever `lever` set to `value` percent. */
function probe(s: Search, lever: number, value: number, ci: number): Verdict {
  const sit = s.sit;
  const c = ADVISED_CHANNELS[ci]!;
  const other = s.other[ci]!;
  switch (lever) {
    case AGE:
      if (s.mixValue !== value) {
        shiftInto(s.mix, sit.mix, value / 100);
        s.mixValue = value;
      }
      return verdictWith(sit, c, s.mix, sit.known[c], sit.emailOnFile, other);
    case EMAIL_ON_FILE:
      return verdictWith(sit, c, sit.mix, sit.known[c], value / 100, other);
    case KNOWN_TELEGRAM:
    case KNOWN_WHATSAPP:
      return verdictWith(sit, c, sit.mix, value / 100, sit.emailOnFile, other);
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
 * Scans one lever outward from its current value (up, then down): coarse steps, then bisection to
 * one point. Branch and bound: a pair (channel, direction) is searched only up to the size of the
 * best change already found for it, so earlier levers (the toggles) cut the scan short.
 */
function searchLever(s: Search, lever: number): void {
  const step = MODEL.scanStep.value;
  const current = leverCurrent(s.sit, lever);
  const channels = LEVER_CHANNELS[lever]!;
  // Email on file and measured shares: the verdict never falls as the value rises.
  const monotone = lever !== AGE;
  for (let sign = 1; sign >= -1; sign -= 2) {
    const edge = sign > 0 ? 100 : 0;
    const start = sign > 0 ? Math.ceil(current) : Math.floor(current);
    // Open pairs as a bit set: bit c * 2 + dir.
    let open = 0;
    for (const ci of channels) {
      if (!monotone) {
        // A polled channel's reach is the poll figure (email: also capped by the addresses on
        // file), whatever the age mix: one probe tells whether the age lever moves it at all.
        const c = ADVISED_CHANNELS[ci]!;
        if (s.sit.known[c] !== undefined) {
          const dir = directionOf(s, ci, probe(s, lever, start, ci));
          if (dir !== -1) open |= 1 << (ci * 2 + dir);
        } else open |= 3 << (ci * 2);
        continue;
      }
      // Rising values can only raise the verdict: the lowest is at the start, the highest at the edge.
      const low = directionOf(s, ci, probe(s, lever, sign > 0 ? start : edge, ci));
      const high = directionOf(s, ci, probe(s, lever, sign > 0 ? edge : start, ci));
      if (high === UP || low === UP) open |= 1 << (ci * 2 + UP);
      if (low === DOWN || high === DOWN) open |= 1 << (ci * 2 + DOWN);
    }
    let previous = start;
    let value = start;
    let first = true;
    while (open !== 0) {
      if (!first) {
        if (value === edge) break;
        previous = value;
        value = sign > 0 ? Math.min(100, value + step) : Math.max(0, value - step);
      }
      first = false;
      const distance = Math.abs(previous - current);
      for (const ci of channels) {
        for (let dir = UP; dir <= DOWN; dir++) {
          const pair = ci * 2 + dir;
          if ((open & (1 << pair)) !== 0 && distance >= bound(s, pair)) open &= ~(1 << pair);
        }
      }
      for (const ci of channels) {
        if ((open & (3 << (ci * 2))) === 0) continue;
        const v = probe(s, lever, value, ci);
        const dir = directionOf(s, ci, v);
        if (dir === -1) continue;
        const pair = ci * 2 + dir;
        if ((open & (1 << pair)) === 0) continue;
        open &= ~(1 << pair);
        // Refine: the closest whole point, between `previous` (no such flip) and `value` (flip).
        let near = previous;
        let far = value;
        let farVerdict = v;
        while (Math.abs(far - near) > 1) {
          const mid = Math.trunc((near + far) / 2);
          const mv = probe(s, lever, mid, ci);
          if (directionOf(s, ci, mv) === dir) {
            far = mid;
            farVerdict = mv;
          } else near = mid;
        }
        keep(s, pair, { to: farVerdict, size: Math.abs(far - current), toggle: -1, lever, value: far });
      }
    }
  }
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
}

/**
 * The toggles of a situation depend only on its concerns and team (3 x 2 x 2 x 3 combinations),
 * so each list is made once and shared (frozen).
 */
const toggleLists = new Map<string, readonly Toggle[]>();

function toggles(sit: Situation): readonly Toggle[] {
  const id = `${sit.privacy} ${sit.competitor} ${sit.platform} ${sit.team}`;
  let list = toggleLists.get(id);
  if (list === undefined) {
    list = Object.freeze(makeToggles(sit));
    toggleLists.set(id, list);
  }
  return list;
}

function makeToggles(sit: Situation): Toggle[] {
  const size = MODEL.toggleSize.value;
  const out: Toggle[] = [];
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
  return out.map((t) => Object.freeze(t));
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
      const app = message(`engine.app.${c}`);
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
  const s: Search = {
    sit,
    rank: ADVISED_CHANNELS.map((c) => VERDICT_RANK[verdicts[c]]),
    other: ADVISED_CHANNELS.map((c) =>
      otherPointsWith(sit, c, sit.privacy, sit.competitor, sit.platform, sit.team, undefined),
    ),
    mix: [0, 0, 0, 0, 0, 0],
    mixValue: Number.NaN,
    best: [undefined, undefined, undefined, undefined, undefined, undefined],
  };
  // Toggles first: they are cheap and their fixed size bounds the numeric searches. A toggle moves
  // only the other factors' points; reach stays as it is.
  const list = toggles(sit);
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    for (let ci = 0; ci < ADVISED_CHANNELS.length; ci++) {
      const c = ADVISED_CHANNELS[ci]!;
      const other = otherPointsWith(sit, c, t.privacy, t.competitor, t.platform, t.team, undefined);
      const v = verdictWith(sit, c, sit.mix, sit.known[c], sit.emailOnFile, other);
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
