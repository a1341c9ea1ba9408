/**
 * `npm run bench:web` keeps working: a very short run against the real server gives a finite,
 * positive figure for every route it prints, flat out and at half load, no failed request, a
 * start-up time, and (where /proc can be read) each route's CPU per request. No timing is
 * asserted (that depends on the machine); the figures come from the bench's own output.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuPerRequest, printWebBench, runWebBench } from '../bench/web.js';

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
      // CPU per request, read from /proc where there is one (this machine and CI's).
      if (existsSync('/proc/self/stat')) {
        const cpu = n.cpu!;
        expect(cpu.requestThread, n.route).toBeGreaterThan(0);
        expect(cpu.server, n.route).toBeGreaterThanOrEqual(cpu.requestThread);
        expect(cpu.loadGenerator, n.route).toBeGreaterThan(0);
        if (r.store === 'sqlite') expect(cpu.database, n.route).toBe(0);
        else expect(cpu.database, n.route).toBeGreaterThanOrEqual(0);
      }
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
    if (existsSync('/proc/self/stat')) {
      expect(lines.join('\n')).toMatch(/CPU per request flat out, ms: request thread \/ whole server/);
      expect(lines.join('\n')).toMatch(/create plan: [\d.]+ x .*, [\d.]+ by request-thread CPU;/);
    }
  }, 60_000);

  it('divides the CPU of the sampled runs by the requests they answered', () => {
    const at = (requestThread: number, server: number, database: number, loadGenerator: number) => ({
      requestThread,
      server,
      database,
      loadGenerator,
    });
    // Two runs: 30 ms and 10 ms of request thread over 200 requests is 200 us a request.
    const cpu = cpuPerRequest(
      [
        { before: at(100, 150, 0, 40), after: at(130, 190, 6, 50) },
        { before: at(500, 700, 10, 90), after: at(510, 720, 12, 100) },
      ],
      200,
    );
    expect(cpu).toEqual({ requestThread: 200, server: 300, database: 40, loadGenerator: 100 });
    expect(cpuPerRequest([], 0)).toBeUndefined();
  });
});
