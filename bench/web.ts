/**
 * The web benchmark: the real server (`node scripts/start.mjs`, NODE_ENV=production,
 * RATE_LIMIT=off) on loopback, first on a temporary SQLite database and then, when DATABASE_URL
 * is set, again on PostgreSQL: on a new database made on DATABASE_URL's server and dropped after
 * (benchDatabase), or, where its role may not create databases, on DATABASE_URL's own (the
 * run's plans stay there); CSRF_SECRETS passed through, or a fresh one. Measured with
 * autocannon at 50 connections, every request accepting compression as browsers and fetch do:
 * GET of a stored plan's report page, POST /api/v1/plans with an example's Answers, and /healthz
 * as the trivial route of the same run. Each route is measured twice (decision 035):
 * - flat out: 50 connections each sending its next request as soon as the last is answered.
 *   This gives the most requests a second, and the ratios to the trivial route (the absolute
 *   numbers depend on the machine; the ratios much less). Its latency is mostly queueing: with
 *   every connection always waiting, the mean latency is 50 / (requests a second) (Little's
 *   law), so a route's p99 there says how fast it is, not how long a user waits;
 * - at half load: half the requests a second that route managed flat out, each sent at its own
 *   moment over at most 50 kept-alive connections (steadyLoad: an open load, latency counted from
 *   when each request was due), which is the wait a user sees on a busy server that is not
 *   overloaded.
 * Prints, per store, req/s, p50/p99 latency and failures of each, the ratios against the targets
 * of issue 13 (each round's, and the median round's), and the start-up time (spawn to the first
 * 200 from /healthz, with src/ already compiled: a restart's, not the first start after a
 * change). Where /proc can be read (Linux), it also prints each route's CPU time per request
 * flat out: the server's request thread, the whole server process, PostgreSQL's processes on
 * this machine, and the load generator (this process). The two cores are shared by all four, so
 * the throughput ratios say what this machine does; the request thread's CPU says what one
 * request costs the thread that every request of the instance goes through. Bounded:
 * BENCH_WEB_SECONDS (default 10) per route flat out, split into BENCH_WEB_ROUNDS (default 5)
 * rounds in which the routes take turns, then as long per route at half load, after
 * BENCH_WEB_WARMUP seconds (default 2) of warm-up per route.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createScratchDatabase } from '../scripts/scratch-database.js';
import { ensureBuild } from '../scripts/start.mjs';
import { median } from './stats.js';

interface CannonResult {
  /** `total`: answered; `sent`: also those still at the server when the run's time was up. */
  readonly requests: { readonly total: number; readonly sent: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}
interface CannonOptions {
  readonly url: string;
  readonly connections: number;
  readonly duration: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
}
type Autocannon = (options: CannonOptions) => Promise<CannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const ROOT = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 50;
/** Rounds of the flat-out measurement (BENCH_WEB_ROUNDS, default 5; at most one a second). */
const ROUNDS = Number(process.env.BENCH_WEB_ROUNDS ?? 5);
/** Server starts timed per store (the median is reported). */
const STARTS = 3;
/** What browsers and Node's fetch send. */
const ACCEPT_ENCODING = 'gzip, deflate, br';
/** Issue 13's targets, printed beside the figures (never asserted: they depend on the machine). */
export const TARGETS = { reportRatio: 0.8, createRatio: 0.3, p99Ms: 50, startupMs: 1000 } as const;

export interface RouteNumbers {
  readonly route: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** CPU time per request over the flat-out rounds; undefined where /proc cannot be read. */
  readonly cpu?: CpuPerRequest;
  /** The same route at half the rate it managed flat out. */
  readonly halfLoad: LoadNumbers;
}

/** Microseconds of CPU (user and system) per request sent, those in flight at a run's end too. */
export interface CpuPerRequest {
  /** The server's main thread: the one that runs every request's JavaScript. */
  readonly requestThread: number;
  /**
   * The whole server process: its request thread, V8's garbage collection and compiler threads,
   * libuv's pool.
   */
  readonly server: number;
  /**
   * The `postgres` processes on this machine; absent on SQLite (the database is in the server)
   * and when no `postgres` process runs here.
   */
  readonly database?: number;
  /** This process, which runs autocannon. */
  readonly loadGenerator: number;
  /**
   * The share (0-1) of the machine's CPU time that the host took for others while the runs
   * went on (steal): what made this run slower than another on the same machine.
   */
  readonly steal?: number;
}

export interface LoadNumbers {
  /** Requests a second offered (half the flat-out rate) and answered. */
  readonly offered: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** The failures by what they were: an HTTP status, or the socket error's code. */
  readonly failedBy: Readonly<Record<string, number>>;
}

export interface WebBenchResult {
  readonly seconds: number;
  readonly connections: number;
  /** Rounds in which the routes took turns (measureAll). */
  readonly rounds: number;
  /** Each round's ratio of the route's req/s to /healthz's. */
  readonly reportRatios: readonly number[];
  readonly createRatios: readonly number[];
  readonly trivial: RouteNumbers;
  readonly report: RouteNumbers;
  readonly create: RouteNumbers;
  /** Spawn to the first 200 answer of /healthz: the median of `startupsMs`. */
  readonly startupMs: number;
  /** Each start's, in order (the first on a new database). */
  readonly startupsMs: readonly number[];
  readonly store: 'sqlite' | 'postgres';
  /** PostgreSQL only: a scratch database made for the run, or DATABASE_URL's own (benchDatabase). */
  readonly database?: 'scratch' | 'given';
}

export type BenchStore = WebBenchResult['store'];

async function startServer(
  databasePath: string,
  databaseUrl: string | undefined,
): Promise<{ child: ChildProcess; port: number; startupMs: number }> {
  const started = performance.now();
  // Several instances need shared CSRF secrets, so the server requires them with DATABASE_URL.
  const csrfSecrets = process.env.CSRF_SECRETS || randomBytes(32).toString('base64url');
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, CSRF_SECRETS: csrfSecrets } : {}),
      NODE_ENV: 'production',
      RATE_LIMIT: 'off',
      LOG_LEVEL: 'info',
      ...(process.env.PLAN_THREADS ? { PLAN_THREADS: process.env.PLAN_THREADS } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  child.stdout?.resume();
  child.stdout?.removeAllListeners('data');
  // Up when it answers: the first 200 from /healthz (the database answered too).
  for (;;) {
    if ((await healthStatus(port)) === 200) break;
    if (performance.now() - started > 20_000) throw new Error('server did not answer /healthz');
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, port, startupMs: performance.now() - started };
}

/** Linux's USER_HZ: /proc's CPU times are in ticks of 10 ms on every architecture Node runs on. */
const MS_PER_TICK = 10;

/** utime + stime, in ms, from the text of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file. */
export function statCpuMs(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces and parentheses itself:
  // fields 14 and 15 (utime, stime) are the 12th and 13th after its last closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`not a /proc stat line: ${stat.slice(0, 80)}`);
  return ticks * MS_PER_TICK;
}

const readStatMs = (file: string) => statCpuMs(readFileSync(file, 'utf8'));
/** The server's main thread (its thread id is its pid). */
const requestThreadMs = (pid: number) => readStatMs(`/proc/${pid}/task/${pid}/stat`);

/** CPU ms used so far by each live process named `postgres` (server, backends, workers), by pid. */
function postgresCpuMs(): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.includes(' (postgres) ')) byPid.set(entry, statCpuMs(stat));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return byPid;
}

/** The CPU ms each party has used so far. */
export interface CpuSample {
  readonly requestThread: number;
  readonly server: number;
  /** By pid; undefined on SQLite, or when no `postgres` process runs here (a remote database). */
  readonly database?: ReadonlyMap<string, number>;
  readonly loadGenerator: number;
  /** The machine's CPU time so far (/proc/stat, all cores, ticks): all of it, and the host's steal. */
  readonly machine?: { readonly total: number; readonly steal: number };
}

/** The first line of /proc/stat: every core's time by kind, in ticks; steal is the 8th kind. */
export function machineTicks(stat: string): { total: number; steal: number } | undefined {
  const line = stat.split('\n', 1)[0] ?? '';
  if (!line.startsWith('cpu ')) return undefined;
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // guest and guest_nice (9th, 10th) are already counted in user and nice.
  const counted = ticks.slice(0, 8);
  if (counted.length < 8 || counted.some((t) => !Number.isFinite(t))) return undefined;
  return { total: counted.reduce((a, b) => a + b, 0), steal: counted[7]! };
}

/**
 * A sample of every party's CPU, or undefined where /proc cannot be read. This process's own CPU
 * (the load generator's) is read last in a `before` sample and first in an `after` one, so the
 * scan of /proc is not counted as load generation.
 */
function cpuSample(serverPid: number, store: BenchStore, when: 'before' | 'after'): CpuSample | undefined {
  const mine = () => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  };
  try {
    const loadBefore = when === 'after' ? mine() : undefined;
    const requestThread = requestThreadMs(serverPid);
    const server = readStatMs(`/proc/${serverPid}/stat`);
    const pg = store === 'postgres' ? postgresCpuMs() : undefined;
    const machine = machineTicks(readFileSync('/proc/stat', 'utf8'));
    return {
      requestThread,
      server,
      ...(pg === undefined || pg.size === 0 ? {} : { database: pg }),
      ...(machine === undefined ? {} : { machine }),
      loadGenerator: loadBefore ?? mine(),
    };
  } catch {
    return undefined;
  }
}

/**
 * Waits until the server's request thread has stopped working: autocannon closes its
 * connections when its time is up with a request still at the server on each, and their CPU
 * belongs to the run that sent them, not to the next. Quiet: no new tick in 30 ms (under a
 * third of the thread busy); at most 2 s.
 */
async function serverQuiet(serverPid: number): Promise<void> {
  const ticks = () => {
    try {
      return requestThreadMs(serverPid);
    } catch {
      return undefined;
    }
  };
  let last = ticks();
  for (let waited = 0; last !== undefined && waited < 2000; waited += 30) {
    await new Promise((r) => setTimeout(r, 30));
    const now = ticks();
    if (now === last) return;
    last = now;
  }
}

/**
 * What the sampled runs used, per request sent, in microseconds: each pair is the samples
 * around one run. PostgreSQL's is summed over the processes present in both samples of a pair
 * (one that ended between them took its history with it); undefined when a pair has none.
 */
export function cpuPerRequest(
  spent: readonly { readonly before: CpuSample; readonly after: CpuSample }[],
  requests: number,
): CpuPerRequest | undefined {
  if (requests <= 0 || spent.length === 0) return undefined;
  const perRequest = (ms: number) => (ms * 1000) / requests;
  const total = (key: 'requestThread' | 'server' | 'loadGenerator') =>
    perRequest(spent.reduce((ms, s) => ms + (s.after[key] - s.before[key]), 0));
  let database: number | undefined = 0;
  let ticks = 0;
  let stolen = 0;
  for (const { before, after } of spent) {
    if (before.database === undefined || after.database === undefined) database = undefined;
    else if (database !== undefined)
      for (const [pid, ms] of after.database) database += ms - (before.database.get(pid) ?? ms);
    if (before.machine !== undefined && after.machine !== undefined) {
      ticks += after.machine.total - before.machine.total;
      stolen += after.machine.steal - before.machine.steal;
    }
  }
  return {
    requestThread: total('requestThread'),
    server: total('server'),
    ...(database === undefined ? {} : { database: perRequest(database) }),
    loadGenerator: total('loadGenerator'),
    ...(ticks > 0 ? { steal: stolen / ticks } : {}),
  };
}

/**
 * Each route flat out in `rounds` rounds, the routes taking turns within each round, then each at
 * half load. Taking turns matters on a shared machine whose speed changes within a minute (the
 * host took a third of the CPU at times): each round's ratios compare measurements seconds
 * apart, and the median round's ratio is reported.
 */
async function measureAll(
  routes: readonly { readonly route: string; readonly options: CannonOptions }[],
  seconds: number,
  warmUpSeconds: number,
  sample: (when: 'before' | 'after') => Promise<CpuSample | undefined>,
): Promise<{ numbers: RouteNumbers[]; ratios: number[][] }> {
  const rounds = Math.max(1, Math.min(ROUNDS, Math.floor(seconds)));
  const each = Math.max(1, Math.round(seconds / rounds));
  // Requests answered over the run's length: autocannon's `average` is the mean of its per-second
  // samples, and a one-second run whose sample fell after its end read 0 (a CI run, 2026-12-03).
  const perSecond = (x: CannonResult) => x.requests.total / each;
  if (warmUpSeconds > 0) for (const r of routes) await autocannon({ ...r.options, duration: warmUpSeconds });
  const results: CannonResult[][] = routes.map(() => []);
  const spent: { before: CpuSample; after: CpuSample }[][] = routes.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (const [k, r] of routes.entries()) {
      const before = await sample('before');
      results[k]!.push(await autocannon({ ...r.options, duration: each }));
      const after = await sample('after');
      if (before !== undefined && after !== undefined) spent[k]!.push({ before, after });
    }
  }
  const numbers = routes.map((r, k) => {
    const runs = results[k]!;
    const cpu =
      spent[k]!.length === runs.length
        ? cpuPerRequest(
            spent[k]!,
            runs.reduce((n, x) => n + x.requests.sent, 0),
          )
        : undefined;
    return {
      route: r.route,
      requestsPerSecond: median(runs.map(perSecond)),
      p50Ms: median(runs.map((x) => x.latency.p50)),
      p99Ms: median(runs.map((x) => x.latency.p99)),
      failures: runs.reduce((n, x) => n + failures(x), 0),
      ...(cpu === undefined ? {} : { cpu }),
    };
  });
  // Per route, its ratio to the first route (the trivial one) in each round.
  const ratios = routes.map((_r, k) =>
    results[k]!.map((x, i) => perSecond(x) / Math.max(1e-9, perSecond(results[0]![i]!))),
  );
  const halves: LoadNumbers[] = [];
  for (const [k, r] of routes.entries()) {
    halves.push(
      await steadyLoad(
        { ...r.options, duration: seconds },
        Math.max(1, Math.round(numbers[k]!.requestsPerSecond / 2)),
      ),
    );
  }
  return { numbers: numbers.map((n, k) => ({ ...n, halfLoad: halves[k]! })), ratios };
}

/**
 * `rate` requests a second for the options' duration, each sent at its own moment (i / rate
 * after the start) over at most `connections` kept-alive sockets, whatever the answers before
 * it: an open load, as users arrive. Each latency counts from the moment the request was due,
 * so a request that had to wait for a free socket counts its wait (no coordinated omission).
 * autocannon's own rate limit is not that: each connection sends its quota for the second as
 * fast as it can, then pauses, so the server sees bursts at full speed.
 */
async function steadyLoad(options: CannonOptions, rate: number): Promise<LoadNumbers> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const total = Math.max(1, Math.round(rate * options.duration));
  const latencies: number[] = [];
  const failedBy: Record<string, number> = {};
  const fail = (why: string) => {
    failedBy[why] = (failedBy[why] ?? 0) + 1;
  };
  const start = performance.now();
  const one = (due: number) =>
    new Promise<void>((resolve) => {
      // Once per request: a response cut off after its headers errs on the response, and a
      // socket error can follow it on the request.
      let settled = false;
      const failWith = (why: string) => {
        if (settled) return;
        settled = true;
        fail(why);
        resolve();
      };
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: options.method ?? 'GET',
          headers: options.headers,
        },
        (res) => {
          res.resume();
          res.on('error', (err: NodeJS.ErrnoException) => failWith(err.code ?? 'aborted'));
          res.on('close', () => {
            if (!res.complete) failWith('aborted');
          });
          res.on('end', () => {
            if (settled) return;
            settled = true;
            // As autocannon counts them: any answer but a 2xx is a failure.
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 299) fail(String(status));
            latencies.push(performance.now() - due);
            resolve();
          });
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => failWith(err.code ?? err.name));
      req.end(options.body);
    });
  const pending: Promise<void>[] = [];
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    while (sent < total && start + (sent * 1000) / rate <= now) {
      pending.push(one(start + (sent * 1000) / rate));
      sent += 1;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    offered: rate,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    failures: Object.values(failedBy).reduce((n, k) => n + k, 0),
    failedBy,
  };
}

const failures = (r: CannonResult) => r.errors + r.timeouts + r.non2xx;

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The status of GET /healthz through node:http (fetch's first call would load undici meanwhile). */
function healthStatus(port: number): Promise<number> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', () => resolve(0));
  });
}

/** The stores to measure: SQLite, and PostgreSQL too when DATABASE_URL is set. */
export function benchStores(env: NodeJS.ProcessEnv = process.env): BenchStore[] {
  return env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Where a PostgreSQL run's plans go; `drop` removes a scratch database (a no-op for the given one). */
export interface BenchDatabase {
  readonly url: string;
  readonly kind: 'scratch' | 'given';
  drop(): Promise<void>;
}

/** PostgreSQL's code for a refused privilege (CREATE DATABASE without CREATEDB). */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * The database a PostgreSQL run uses: a new, empty one on DATABASE_URL's server, dropped after
 * the run, so that every run starts as the SQLite run does (on a new file) and repeated runs do
 * not measure a table grown by the ones before (a database that had taken 130,000 plans from
 * earlier runs was 1.2 GB). Where the role may not create databases, DATABASE_URL's own
 * database, and the run's plans stay there. Any other failure (an unreachable server) is thrown.
 */
export async function benchDatabase(
  url: string,
  create: typeof createScratchDatabase = createScratchDatabase,
): Promise<BenchDatabase> {
  try {
    const scratch = await create(url, 'kanal_bench');
    return { url: scratch.url, kind: 'scratch', drop: () => scratch.drop() };
  } catch (err) {
    if ((err as { code?: unknown }).code !== INSUFFICIENT_PRIVILEGE) throw err;
    return { url, kind: 'given', drop: async () => {} };
  }
}

/** One run on one store (default: PostgreSQL when DATABASE_URL is set, else SQLite). */
export async function runWebBench(
  seconds = Number(process.env.BENCH_WEB_SECONDS ?? 10),
  warmUp = Number(process.env.BENCH_WEB_WARMUP ?? 2),
  store: BenchStore = process.env.DATABASE_URL ? 'postgres' : 'sqlite',
): Promise<WebBenchResult> {
  const givenUrl = store === 'postgres' ? process.env.DATABASE_URL : undefined;
  if (store === 'postgres' && !givenUrl) throw new Error('the PostgreSQL run needs DATABASE_URL');
  const database = givenUrl === undefined ? undefined : await benchDatabase(givenUrl);
  // Stopped with Ctrl-C (the server, in the same process group, stops too): drop it all the same.
  const interrupted = () => {
    void database?.drop().finally(() => process.exit(130));
  };
  if (database?.kind === 'scratch') process.once('SIGINT', interrupted);
  try {
    return await runOn(seconds, warmUp, store, database);
  } finally {
    process.removeListener('SIGINT', interrupted);
    await database?.drop();
  }
}

async function runOn(
  seconds: number,
  warmUp: number,
  store: BenchStore,
  database: BenchDatabase | undefined,
): Promise<WebBenchResult> {
  const databaseUrl = database?.url;
  const dir = mkdtempSync(path.join(tmpdir(), 'kanal-bench-'));
  const answers = readFileSync(path.join(ROOT, 'examples', 'sg-hair-salon.json'), 'utf8');
  // Compiled before the clock starts, so the start-up measured is a restart's (the build
  // reused), not the one-off compile after a change to src/ (decision 030).
  await ensureBuild();
  // Three starts on the same database (the first creates and migrates it, as `npm start` on a
  // fresh machine does), the median reported: one start on this machine ranged 0.6-1.6 s.
  const starts: number[] = [];
  for (let i = 0; i < STARTS - 1; i++) {
    const trial = await startServer(path.join(dir, 'kanal.db'), databaseUrl);
    starts.push(trial.startupMs);
    await stopServer(trial.child);
  }
  const server = await startServer(path.join(dir, 'kanal.db'), databaseUrl);
  starts.push(server.startupMs);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const made = await fetch(`${base}/api/v1/plans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: answers,
    });
    if (made.status !== 201) throw new Error(`could not make the plan to read: ${made.status}`);
    const { id } = (await made.json()) as { id: string };
    const common = {
      connections: CONNECTIONS,
      duration: seconds,
      headers: { 'accept-encoding': ACCEPT_ENCODING },
    };
    const { numbers, ratios } = await measureAll(
      [
        { route: 'GET /healthz', options: { ...common, url: `${base}/healthz` } },
        { route: 'GET /r/:id', options: { ...common, url: `${base}/r/${id}` } },
        {
          route: 'POST /api/v1/plans',
          options: {
            ...common,
            url: `${base}/api/v1/plans`,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'accept-encoding': ACCEPT_ENCODING },
            body: answers,
          },
        },
      ],
      seconds,
      warmUp,
      async (when) => {
        const pid = server.child.pid;
        if (pid === undefined) return undefined;
        await serverQuiet(pid);
        return cpuSample(pid, store, when);
      },
    );
    const [trivial, report, create] = numbers as [RouteNumbers, RouteNumbers, RouteNumbers];
    return {
      seconds,
      connections: CONNECTIONS,
      rounds: ratios[0]!.length,
      trivial,
      report,
      create,
      reportRatios: ratios[1]!,
      createRatios: ratios[2]!,
      startupMs: median(starts),
      startupsMs: starts,
      store,
      ...(database === undefined ? {} : { database: database.kind }),
    };
  } finally {
    await stopServer(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "503 x 2, ECONNRESET x 1". */
const whatFailed = (by: Readonly<Record<string, number>>) =>
  Object.entries(by)
    .map(([why, n]) => `${why} x ${n}`)
    .join(', ');

export function printWebBench(r: WebBenchResult): void {
  const f = (x: number) => Math.round(x).toLocaleString('en');
  const ms = (x: number) => `${String(x).padStart(4)} ms`;
  const line = (n: RouteNumbers) =>
    `  ${n.route.padEnd(20)} ${f(n.requestsPerSecond).padStart(7)} req/s   p50 ${ms(n.p50Ms)}   p99 ${ms(n.p99Ms)}${n.failures > 0 ? `   ${n.failures} failed` : ''}` +
    `   | half load ${f(n.halfLoad.offered).padStart(6)} req/s: p50 ${ms(n.halfLoad.p50Ms)}   p99 ${ms(n.halfLoad.p99Ms)}${n.halfLoad.failures > 0 ? `   ${n.halfLoad.failures} failed (${whatFailed(n.halfLoad.failedBy)})` : ''}`;
  const where =
    r.database === undefined
      ? ''
      : r.database === 'scratch'
        ? " on a new database on DATABASE_URL's server, dropped after"
        : " on DATABASE_URL's own database (its role may not create one; the run's plans stay there)";
  console.log(
    `web (real server, ${r.store}${where}, NODE_ENV=production, ${r.connections} connections, ${r.seconds} s per route flat out in ${r.rounds} rounds taking turns, then ${r.seconds} s at half load, after warm-up; accept-encoding: ${ACCEPT_ENCODING}; req/s and latencies are the median round's)`,
  );
  console.log(line(r.trivial));
  console.log(line(r.report));
  console.log(line(r.create));
  const routes = [r.trivial, r.report, r.create];
  if (routes.every((n) => n.cpu !== undefined)) {
    const u = (x: number) => (x / 1000).toFixed(2);
    const pg = r.store === 'postgres';
    console.log(
      `  CPU per request flat out, ms: request thread / whole server${pg ? ' / PostgreSQL (its processes on this machine)' : ''} / load generator`,
    );
    for (const n of routes) {
      const c = n.cpu!;
      const database = c.database === undefined ? 'n/a' : u(c.database);
      const parts = [u(c.requestThread), u(c.server), ...(pg ? [database] : []), u(c.loadGenerator)];
      const steal =
        c.steal === undefined
          ? ''
          : `   (the host took ${Math.round(c.steal * 100)} % of the machine meanwhile)`;
      console.log(`    ${n.route.padEnd(20)} ${parts.join(' / ')}${steal}`);
    }
  }
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ratio = (a: RouteNumbers, rounds: readonly number[], target: number) => {
    const x = median(rounds);
    const spread = `${Math.min(...rounds).toFixed(2)}-${Math.max(...rounds).toFixed(2)} over ${rounds.length} rounds`;
    // Little's law: flat out, the mean latency is connections / throughput.
    const queueing = Math.round((r.connections / Math.max(1e-9, a.requestsPerSecond)) * 1000);
    const failed = a.failures + a.halfLoad.failures;
    // Where only the request thread limited both routes, their ratio would be this one.
    const byThread =
      a.cpu === undefined || r.trivial.cpu === undefined
        ? ''
        : `, ${(r.trivial.cpu.requestThread / Math.max(1e-9, a.cpu.requestThread)).toFixed(2)} by request-thread CPU`;
    return (
      `${x.toFixed(2)} x the req/s of /healthz (${spread}${byThread}; target >= ${target}: ${verdict(x >= target)}); ` +
      `p99 ${a.halfLoad.p99Ms} ms at half load (target < ${TARGETS.p99Ms}: ${verdict(a.halfLoad.p99Ms < TARGETS.p99Ms)}), ` +
      `${a.p99Ms} ms flat out (${verdict(a.p99Ms < TARGETS.p99Ms)}; its mean is at least ${queueing} ms by queueing alone); ${failed} failed`
    );
  };
  console.log(`  report page: ${ratio(r.report, r.reportRatios, TARGETS.reportRatio)}`);
  console.log(`  create plan: ${ratio(r.create, r.createRatios, TARGETS.createRatio)}`);
  console.log(
    `  start-up: ${Math.round(r.startupMs)} ms from spawn to the first 200 of /healthz, median of ${r.startupsMs.map((x) => Math.round(x)).join(', ')} ms, build reused (target < ${TARGETS.startupMs}: ${verdict(r.startupMs < TARGETS.startupMs)})`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  // One store after the other (never at once: they would share the two cores).
  for (const store of benchStores()) printWebBench(await runWebBench(undefined, undefined, store));
}
