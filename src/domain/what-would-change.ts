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
 */
import {
  ADVISED_CHANNELS,
  type AdvisedChannel,
  PRIVACY_LEVELS,
  type PrivacyLevel,
  TEAMS,
} from './answers.js';
import { evaluateChannel, type Situation, VERDICT_RANK } from './evaluate.js';
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

type Direction = 'up' | 'down';

interface Found {
  readonly to: Verdict;
  readonly size: number;
  readonly message: Message;
  readonly path: string;
}

/** Best candidate so far per channel and direction; the first lever wins ties. */
type Best = Record<AdvisedChannel, Partial<Record<Direction, Found>>>;

/** Keeps the smaller change; on a tie, the one found first (toggles, then levers in order). */
function consider(best: Best, channel: AdvisedChannel, dir: Direction, found: Found): void {
  const current = best[channel][dir];
  if (current === undefined || found.size < current.size) best[channel][dir] = found;
}

function directionOf(from: Verdict, to: Verdict): Direction | undefined {
  const delta = VERDICT_RANK[to] - VERDICT_RANK[from];
  return delta > 0 ? 'up' : delta < 0 ? 'down' : undefined;
}

/** A percentage answer the search can move, with the channels it can affect. */
interface NumericLever {
  readonly path: string;
  readonly channels: readonly AdvisedChannel[];
  /** The current value in percent (the estimate when the owner gave none). */
  readonly current: number;
  readonly apply: (sit: Situation, value: number) => Situation;
  readonly describe: (value: number) => Message;
}

const pct = (share: number) => Math.round(share * 100);

/** Moves the share of customers under 30 to `target` (0-1), proportionally within the groups. */
export function shiftUnder30(mix: readonly number[], target: number): number[] {
  const young = mix[0]! + mix[1]!;
  const old = 1 - young;
  return mix.map((s, d) => {
    if (d < 2) return young > 0 ? (s * target) / young : target / 2;
    return old > 0 ? (s * (1 - target)) / old : (1 - target) / 4;
  });
}

function numericLevers(sit: Situation): NumericLever[] {
  const under30 = sit.mix[0]! + sit.mix[1]!;
  const from = pct(under30);
  const levers: NumericLever[] = [
    {
      path: 'customers.ageMix',
      channels: ADVISED_CHANNELS,
      current: under30 * 100,
      apply: (s, v) => ({ ...s, mix: shiftUnder30(s.mix, v / 100) }),
      describe: (v) =>
        message(v >= from ? 'engine.change.under30_rise' : 'engine.change.under30_fall', { from, to: v }),
    },
  ];
  const emailEstimate = evaluateChannel({ ...sit, emailOnFile: undefined }, 'email').reach.reach;
  levers.push({
    path: 'customers.emailOnFilePercent',
    channels: ['email'],
    current: sit.emailOnFile === undefined ? pct(emailEstimate) : sit.emailOnFile * 100,
    apply: (s, v) => ({ ...s, emailOnFile: v / 100 }),
    describe: (v) =>
      sit.emailOnFile === undefined
        ? message('engine.change.email_on_file_new', { to: v })
        : message('engine.change.email_on_file', { from: pct(sit.emailOnFile), to: v }),
  });
  for (const channel of ['telegram', 'whatsapp_business'] as const) {
    const known = sit.known[channel];
    const estimate = evaluateChannel({ ...sit, known: { ...sit.known, [channel]: undefined } }, channel).reach
      .estimate;
    const name = message(`engine.channel.${channel}`);
    levers.push({
      path: `customers.knownChannelUse.${channel}`,
      channels: [channel],
      current: known === undefined ? pct(estimate) : known * 100,
      apply: (s, v) => ({ ...s, known: { ...s.known, [channel]: v / 100 } }),
      describe: (v) =>
        known === undefined
          ? message('engine.change.poll', { channel: name, to: v, estimate: pct(estimate) })
          : message('engine.change.known', { channel: name, from: pct(known), to: v }),
    });
  }
  return levers;
}

function searchNumeric(
  sit: Situation,
  lever: NumericLever,
  verdicts: Readonly<Record<AdvisedChannel, Verdict>>,
  best: Best,
): void {
  const step = MODEL.scanStep.value;
  const verdictAt = (value: number, channel: AdvisedChannel) =>
    evaluateChannel(lever.apply(sit, value), channel).verdict;
  // Branch and bound: a pair (channel, direction) is searched only up to the size of the best
  // change already found for it, so earlier levers (the toggles) cut the scan short.
  const bound = (c: AdvisedChannel, d: Direction) => best[c][d]?.size ?? Number.POSITIVE_INFINITY;
  for (const sign of [1, -1] as const) {
    const open: [AdvisedChannel, Direction][] = [];
    for (const c of lever.channels) for (const d of ['up', 'down'] as const) open.push([c, d]);
    const edge = sign > 0 ? 100 : 0;
    let previous = sign > 0 ? Math.ceil(lever.current) : Math.floor(lever.current);
    let value = previous;
    let first = true;
    while (open.length > 0) {
      if (!first) {
        if (value === edge) break;
        previous = value;
        value = sign > 0 ? Math.min(100, value + step) : Math.max(0, value - step);
      }
      first = false;
      for (let i = open.length - 1; i >= 0; i--) {
        const [c, d] = open[i]!;
        if (Math.abs(previous - lever.current) >= bound(c, d)) open.splice(i, 1);
      }
      const checked = new Map<AdvisedChannel, Verdict>();
      for (let i = open.length - 1; i >= 0; i--) {
        const [c, dir] = open[i]!;
        let v = checked.get(c);
        if (v === undefined) {
          v = verdictAt(value, c);
          checked.set(c, v);
        }
        if (directionOf(verdicts[c], v) !== dir) continue;
        open.splice(i, 1);
        // Refine: the closest whole point, between `previous` (no such flip) and `value` (flip).
        let near = previous;
        let far = value;
        let farVerdict = v;
        while (Math.abs(far - near) > 1) {
          const mid = Math.trunc((near + far) / 2);
          const mv = verdictAt(mid, c);
          if (directionOf(verdicts[c], mv) === dir) {
            far = mid;
            farVerdict = mv;
          } else near = mid;
        }
        consider(best, c, dir, {
          to: farVerdict,
          size: Math.abs(far - lever.current),
          message: lever.describe(far),
          path: lever.path,
        });
      }
    }
  }
}

/** A yes/no or multiple-choice answer set to another value. */
interface Toggle {
  readonly path: string;
  readonly size: number;
  readonly situation: Situation;
  readonly message: Message;
}

function toggles(sit: Situation): Toggle[] {
  const size = MODEL.toggleSize.value;
  const out: Toggle[] = [];
  const level = (p: PrivacyLevel) => PRIVACY_LEVELS.indexOf(p);
  for (const p of PRIVACY_LEVELS) {
    if (p === sit.privacy) continue;
    out.push({
      path: 'concerns.customerPrivacy',
      size: size * Math.abs(level(p) - level(sit.privacy)),
      situation: { ...sit, privacy: p },
      message: message(`engine.change.privacy.${p}`),
    });
  }
  out.push({
    path: 'concerns.competitorDataSharing',
    size,
    situation: { ...sit, competitor: !sit.competitor },
    message: message(`engine.change.competitor.${sit.competitor ? 'off' : 'on'}`),
  });
  out.push({
    path: 'concerns.platformDependence',
    size,
    situation: { ...sit, platform: !sit.platform },
    message: message(`engine.change.platform.${sit.platform ? 'off' : 'on'}`),
  });
  for (const t of TEAMS) {
    if (t === sit.team) continue;
    out.push({
      path: 'team',
      size,
      situation: { ...sit, team: t },
      message: message(`engine.change.team.${t}`),
    });
  }
  return out;
}

/**
 * The smallest single-answer change that moves each advised channel's verdict up, and the
 * smallest that moves it down, where one exists. Order: channels as ADVISED_CHANNELS, up first.
 */
export function whatWouldChange(
  sit: Situation,
  verdicts: Readonly<Record<AdvisedChannel, Verdict>>,
): Change[] {
  const best: Best = { whatsapp_business: {}, telegram: {}, email: {} };
  // Toggles first: they are cheap and their fixed size bounds the numeric searches.
  for (const t of toggles(sit)) {
    for (const c of ADVISED_CHANNELS) {
      const v = evaluateChannel(t.situation, c).verdict;
      const dir = directionOf(verdicts[c], v);
      if (dir !== undefined)
        consider(best, c, dir, { to: v, size: t.size, message: t.message, path: t.path });
    }
  }
  for (const lever of numericLevers(sit)) searchNumeric(sit, lever, verdicts, best);
  const changes: Change[] = [];
  for (const c of ADVISED_CHANNELS) {
    for (const dir of ['up', 'down'] as const) {
      const found = best[c][dir];
      if (found !== undefined) changes.push({ channel: c, ...found });
    }
  }
  return changes;
}
