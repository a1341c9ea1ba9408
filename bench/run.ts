/**
 * `npm run bench`: runs every benchmark and prints its numbers (no assertions on timings).
 * A later web benchmark can live in bench/web.ts and be called from here the same way.
 */
import { printDomainBench, runDomainBench } from './domain.js';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 20_000);
printDomainBench(runDomainBench(iterations));
