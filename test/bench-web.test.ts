/**
 * `npm run bench:web` keeps working: a very short run against the real server gives a finite,
 * positive figure for every route it prints, no failed request, and a start-up time. No timing
 * is asserted (that depends on the machine); the figures come from the bench's own output.
 */
import { describe, expect, it } from 'vitest';
import { printWebBench, runWebBench } from '../bench/web.js';

describe('web benchmark', () => {
  it('measures each route without failures, and the start-up time', async () => {
    const r = await runWebBench(1, 0);
    for (const n of [r.trivial, r.report, r.create]) {
      expect(n.requestsPerSecond, n.route).toBeGreaterThan(0);
      expect(Number.isFinite(n.p99Ms), n.route).toBe(true);
      expect(n.failures, n.route).toBe(0);
    }
    expect(r.startupMs).toBeGreaterThan(0);
    expect(r.store).toBe(process.env.DATABASE_URL ? 'postgres' : 'sqlite');
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      printWebBench(r);
    } finally {
      console.log = log;
    }
    expect(lines.join('\n')).toMatch(/report page: [\d.]+ x .*create plan: [\d.]+ x .*start-up: \d+ ms/s);
  }, 60_000);
});
