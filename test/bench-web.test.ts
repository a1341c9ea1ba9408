/**
 * `npm run bench:web` keeps working: a very short run against the real server gives a finite,
 * positive figure for every route it prints, flat out and at half load, no failed request, a
 * start-up time, and (where /proc can be read) each route's CPU per request. No timing is
 * asserted (that depends on the machine); the figures come from the bench's own output.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CpuSample,
  cpuPerRequest,
  machineTicks,
  printWebBench,
  runWebBench,
  statCpuMs,
} from '../bench/web.js';

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
        expect(n.cpu, n.route).toBeDefined();
        const cpu = n.cpu!;
        expect(cpu.requestThread, n.route).toBeGreaterThan(0);
        expect(cpu.server, n.route).toBeGreaterThanOrEqual(cpu.requestThread);
        expect(cpu.loadGenerator, n.route).toBeGreaterThan(0);
        // A request costs the request thread well under a second: the figure is per request.
        expect(cpu.requestThread, n.route).toBeLessThan(1_000_000);
        expect(cpu.steal, n.route).toBeGreaterThanOrEqual(0);
        expect(cpu.steal, n.route).toBeLessThanOrEqual(1);
        if (r.store === 'sqlite') expect(cpu.database, n.route).toBeUndefined();
        // A second of /healthz or cached pages may cost PostgreSQL's backends under one 10 ms
        // tick each; a second of creates (an insert each) never does.
        else if (n === r.create) expect(cpu.database, n.route).toBeGreaterThan(0);
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
    // SQLite runs on a new file; PostgreSQL on a new database (this role may create them).
    expect(r.database).toBe(r.store === 'postgres' ? 'scratch' : undefined);
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

  it('divides the CPU of the sampled runs by the requests sent', () => {
    const at = (
      requestThread: number,
      server: number,
      loadGenerator: number,
      database?: Record<string, number>,
    ): CpuSample => ({
      requestThread,
      server,
      loadGenerator,
      ...(database === undefined ? {} : { database: new Map(Object.entries(database)) }),
    });
    // Two runs: 30 ms and 10 ms of request thread over 200 requests is 200 us a request. Of
    // PostgreSQL's processes only those in both samples of a run count: 11 ended during the
    // first run (its history went with it), 13 started during it.
    const cpu = cpuPerRequest(
      [
        {
          before: at(100, 150, 40, { '10': 50, '11': 900 }),
          after: at(130, 190, 50, { '10': 56, '13': 70 }),
        },
        { before: at(500, 700, 90, { '10': 60 }), after: at(510, 720, 100, { '10': 62 }) },
      ],
      200,
    );
    expect(cpu).toEqual({ requestThread: 200, server: 300, database: 40, loadGenerator: 100 });
    // No database process in a sample (SQLite, or a remote PostgreSQL): no figure, not 0.
    const sqlite = cpuPerRequest([{ before: at(0, 0, 0), after: at(20, 30, 10) }], 100);
    expect(sqlite).toEqual({ requestThread: 200, server: 300, loadGenerator: 100 });
    expect(cpuPerRequest([], 0)).toBeUndefined();
  });

  it("reads utime and stime from a /proc stat line, whatever the command's name", () => {
    // Fields after the name: state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt,
    // majflt, cmajflt, utime (here 1234 ticks), stime (56 ticks), then cutime, cstime, ...
    const after = 'S 1 2 3 0 -1 4194560 98765 0 12 0 1234 56 7 8 20 0 11 0 99 1000 200';
    expect(statCpuMs(`4242 (node) ${after}`)).toBe(12_900);
    expect(statCpuMs(`4242 (a) (b c) ${after}`)).toBe(12_900);
    expect(() => statCpuMs('not a stat line')).toThrow();
  });

  it('reads the whole machine and its steal from /proc/stat, and the share stolen during runs', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    const stat = 'cpu  700 10 70 400 4 0 6 10 50 0\ncpu0 350 5 35 200 2 0 3 5 25 0\n';
    expect(machineTicks(stat)).toEqual({ total: 1200, steal: 10 });
    expect(machineTicks('intr 1 2 3\n')).toBeUndefined();
    const at = (total: number, steal: number): CpuSample => ({
      requestThread: 0,
      server: 0,
      loadGenerator: 0,
      machine: { total, steal },
    });
    const cpu = cpuPerRequest(
      [
        { before: at(1000, 10), after: at(1400, 50) },
        { before: at(2000, 60), after: at(2600, 120) },
      ],
      10,
    );
    expect(cpu?.steal).toBeCloseTo(0.1);
  });
});
