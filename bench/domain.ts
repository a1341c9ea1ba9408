/**
 * Domain benchmark: plan() throughput on varied answers, and the cost of whatWouldChange measured
 * in the same run, as a ratio to one plan() without it and to one core evaluation. Prints numbers;
 * never asserts timings (they depend on the machine).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAdoptionData } from '../src/adoption-data.js';
import { AGE_GROUPS, type Answers, validateAnswers } from '../src/domain/answers.js';
import { evaluate, situationFrom } from '../src/domain/evaluate.js';
import { plan, preparedAdoption } from '../src/domain/plan.js';
import { whatWouldChange } from '../src/domain/what-would-change.js';
import { createI18n } from '../src/i18n.js';

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

function timeIt(iterations: number, body: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) body(i);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export interface DomainBenchResult {
  readonly plansPerSecond: number;
  readonly plansPerSecondWithoutWhatWouldChange: number;
  readonly evaluationsPerSecond: number;
  /** Extra time of whatWouldChange inside plan(), relative to one plan() without it. */
  readonly whatWouldChangePerPlan: number;
  /** Time of one whatWouldChange search, in core evaluations. */
  readonly whatWouldChangePerEvaluation: number;
  /** Baseline in the same run: JSON.stringify of the same plans, per second. */
  readonly stringifyPerSecond: number;
  readonly iterations: number;
}

export function runDomainBench(iterations = 20_000): DomainBenchResult {
  const data = loadAdoptionData();
  const translator = createI18n().translator('en');
  const options = { translate: translator.render, language: translator.language };
  const answers = variedAnswers(500);
  const n = answers.length;
  const prepared = preparedAdoption(data);
  const situations = answers.map((a) => situationFrom(a, prepared));
  const verdicts = situations.map((s) => {
    const e = evaluate(s);
    return {
      whatsapp_business: e.channels.whatsapp_business.verdict,
      telegram: e.channels.telegram.verdict,
      email: e.channels.email.verdict,
    };
  });

  const plans = answers.map((a) => plan(a, data, options));

  // Warm up every path (JIT, the render memo) before measuring.
  for (let i = 0; i < Math.min(iterations, 5_000); i++) {
    plan(answers[i % n]!, data, options);
    plan(answers[i % n]!, data, { ...options, whatWouldChange: false });
    whatWouldChange(situations[i % n]!, verdicts[i % n]!);
    JSON.stringify(plans[i % n]);
  }
  const full = timeIt(iterations, (i) => plan(answers[i % n]!, data, options));
  const bare = timeIt(iterations, (i) => plan(answers[i % n]!, data, { ...options, whatWouldChange: false }));
  const core = timeIt(iterations, (i) => evaluate(situations[i % n]!));
  const search = timeIt(iterations, (i) => whatWouldChange(situations[i % n]!, verdicts[i % n]!));
  const stringify = timeIt(iterations, (i) => JSON.stringify(plans[i % n]));
  return {
    iterations,
    plansPerSecond: iterations / full,
    plansPerSecondWithoutWhatWouldChange: iterations / bare,
    evaluationsPerSecond: iterations / core,
    whatWouldChangePerPlan: Math.max(0, full - bare) / bare,
    whatWouldChangePerEvaluation: search / core,
    stringifyPerSecond: iterations / stringify,
  };
}

export function printDomainBench(r: DomainBenchResult): void {
  const f = (x: number) => Math.round(x).toLocaleString('en');
  console.log(`domain (${f(r.iterations)} iterations each, varied answers, after warm-up)`);
  console.log(`  plan() with whatWouldChange:    ${f(r.plansPerSecond)} plans/s`);
  console.log(`  plan() without whatWouldChange: ${f(r.plansPerSecondWithoutWhatWouldChange)} plans/s`);
  console.log(`  core evaluate():                ${f(r.evaluationsPerSecond)} evaluations/s`);
  console.log(`  whatWouldChange costs ${r.whatWouldChangePerPlan.toFixed(2)} x one plan() without it`);
  console.log(`  whatWouldChange costs ${r.whatWouldChangePerEvaluation.toFixed(1)} x one core evaluation`);
  console.log(`  baseline JSON.stringify(plan):  ${f(r.stringifyPerSecond)} plans/s (same plans, same run)`);
  console.log(
    `  plan() with whatWouldChange takes ${(r.stringifyPerSecond / r.plansPerSecond).toFixed(1)} x the time of JSON.stringify of its result`,
  );
}
