/**
 * The web benchmark: the real server (`node scripts/start.mjs`, NODE_ENV=production,
 * RATE_LIMIT=off) on loopback, first on a temporary SQLite database and then, when DATABASE_URL
 * is set, again on that PostgreSQL database (passed through, with CSRF_SECRETS or a fresh one;
 * the plans the run makes stay there, so point it at a database of its own). Measured with
 * autocannon at 50 connections, every request accepting compression as browsers and fetch do:
 * GET of a stored plan's report page, POST /api/v1/plans with an example's Answers, and /healthz
 * as the trivial route of the same run. Each route is measured twice (decision 035):
 * - flat out: 50 connections each sending its next request as soon as the last is answered.
 *   This gives the most requests a second, and the ratios to the trivial route (the absolute
 *   numbers depend on the machine; the ratios much less). Its latency is mostly queueing: with
 *   every connection always waiting, the mean latency is 50 / (requests a second) (Little's
 *   law), so a route's p99 there says how fast it is, not how long a user waits;
 * - at half load: the same 50 connections sending, together, half the requests a second that
 *   route managed flat out, at a steady rate (autocannon's overallRate, with its correction for
 *   coordinated omission), which is the latency a user sees on a busy but not overloaded server.
 * Prints, per store, req/s, p50/p99 latency and failures of each, the ratios against the targets
 * of issue 13, and the start-up time (spawn to the first 200 from /healthz, with src/ already
 * compiled: a restart's, not the first start after a change). Bounded: BENCH_WEB_SECONDS
 * (default 10) per route and phase after BENCH_WEB_WARMUP seconds (default 2) of warm-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureBuild } from '../scripts/start.mjs';

interface CannonResult {
  readonly requests: { readonly average: number; readonly total: number };
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
  /** Requests a second from all connections together (none: as fast as answered). */
  readonly overallRate?: number;
}
type Autocannon = (options: CannonOptions) => Promise<CannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const ROOT = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 50;
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
  /** The same route at half the rate it managed flat out. */
  readonly halfLoad: LoadNumbers;
}

export interface LoadNumbers {
  /** Requests a second offered (half the flat-out rate) and answered. */
  readonly offered: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

export interface WebBenchResult {
  readonly seconds: number;
  readonly connections: number;
  readonly trivial: RouteNumbers;
  readonly report: RouteNumbers;
  readonly create: RouteNumbers;
  /** Spawn to the first 200 answer of /healthz. */
  readonly startupMs: number;
  readonly store: 'sqlite' | 'postgres';
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

async function measure(route: string, options: CannonOptions, warmUpSeconds: number): Promise<RouteNumbers> {
  if (warmUpSeconds > 0) await autocannon({ ...options, duration: warmUpSeconds });
  const r = await autocannon(options);
  const offered = Math.max(1, Math.round(r.requests.average / 2));
  const half = await autocannon({ ...options, overallRate: offered });
  return {
    route,
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failures: failures(r),
    halfLoad: {
      offered,
      requestsPerSecond: half.requests.average,
      p50Ms: half.latency.p50,
      p99Ms: half.latency.p99,
      failures: failures(half),
    },
  };
}

const failures = (r: CannonResult) => r.errors + r.timeouts + r.non2xx;

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

/** One run on one store (default: PostgreSQL when DATABASE_URL is set, else SQLite). */
export async function runWebBench(
  seconds = Number(process.env.BENCH_WEB_SECONDS ?? 10),
  warmUp = Number(process.env.BENCH_WEB_WARMUP ?? 2),
  store: BenchStore = process.env.DATABASE_URL ? 'postgres' : 'sqlite',
): Promise<WebBenchResult> {
  const databaseUrl = store === 'postgres' ? process.env.DATABASE_URL : undefined;
  if (store === 'postgres' && !databaseUrl) throw new Error('the PostgreSQL run needs DATABASE_URL');
  const dir = mkdtempSync(path.join(tmpdir(), 'kanal-bench-'));
  const answers = readFileSync(path.join(ROOT, 'examples', 'sg-hair-salon.json'), 'utf8');
  // Compiled before the clock starts, so the start-up measured is a restart's (the build
  // reused), not the one-off compile after a change to src/ (decision 030).
  await ensureBuild();
  const server = await startServer(path.join(dir, 'kanal.db'), databaseUrl);
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
    const trivial = await measure('GET /healthz', { ...common, url: `${base}/healthz` }, warmUp);
    const report = await measure('GET /r/:id', { ...common, url: `${base}/r/${id}` }, warmUp);
    const create = await measure(
      'POST /api/v1/plans',
      {
        ...common,
        url: `${base}/api/v1/plans`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-encoding': ACCEPT_ENCODING },
        body: answers,
      },
      warmUp,
    );
    return {
      seconds,
      connections: CONNECTIONS,
      trivial,
      report,
      create,
      startupMs: server.startupMs,
      store,
    };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printWebBench(r: WebBenchResult): void {
  const f = (x: number) => Math.round(x).toLocaleString('en');
  const ms = (x: number) => `${String(x).padStart(4)} ms`;
  const line = (n: RouteNumbers) =>
    `  ${n.route.padEnd(20)} ${f(n.requestsPerSecond).padStart(7)} req/s   p50 ${ms(n.p50Ms)}   p99 ${ms(n.p99Ms)}${n.failures > 0 ? `   ${n.failures} failed` : ''}` +
    `   | half load ${f(n.halfLoad.offered).padStart(6)} req/s: p50 ${ms(n.halfLoad.p50Ms)}   p99 ${ms(n.halfLoad.p99Ms)}${n.halfLoad.failures > 0 ? `   ${n.halfLoad.failures} failed` : ''}`;
  console.log(
    `web (real server, ${r.store}, NODE_ENV=production, ${r.connections} connections, ${r.seconds} s each after warm-up, accept-encoding: ${ACCEPT_ENCODING})`,
  );
  console.log(line(r.trivial));
  console.log(line(r.report));
  console.log(line(r.create));
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ratio = (a: RouteNumbers, target: number) => {
    const x = a.requestsPerSecond / Math.max(1e-9, r.trivial.requestsPerSecond);
    // Little's law: flat out, the mean latency is connections / throughput.
    const queueing = Math.round((r.connections / Math.max(1e-9, a.requestsPerSecond)) * 1000);
    const failed = a.failures + a.halfLoad.failures;
    return (
      `${x.toFixed(2)} x the req/s of /healthz (target >= ${target}: ${verdict(x >= target)}); ` +
      `p99 ${a.halfLoad.p99Ms} ms at half load (target < ${TARGETS.p99Ms}: ${verdict(a.halfLoad.p99Ms < TARGETS.p99Ms)}), ` +
      `${a.p99Ms} ms flat out (${verdict(a.p99Ms < TARGETS.p99Ms)}; its mean is at least ${queueing} ms by queueing alone); ${failed} failed`
    );
  };
  console.log(`  report page: ${ratio(r.report, TARGETS.reportRatio)}`);
  console.log(`  create plan: ${ratio(r.create, TARGETS.createRatio)}`);
  console.log(
    `  start-up: ${Math.round(r.startupMs)} ms from spawn to the first 200 of /healthz, build reused (target < ${TARGETS.startupMs}: ${verdict(r.startupMs < TARGETS.startupMs)})`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  // One store after the other (never at once: they would share the two cores).
  for (const store of benchStores()) printWebBench(await runWebBench(undefined, undefined, store));
}
