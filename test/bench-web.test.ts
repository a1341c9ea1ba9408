/**
 * `npm run bench:web` keeps working: a very short run against the real server gives a finite,
 * positive figure for every route it prints, flat out and at half load, no failed request, and a
 * start-up time. No timing
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
      // The steady half load: half the flat-out rate offered, and answered.
      expect(n.halfLoad.offered, n.route).toBe(Math.max(1, Math.round(n.requestsPerSecond / 2)));
      expect(n.halfLoad.requestsPerSecond, n.route).toBeGreaterThan(0);
      expect(Number.isFinite(n.halfLoad.p99Ms), n.route).toBe(true);
      expect(n.halfLoad.failures, n.route).toBe(0);
      expect(n.halfLoad.failedBy, n.route).toEqual({});
    }
    // One ratio per round, each the route's req/s over /healthz's in the same round.
    expect(r.reportRatios).toHaveLength(r.rounds);
    expect(r.createRatios).toHaveLength(r.rounds);
    for (const x of [...r.reportRatios, ...r.createRatios]) expect(x).toBeGreaterThan(0);
    expect(r.startupsMs).toHaveLength(3);
    expect(r.startupMs).toBe([...r.startupsMs].sort((a, b) => a - b)[1]);
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
    expect(lines.join('\n')).toMatch(
      /report page: [\d.]+ x .*p99 \d+ ms at half load.*create plan: [\d.]+ x .*p99 \d+ ms at half load.*start-up: \d+ ms/s,
    );
  }, 60_000);
});
