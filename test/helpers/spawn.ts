/**
 * Spawns the real server from its TypeScript sources (tsx on src/server.ts, what `npm start` runs
 * when it cannot compile), with only PATH and the given environment, collecting stdout and stderr
 * together. Used by the server, durability and several-instance tests. Sources, not the build:
 * suites started at once would otherwise race to write the one `.kanal-build` directory.
 * The compiled build is run by test/durability/npm-start.test.ts (`npm start`) and by
 * `npm run bench:web` (scripts/start.mjs, which `npm start` execs); the build itself is tested
 * by test/perf/start-build.test.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Spawned {
  readonly child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
}

export function spawnServer(env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    out += b.toString();
  });
  return { child, output: () => out };
}
