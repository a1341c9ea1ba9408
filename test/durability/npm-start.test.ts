/**
 * Killing the PID of `npm start` stops the server (issue 10 item 5): the start script execs
 * node (so npm's child is the server and npm forwards SIGTERM), and a server started by npm
 * notices npm's death even by SIGKILL (which npm cannot forward) and shuts down.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/spawn.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kanal-npm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function npmStart(name: string) {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      DATABASE_PATH: path.join(dir, `${name}.db`),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return { child, output: () => out };
}

async function until(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function started(npm: { child: ChildProcess; output: () => string }) {
  await until(() => /"port":(\d+)/.test(npm.output()), 30_000, 'the server to listen');
  const port = Number(/"port":(\d+)/.exec(npm.output())?.[1]);
  const serverPid = Number(/"pid":(\d+)[^\n]*Kanal is listening/.exec(npm.output())?.[1]);
  expect(serverPid).toBeGreaterThan(0);
  expect(serverPid).not.toBe(npm.child.pid);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  return { port, serverPid };
}

describe('npm start', { timeout: 60_000 }, () => {
  it('stops the server when npm is sent SIGTERM', async () => {
    const npm = npmStart('term');
    const { serverPid } = await started(npm);
    npm.child.kill('SIGTERM');
    await until(() => !alive(serverPid), 15_000, 'the server to exit');
    expect(npm.output()).toContain('database closed');
  });

  it('stops the server when npm is killed with SIGKILL', async () => {
    const npm = npmStart('kill');
    const { port, serverPid } = await started(npm);
    npm.child.kill('SIGKILL');
    await until(() => !alive(serverPid), 15_000, 'the orphaned server to exit');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
