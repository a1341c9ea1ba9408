/**
 * The web benchmark: the real server (`node --import tsx src/server.ts`, NODE_ENV=production,
 * RATE_LIMIT=off, a temporary database, logs at warn) on loopback, measured with autocannon at
 * 50 connections: GET of a stored plan's report page, POST /api/v1/plans with an example's
 * Answers, and /healthz as the trivial route of the same run. Prints req/s, p99 latency and
 * failed requests of each, the ratios to the trivial route (the absolute numbers depend on the
 * machine; the ratios much less), and the start-up time: from spawning the server to its first
 * answered /healthz. Bounded: BENCH_WEB_SECONDS (default 10) per route after a 2 s warm-up.
 * On SQLite always; with DATABASE_URL (postgres://) set, on that PostgreSQL database too (plans
 * are added to it: use a scratch database).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

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
}
type Autocannon = (options: CannonOptions) => Promise<CannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const ROOT = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 50;

export interface RouteNumbers {
  readonly route: string;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

export type BenchStore = 'sqlite' | 'postgres';

export interface WebBenchResult {
  readonly store: BenchStore;
  /** From spawning the server to its first answered request (ms). */
  readonly startupMs: number;
  readonly seconds: number;
  readonly connections: number;
  readonly trivial: RouteNumbers;
  readonly report: RouteNumbers;
  readonly create: RouteNumbers;
}

async function startServer(
  databasePath: string,
  databaseUrl?: string,
): Promise<{ child: ChildProcess; port: number; startupMs: number }> {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: databasePath,
      ...(databaseUrl === undefined
        ? {}
        : { DATABASE_URL: databaseUrl, CSRF_SECRETS: randomBytes(32).toString('base64url') }),
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
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, port, startupMs: performance.now() - began };
}

async function measure(route: string, options: CannonOptions, warmUpSeconds: number): Promise<RouteNumbers> {
  await autocannon({ ...options, duration: warmUpSeconds });
  const r = await autocannon(options);
  return {
    route,
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    failures: r.errors + r.timeouts + r.non2xx,
  };
}

export async function runWebBench(
  seconds = Number(process.env.BENCH_WEB_SECONDS ?? 10),
  databaseUrl?: string,
): Promise<WebBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kanal-bench-'));
  const answers = readFileSync(path.join(ROOT, 'examples', 'sg-hair-salon.json'), 'utf8');
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
    const common = { connections: CONNECTIONS, duration: seconds };
    const trivial = await measure('GET /healthz', { ...common, url: `${base}/healthz` }, 2);
    const report = await measure('GET /r/:id', { ...common, url: `${base}/r/${id}` }, 2);
    const create = await measure(
      'POST /api/v1/plans',
      {
        ...common,
        url: `${base}/api/v1/plans`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: answers,
      },
      2,
    );
    return {
      store: databaseUrl === undefined ? 'sqlite' : 'postgres',
      startupMs: server.startupMs,
      seconds,
      connections: CONNECTIONS,
      trivial,
      report,
      create,
    };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printWebBench(r: WebBenchResult): void {
  const f = (x: number) => Math.round(x).toLocaleString('en');
  const line = (n: RouteNumbers) =>
    `  ${n.route.padEnd(20)} ${f(n.requestsPerSecond).padStart(7)} req/s   p50 ${String(n.p50Ms).padStart(4)} ms   p99 ${String(n.p99Ms).padStart(4)} ms   ${n.failures} errors`;
  console.log(
    `web on ${r.store === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (real server, NODE_ENV=production, ${r.connections} connections, ${r.seconds} s each after 2 s warm-up)`,
  );
  console.log(`  start-up to first answered request: ${Math.round(r.startupMs)} ms`);
  console.log(line(r.trivial));
  console.log(line(r.report));
  console.log(line(r.create));
  const ratio = (a: RouteNumbers) =>
    `${(a.requestsPerSecond / r.trivial.requestsPerSecond).toFixed(2)} x the req/s, ${(a.p99Ms / Math.max(1, r.trivial.p99Ms)).toFixed(1)} x the p99 of /healthz`;
  console.log(`  report page: ${ratio(r.report)}`);
  console.log(`  create plan: ${ratio(r.create)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  printWebBench(await runWebBench());
  const url = process.env.DATABASE_URL?.trim();
  if (url) printWebBench(await runWebBench(undefined, url));
}
