/**
 * The customer poll's statistics (issue 12, decision 023), pure: what the owner's customers
 * answered (an age group and the apps they use to message shops) in, results and evidence out.
 *
 * - Ranges are Wilson 95% score intervals: honest at 0% and 100% and with few answers, where the
 *   textbook "p ± 1.96·se" overshoots [0, 1] or has no width.
 * - Results appear from POLL_MIN_RESPONSES answers. Any count under POLL_CELL_MIN is withheld, and
 *   so is any count whose complement is under POLL_CELL_MIN (the number answered minus it), and age
 *   groups are withheld together until what they add up to is itself at least POLL_CELL_MIN: no
 *   number shown, nor the difference of two shown, gives away a count under 5.
 * - Blending with the national estimate: a Beta prior centred on it, worth
 *   MODEL.pollPriorAnswers answers (the model table, versioned); the posterior mean
 *   (n0·p0 + k) / (n0 + n). A withheld count enters the blend as a fixed point value (2 for
 *   "fewer than 5", n − 2 for "all but fewer than 5", decision 025) so that the plan cannot reveal
 *   it either, and the blend stays monotone in the counts.
 * - What the plan may use of a poll is Answers `customers.poll` (pollAnswersOf): the suppressed
 *   results only, never a count under 5.
 */
import {
  AGE_GROUPS,
  type AgeGroup,
  type Answers,
  POLL_APPS,
  POLL_CELL_MIN,
  POLL_MIN_RESPONSES,
  type PollAgeCount,
  type PollApp,
  type PollCount,
} from './answers.js';
import { type Message, message } from './message.js';
import { MODEL } from './model.js';

export { POLL_APPS, POLL_CELL_MIN, POLL_MIN_RESPONSES, type PollApp };

/** What Answers `customers.poll` holds (the poll as measured, suppressed). */
export type AnswersPoll = NonNullable<Answers['customers']['poll']>;
/** A day is flagged when its answers exceed this many times a day's customers (and the floor). */
export const POLL_FLAG_DAY_FACTOR = 3;
export const POLL_FLAG_DAY_FLOOR = 10;

/** The 97.5th percentile of the standard normal distribution (a 95% two-sided range). */
export const Z95 = 1.959963984540054;

export interface Range {
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval for k successes in n trials; [0, 1] when n is 0. */
export function wilson(k: number, n: number, z = Z95): Range {
  if (!(n > 0)) return { low: 0, high: 1 };
  if (k < 0 || k > n) throw new RangeError(`wilson: k=${k} outside 0..${n}`);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Exact at the ends, and never excluding the observed share through rounding.
  const low = k === 0 ? 0 : Math.min(p, Math.max(0, centre - half));
  const high = k === n ? 1 : Math.max(p, Math.min(1, centre + half));
  return { low, high };
}

// ---- Beta distribution (for the blended share's range) ----

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
function lnGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
    12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-14) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b): the Beta(a, b) distribution function. */
export function betaCdf(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** The q-quantile of Beta(a, b), by bisection (60 halvings: far below a percent's rounding). */
export function betaQuantile(q: number, a: number, b: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (betaCdf(mid, a, b) < q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// ---- The blend ----

export interface BlendedShare extends Range {
  /** The posterior mean: between the national estimate and the poll's share. */
  readonly share: number;
  /** How much of the figure is the customers' own answers: n / (n + n0). */
  readonly ownWeight: number;
}

/**
 * The poll's k of n blended with a prior share worth `priorAnswers` answers: the mean of the Beta
 * posterior and its central 95% range. With no answers it is the prior itself.
 */
/** The posterior mean alone (the engine's hot path): (n0·prior + k) / (n0 + n). */
export function blendMean(
  prior: number,
  k: number,
  n: number,
  priorAnswers: number = MODEL.pollPriorAnswers.value,
): number {
  const total = priorAnswers + n;
  return total === 0 ? prior : (priorAnswers * prior + k) / total;
}

export function blendShare(
  prior: number,
  k: number,
  n: number,
  priorAnswers: number = MODEL.pollPriorAnswers.value,
): BlendedShare {
  if (!(prior >= 0 && prior <= 1)) throw new RangeError(`blendShare: prior ${prior} outside [0, 1]`);
  if (!(n >= 0) || k < 0 || k > n) throw new RangeError(`blendShare: k=${k} outside 0..${n}`);
  const total = priorAnswers + n;
  if (total === 0) return { share: prior, ownWeight: 0, low: prior, high: prior };
  const share = blendMean(prior, k, n, priorAnswers);
  // Beta(α, β) with α, β > 0; a prior of exactly 0 or 1 and no answers on the other side is a
  // point mass, so the range is that point.
  const a = priorAnswers * prior + k;
  const b = priorAnswers * (1 - prior) + (n - k);
  const low = a === 0 ? 0 : b === 0 ? 1 : Math.min(share, betaQuantile(0.025, a, b));
  const high = b === 0 ? 1 : a === 0 ? 0 : Math.max(share, betaQuantile(0.975, a, b));
  return { share, ownWeight: n / total, low, high };
}

// ---- Answers and results ----

/** One customer's answer, as stored: an age group, the apps (none = "none of these"), the day. */
export interface PollAnswer {
  readonly ageGroup: AgeGroup;
  readonly apps: readonly PollApp[];
  /** YYYY-MM-DD (UTC): the only time kept. */
  readonly day: string;
  /** Given on the owner's counter tablet (the one-answer-per-browser rule does not apply there). */
  readonly counter: boolean;
}

/** A count as shown: withheld counts have no count or share, only the range all of them fit in. */
export type AppResult =
  | { readonly count: number; readonly share: number; readonly low: number; readonly high: number }
  | {
      readonly count: null;
      readonly share: null;
      readonly low: number;
      readonly high: number;
      /** "fewer": under 5 use it; "most": all but fewer than 5 use it. */
      readonly withheld: 'fewer' | 'most';
    };

export type AgeResult =
  | { readonly count: number; readonly share: number }
  | { readonly count: null; readonly share: null; readonly withheld: true };

export type PollFlag =
  | { readonly kind: 'day'; readonly day: string; readonly answers: number; readonly expected: number }
  | { readonly kind: 'total'; readonly answers: number; readonly expected: number };

export interface PollResults {
  readonly apps: Readonly<Record<PollApp, AppResult>>;
  readonly ageMix: Readonly<Record<AgeGroup, AgeResult>>;
  /** The withheld age groups together (0, or at least POLL_CELL_MIN). */
  readonly ageWithheld: number;
}

export interface PollSummary {
  /** Answers counted in the results (given before `today`; with results, up to the last step). */
  readonly responses: number;
  /** Answers given before today that wait for at least 5 new ones to join the results. */
  readonly waiting: number;
  /** Answers given today: counted from tomorrow (results change at most once a day). */
  readonly today: number;
  /** Of the counted answers, how many were given on the counter tablet. */
  readonly counterAnswers: number;
  readonly results: PollResults | null;
  readonly flags: readonly PollFlag[];
}

export interface SummaryContext {
  /** YYYY-MM-DD (UTC) of now: answers of this day are not counted yet. */
  readonly today: string;
  /** The owner's stated active customers a month (Answers customers.activePerMonth), if given. */
  readonly expectedPerMonth?: number;
  /** YYYY-MM-DD the poll was opened. */
  readonly openedOn: string;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** Is `k` of `n` safe to show: at least 5, and at least 5 answered otherwise? */
export function showable(k: number, n: number): boolean {
  return k >= POLL_CELL_MIN && n - k >= POLL_CELL_MIN;
}

function appResult(k: number, n: number): AppResult {
  if (showable(k, n)) return { count: k, share: k / n, ...wilson(k, n) };
  // The range every hidden value fits in, so the range itself reveals nothing more.
  const few = POLL_CELL_MIN - 1;
  if (k < POLL_CELL_MIN)
    return { count: null, share: null, low: 0, high: wilson(few, n).high, withheld: 'fewer' };
  return { count: null, share: null, low: wilson(n - few, n).low, high: 1, withheld: 'most' };
}

/**
 * Which age groups to withhold: each under 5, then (smallest first) more until the withheld
 * groups add up to at least 5, so "answered minus the groups shown" reveals no count under 5.
 */
export function withheldAgeGroups(counts: Readonly<Record<AgeGroup, number>>): Set<AgeGroup> {
  const hidden = new Set(AGE_GROUPS.filter((g) => counts[g] < POLL_CELL_MIN));
  const sum = () => [...hidden].reduce((s, g) => s + counts[g], 0);
  const byCount = [...AGE_GROUPS].sort((a, b) => counts[a] - counts[b]);
  while (hidden.size > 0 && sum() < POLL_CELL_MIN) {
    const next = byCount.find((g) => !hidden.has(g));
    if (next === undefined) break;
    hidden.add(next);
  }
  return hidden;
}

/** Results for counted answers, or null below POLL_MIN_RESPONSES. */
export function pollResults(answers: readonly Pick<PollAnswer, 'ageGroup' | 'apps'>[]): PollResults | null {
  const n = answers.length;
  if (n < POLL_MIN_RESPONSES) return null;
  const appCounts = Object.fromEntries(POLL_APPS.map((a) => [a, 0])) as Record<PollApp, number>;
  const ageCounts = Object.fromEntries(AGE_GROUPS.map((g) => [g, 0])) as Record<AgeGroup, number>;
  for (const a of answers) {
    ageCounts[a.ageGroup] += 1;
    for (const app of new Set(a.apps)) appCounts[app] += 1;
  }
  const hidden = withheldAgeGroups(ageCounts);
  const ageMix = Object.fromEntries(
    AGE_GROUPS.map((g) => [
      g,
      hidden.has(g)
        ? { count: null, share: null, withheld: true as const }
        : { count: ageCounts[g], share: ageCounts[g] / n },
    ]),
  ) as Record<AgeGroup, AgeResult>;
  return {
    apps: Object.fromEntries(POLL_APPS.map((a) => [a, appResult(appCounts[a], n)])) as Record<
      PollApp,
      AppResult
    >,
    ageMix,
    ageWithheld: [...hidden].reduce((s, g) => s + ageCounts[g], 0),
  };
}

/** Days with far more answers than the shop has customers a day, and a total far above a month's. */
export function pollFlags(answers: readonly Pick<PollAnswer, 'day'>[], ctx: SummaryContext): PollFlag[] {
  if (ctx.expectedPerMonth === undefined) return [];
  const perDay = ctx.expectedPerMonth / 30;
  const dayLimit = Math.max(POLL_FLAG_DAY_FLOOR, POLL_FLAG_DAY_FACTOR * perDay);
  const byDay = new Map<string, number>();
  for (const a of answers) byDay.set(a.day, (byDay.get(a.day) ?? 0) + 1);
  const flags: PollFlag[] = [...byDay]
    .filter(([, count]) => count > dayLimit)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, count]) => ({ kind: 'day', day, answers: count, expected: Math.ceil(perDay) }));
  // Over the whole poll: more answers than customers in the days it has been open.
  const daysOpen = Math.max(1, dayNumber(ctx.today) - dayNumber(ctx.openedOn) + 1);
  const expectedTotal = Math.ceil(perDay * Math.max(30, daysOpen));
  if (answers.length > expectedTotal)
    flags.push({ kind: 'total', answers: answers.length, expected: expectedTotal });
  return flags;
}

/**
 * The last day whose answers are in the results: results appear once POLL_MIN_RESPONSES answers
 * are in, and then move on only by at least POLL_CELL_MIN new answers at a time. Otherwise the
 * change between yesterday's results and today's would give away the answer of the one customer
 * who answered in between (10 answers, Telegram 5; 11 answers, Telegram 6). Undefined: no results.
 */
export function publishedUntil(counted: readonly Pick<PollAnswer, 'day'>[]): string | undefined {
  const byDay = new Map<string, number>();
  for (const a of counted) byDay.set(a.day, (byDay.get(a.day) ?? 0) + 1);
  let total = 0;
  let published = 0;
  let until: string | undefined;
  for (const day of [...byDay.keys()].sort()) {
    total += byDay.get(day)!;
    if (total >= POLL_MIN_RESPONSES && (until === undefined || total - published >= POLL_CELL_MIN)) {
      published = total;
      until = day;
    }
  }
  return until;
}

/**
 * What the owner sees: answers before today only, so results change at most once a day, and by
 * at least 5 answers at a time (publishedUntil), so no difference between two days' results reveals
 * one customer's answer.
 */
export function pollSummary(answers: readonly PollAnswer[], ctx: SummaryContext): PollSummary {
  const counted = answers.filter((a) => a.day < ctx.today);
  const until = publishedUntil(counted);
  const inResults = until === undefined ? counted : counted.filter((a) => a.day <= until);
  return {
    responses: inResults.length,
    waiting: counted.length - inResults.length,
    today: answers.length - counted.length,
    counterAnswers: inResults.filter((a) => a.counter).length,
    results: until === undefined ? null : pollResults(inResults),
    flags: pollFlags(answers, ctx),
  };
}

// ---- Evidence for the plan: Answers customers.poll ----

const FEW_POINT = 2;

/** An app's count as stored: the count when it may be shown, else which way it is withheld. */
export function storedCount(result: AppResult): PollCount {
  return result.count !== null ? result.count : result.withheld;
}

/**
 * The count the plan uses for an app: as stored, or a fixed value standing for "withheld": 2 for
 * "fewer than 5" (the middle of 0-4) and n − 2 for "all but fewer than 5", so the plan is at most
 * 2 answers off and never reveals the hidden number (decision 025).
 */
export function evidenceCount(count: PollCount, n: number): number {
  if (typeof count === 'number') return count;
  return count === 'fewer' ? FEW_POINT : n - FEW_POINT;
}

/** The result as shown (count, share, Wilson range) for a stored count. */
export function storedAppResult(count: PollCount, n: number): AppResult {
  const few = POLL_CELL_MIN - 1;
  if (count === 'fewer')
    return { count: null, share: null, low: 0, high: wilson(few, n).high, withheld: 'fewer' };
  if (count === 'most')
    return { count: null, share: null, low: wilson(n - few, n).low, high: 1, withheld: 'most' };
  return { count, share: count / n, ...wilson(count, n) };
}

/**
 * What the plan keeps of a poll (Answers customers.poll): the results as shown, withheld counts as
 * "fewer"/"most", withheld age groups as "withheld", and the day of the results; null below 10.
 */
export function pollAnswersOf(summary: PollSummary, on: string): AnswersPoll | null {
  const { results, responses } = summary;
  if (results === null) return null;
  return {
    responses,
    counts: {
      whatsapp: storedCount(results.apps.whatsapp),
      telegram: storedCount(results.apps.telegram),
      email: storedCount(results.apps.email),
    },
    ages: Object.fromEntries(
      AGE_GROUPS.map((g): [AgeGroup, PollAgeCount] => {
        const a = results.ageMix[g];
        return [g, a.count === null ? 'withheld' : a.count];
      }),
    ) as Record<AgeGroup, PollAgeCount>,
    on,
  };
}

// ---- Words ----

const APP_NAME: Record<PollApp, string> = {
  whatsapp: 'poll.app.whatsapp',
  telegram: 'poll.app.telegram',
  email: 'poll.app.email',
};

/** Whole percent, for sentences ("40"). */
const pct = (share: number) => Math.round(share * 100);

/**
 * A range's ends in whole percent, rounded outward ("probably between 24% and 58%"), so a bound
 * stays a bound: a poll of 3,000 says "over 99%", never "over 100%", nor "between 50% and 50%".
 */
export function rangePercents(range: Range): { low: number; high: number } {
  return { low: Math.floor(range.low * 100 + 1e-9), high: Math.ceil(range.high * 100 - 1e-9) };
}

/** "12 of the 30 customers who answered use Telegram (40%); ... between 25% and 58%." */
export function appSentence(app: PollApp, result: AppResult, responses: number): Message {
  const name = message(APP_NAME[app]);
  if (result.count === null) {
    return result.withheld === 'fewer'
      ? message('poll.result.app_fewer', {
          app: name,
          responses,
          min: POLL_CELL_MIN,
          high: rangePercents(result).high,
        })
      : message('poll.result.app_most', {
          app: name,
          responses,
          min: POLL_CELL_MIN,
          low: rangePercents(result).low,
        });
  }
  return message('poll.result.app', {
    app: name,
    users: result.count,
    responses,
    percent: pct(result.share),
    ...rangePercents(result),
  });
}

/**
 * Every sentence of the results, in order, for the report and the API. `dayText` writes a day
 * (ISO, 2026-03-02) in the reader's language ("March 2, 2026", "2 Maret 2026"): the caller's
 * translator does (the domain has none), as for the poll's own "open since". A number a sentence
 * agrees with is its `count`, so each language picks its plural form ("1 customer has").
 */
export function summaryMessages(summary: PollSummary, dayText: (day: string) => string): Message[] {
  const out: Message[] = [];
  if (summary.results === null) {
    out.push(message('poll.result.too_few', { count: summary.responses, needed: POLL_MIN_RESPONSES }));
  } else {
    for (const app of POLL_APPS) out.push(appSentence(app, summary.results.apps[app], summary.responses));
    out.push(message('poll.result.narrower'));
  }
  out.push(message('poll.result.phone_users'));
  if (summary.waiting > 0)
    out.push(message('poll.result.waiting', { count: summary.waiting, min: POLL_CELL_MIN }));
  if (summary.today > 0) out.push(message('poll.result.today', { count: summary.today }));
  if (summary.counterAnswers > 0) out.push(message('poll.result.counter', { count: summary.counterAnswers }));
  for (const f of summary.flags) {
    out.push(
      f.kind === 'day'
        ? message('poll.flag.day', { day: dayText(f.day), answers: f.answers, count: f.expected })
        : message('poll.flag.total', { answers: f.answers, count: f.expected }),
    );
  }
  return out;
}
