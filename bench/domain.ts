/**
 * Domain benchmark: plan() throughput on varied answers (the engine's plan as messages, what
 * issue 9's target is about), renderPlan (its texts in a language) and the two together (what
 * the web and the CLI call), and the cost of whatWouldChange measured in the same run, as a ratio
 * to one plan() without it and to one core evaluation; JSON.stringify of the same plans is the
 * baseline. Prints numbers; never asserts timings (they depend on the machine).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAdoptionData } from '../src/adoption-data.js';
import { AGE_GROUPS, type Answers, validateAnswers } from '../src/domain/answers.js';
import { type Evaluation, evaluate, type Situation, situationFrom } from '../src/domain/evaluate.js';
import { type MessagePlan, plan, preparedAdoption, renderPlan } from '../src/domain/plan.js';
import { whatWouldChange } from '../src/domain/what-would-change.js';
import { createI18n } from '../src/i18n.js';
import { median } from './stats.js';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));
const COUNTRIES = ['SG', 'ID', 'MY', 'GB', 'BR', 'US', 'TH'];

/** A fixed, varied set of valid answers: the examples across countries, age shifts and concerns. */
export function variedAnswers(count: number): Answers[] {
  const examples = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(EXAMPLES + f, 'utf8')) as Record<string, unknown>);
  const out: Answers[] = [];
  for (let i = 0; out.length < count; i++) {
    const input = structuredClone(examples[i % examples.length]!) as {
      business: { country: string };
      customers: { ageMix: Record<string, number>; emailOnFilePercent?: number };
      concerns?: { customerPrivacy: string; competitorDataSharing: boolean };
      team: string;
    };
    input.business.country = COUNTRIES[i % COUNTRIES.length]!;
    // Rotate the age mix so every plan sees a different customer base.
    const values = AGE_GROUPS.map((g) => input.customers.ageMix[g] ?? 0);
    const shift = Math.floor(i / examples.length) % 6;
    AGE_GROUPS.forEach((g, d) => {
      input.customers.ageMix[g] = values[(d + shift) % 6]!;
    });
    if (i % 3 === 0) input.customers.emailOnFilePercent = (i * 7) % 101;
    input.concerns = {
      customerPrivacy: ['none', 'some', 'high'][i % 3]!,
      competitorDataSharing: i % 2 === 0,
    };
    input.team = ['solo', 'small_team', 'outsourced'][i % 3]!;
    const v = validateAnswers(input);
    if (v.ok) out.push(v.value);
  }
  return out;
}

/** Collects garbage when node runs with --expose-gc (npm run bench does), so that no measurement pays for the garbage of the one before. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** A Situation copied member by member (the same layout, so the same hidden classes). */
function copyOf(s: Situation): Situation {
  return {
    ...s,
    mix: [...s.mix],
    known: { ...s.known },
    inUse: { ...s.inUse },
    listed: { ...s.listed },
    share: { ...s.share },
    shareGiven: { ...s.shareGiven },
    features: [...s.features],
    purposes: [...s.purposes],
  };
}

/** Seconds for `iterations` calls of body. */
function timeIt(iterations: number, body: (i: number) => void): number {
  collect();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body(i);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Per-call rates of one measurement over the rounds: the median, and the best round. */
export interface Rate {
  readonly median: number;
  readonly best: number;
}

export interface DomainBenchResult {
  /** plan(answers, data): the plan as messages, whatWouldChange included. */
  readonly plansPerSecond: Rate;
  readonly plansPerSecondWithoutWhatWouldChange: Rate;
  /** renderPlan of those plans in English. */
  readonly rendersPerSecond: Rate;
  /** plan() with `translate`: the plan and its texts, as the web and the CLI make it. */
  readonly renderedPlansPerSecond: Rate;
  readonly evaluationsPerSecond: Rate;
  /** Extra time of whatWouldChange inside plan(), relative to one plan() without it (medians). */
  readonly whatWouldChangePerPlan: number;
  /** Time of one whatWouldChange search, in core evaluations (medians). */
  readonly whatWouldChangePerEvaluation: number;
  /** Baseline in the same run: JSON.stringify of the same plans, per second. */
  readonly stringifyPerSecond: Rate;
  readonly iterations: number;
  readonly rounds: number;
  readonly distinctAnswers: number;
}

/**
 * Every measurement runs in `rounds` rounds, interleaved (plan, plan without whatWouldChange, core,
 * search, stringify, then again), so that a burst of load from elsewhere on a shared machine hits
 * all of them alike; the median round is the figure, the best round shows the machine unloaded.
 */
export function runDomainBench(iterations = 20_000, rounds = 10, distinct = 2_000): DomainBenchResult {
  const data = loadAdoptionData();
  const translator = createI18n().translator('en');
  const options = { translate: translator.render, language: translator.language };
  const bareOptions = { whatWouldChange: false };
  const answers = variedAnswers(distinct);
  const n = answers.length;
  const prepared = preparedAdoption(data);
  // Inputs kept for the whole run are copies (copyOf, JSON.parse), never the objects
  // plan() itself made: V8 moves allocation sites whose objects mostly survive to old-space
  // allocation ("pretenuring"), and keeping thousands of plan()'s own objects alive would make
  // every later plan() allocate there, 1.5x slower (measured), which no server that drops its
  // plans would see.
  const situations = answers.map((a) => copyOf(situationFrom(a, prepared)));
  // The evaluations whatWouldChange starts from, copied for the same reason (structuredClone).
  const verdicts = situations.map((s) => structuredClone(evaluate(s)) as Evaluation);
  const plans = answers.map((a) => JSON.parse(JSON.stringify(plan(a, data, options))) as unknown);
  const messagePlans = answers.map((a) => JSON.parse(JSON.stringify(plan(a, data))) as MessagePlan);

  // Warm up every path (JIT, the render memo) before measuring: 5,000 rounds, or as many as a
  // small run measures (its test), but always every answer once.
  for (let i = 0; i < Math.max(n, Math.min(5_000, iterations)); i++) {
    plan(answers[i % n]!, data);
    plan(answers[i % n]!, data, bareOptions);
    renderPlan(messagePlans[i % n]!, translator.render, translator.language);
    plan(answers[i % n]!, data, options);
    whatWouldChange(situations[i % n]!, verdicts[i % n]!);
    JSON.stringify(plans[i % n]);
  }
  const perRound = Math.max(1, Math.round(iterations / rounds));
  const seconds = {
    full: [] as number[],
    bare: [] as number[],
    render: [] as number[],
    rendered: [] as number[],
    core: [] as number[],
    search: [] as number[],
    stringify: [] as number[],
  };
  for (let r = 0; r < rounds; r++) {
    // Each round starts where the last ended, so all the answers take part.
    const offset = r * perRound;
    seconds.full.push(timeIt(perRound, (i) => plan(answers[(offset + i) % n]!, data)));
    seconds.bare.push(timeIt(perRound, (i) => plan(answers[(offset + i) % n]!, data, bareOptions)));
    seconds.render.push(
      timeIt(perRound, (i) =>
        renderPlan(messagePlans[(offset + i) % n]!, translator.render, translator.language),
      ),
    );
    seconds.rendered.push(timeIt(perRound, (i) => plan(answers[(offset + i) % n]!, data, options)));
    seconds.core.push(timeIt(perRound, (i) => evaluate(situations[(offset + i) % n]!)));
    seconds.search.push(
      timeIt(perRound, (i) => whatWouldChange(situations[(offset + i) % n]!, verdicts[(offset + i) % n]!)),
    );
    seconds.stringify.push(timeIt(perRound, (i) => JSON.stringify(plans[(offset + i) % n])));
  }
  const rate = (xs: number[]): Rate => ({ median: perRound / median(xs), best: perRound / Math.min(...xs) });
  const full = median(seconds.full);
  const bare = median(seconds.bare);
  return {
    iterations: perRound * rounds,
    rounds,
    distinctAnswers: n,
    plansPerSecond: rate(seconds.full),
    plansPerSecondWithoutWhatWouldChange: rate(seconds.bare),
    rendersPerSecond: rate(seconds.render),
    renderedPlansPerSecond: rate(seconds.rendered),
    evaluationsPerSecond: rate(seconds.core),
    whatWouldChangePerPlan: Math.max(0, full - bare) / bare,
    whatWouldChangePerEvaluation: median(seconds.search) / median(seconds.core),
    stringifyPerSecond: rate(seconds.stringify),
  };
}

export function printDomainBench(r: DomainBenchResult): void {
  const f = (x: number) => Math.round(x).toLocaleString('en');
  const rate = (x: Rate, unit: string) => `${f(x.median)} ${unit} (best round ${f(x.best)})`;
  console.log(
    `domain (${f(r.iterations)} calls each in ${r.rounds} interleaved rounds, ${f(r.distinctAnswers)} different answers, after warm-up; medians)`,
  );
  console.log(`  plan() with whatWouldChange:    ${rate(r.plansPerSecond, 'plans/s')} (messages)`);
  console.log(`  plan() without whatWouldChange: ${rate(r.plansPerSecondWithoutWhatWouldChange, 'plans/s')}`);
  console.log(`  renderPlan() in English:        ${rate(r.rendersPerSecond, 'plans/s')}`);
  console.log(
    `  plan() and renderPlan():        ${rate(r.renderedPlansPerSecond, 'plans/s')} (what the web makes)`,
  );
  console.log(`  core evaluate():                ${rate(r.evaluationsPerSecond, 'evaluations/s')}`);
  console.log(`  whatWouldChange costs ${r.whatWouldChangePerPlan.toFixed(2)} x one plan() without it`);
  console.log(`  whatWouldChange costs ${r.whatWouldChangePerEvaluation.toFixed(1)} x one core evaluation`);
  console.log(
    `  baseline JSON.stringify(plan):  ${rate(r.stringifyPerSecond, 'plans/s')} (the same plans rendered, same run)`,
  );
  console.log(
    `  plan() with whatWouldChange takes ${(r.stringifyPerSecond.median / r.plansPerSecond.median).toFixed(1)} x the time of JSON.stringify of the rendered plan`,
  );
}
