/**
 * `npm run bench`: runs every benchmark and prints its numbers, each next to a baseline measured
 * in the same run (no assertions on timings: these machines are noisy).
 * BENCH_ITERATIONS sets the domain iterations; BENCH_WEB_SECONDS the seconds per web route;
 * BENCH_ONLY=domain or BENCH_ONLY=web runs one of them.
 */
import { printDomainBench, runDomainBench } from './domain.js';
import { printWebBench, runWebBench } from './web.js';

const only = process.env.BENCH_ONLY;
if (only !== 'web') printDomainBench(runDomainBench(Number(process.env.BENCH_ITERATIONS ?? 20_000)));
if (only !== 'domain') printWebBench(await runWebBench());
