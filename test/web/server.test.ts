/** The real server, spawned as `npm start` runs it: configuration errors, health, SIGTERM. */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { spawnServer } from '../helpers/spawn.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

async function waitFor(check: () => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('configuration', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATABASE_PATH: './data/kanal.db',
      RETENTION_DAYS: 180,
      HTTPS: false,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc" must be a port number'],
    [{ PORT: '70000' }, 'PORT="70000" must be between 0 and 65535'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY="true" must not be "true"'],
    [{ RETENTION_DAYS: '0' }, 'RETENTION_DAYS="0" must be at least 1'],
    [{ BASE_URL: 'kanal.example' }, 'BASE_URL="kanal.example" must be an http(s) address'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL="loud" must be one of'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV="staging" must be development, production or test'],
    [{ TRUST_PROXY: 'TRUE' }, 'TRUST_PROXY="TRUE" must not be "true"'],
    [
      { TRUST_PROXY: 'everyone' },
      'TRUST_PROXY="everyone" must be false, a hop count, or a comma-separated list',
    ],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY="10.0.0.0/33" must be false, a hop count'],
    [{ RATE_LIMIT: 'maybe' }, 'RATE_LIMIT="maybe" must be on or off'],
    [{ RATE_LIMIT_CREATE_PER_HOUR: '0' }, 'RATE_LIMIT_CREATE_PER_HOUR="0" must be at least 1'],
    [{ RATE_LIMIT_API_PER_MINUTE: 'lots' }, 'RATE_LIMIT_API_PER_MINUTE="lots" must be a number of requests'],
    [{ RATE_LIMIT_MISSES_PER_HOUR: '1.5' }, 'RATE_LIMIT_MISSES_PER_HOUR="1.5" must be a whole number'],
    [{ DRAFT_RETENTION_DAYS: '0' }, 'DRAFT_RETENTION_DAYS="0" must be at least 1'],
    [{ PURGE_INTERVAL_MINUTES: '0' }, 'PURGE_INTERVAL_MINUTES="0" must be at least 1'],
    [{ SQLITE_BUSY_TIMEOUT_MS: '-1' }, 'SQLITE_BUSY_TIMEOUT_MS="-1" must be at least 0'],
  ])('refuses %j', (env, text) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(text);
  });

  it('reads HTTPS from BASE_URL unless told', () => {
    expect(loadConfig({ BASE_URL: 'https://k.example.org/' })).toMatchObject({
      HTTPS: true,
      BASE_URL: 'https://k.example.org',
    });
    expect(loadConfig({ BASE_URL: 'https://k.example.org', HTTPS: 'false' }).HTTPS).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
  });

  it('has safe defaults for limits, retention and the database, and reads their overrides', () => {
    expect(loadConfig({})).toMatchObject({
      TRUST_PROXY: false,
      RATE_LIMIT: true,
      RATE_LIMIT_CREATE_PER_HOUR: 30,
      RATE_LIMIT_API_PER_MINUTE: 120,
      RATE_LIMIT_MISSES_PER_HOUR: 60,
      DRAFT_RETENTION_DAYS: 30,
      PURGE_INTERVAL_MINUTES: 60,
      SQLITE_BUSY_TIMEOUT_MS: 5000,
    });
    expect(loadConfig({ RATE_LIMIT: 'off' }).RATE_LIMIT).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).TRUST_PROXY).toBe(
      'loopback, 10.0.0.0/8, fd00::/8',
    );
    expect(loadConfig({ TRUST_PROXY: '192.0.2.1' }).TRUST_PROXY).toBe('192.0.2.1');
  });
});

describe('the server process', { timeout: 30_000 }, () => {
  it('stops at start-up with one clear line for a bad PORT', async () => {
    const { child, output } = spawnServer({ PORT: 'eighty' });
    expect(await exitOf(child)).toBe(1);
    expect(output().trim()).toBe('kanal: Invalid configuration: PORT="eighty" must be a port number');
  });

  it('stops at start-up with one clear line when the database cannot be opened', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-srv-'));
    dirs.push(dir);
    const { child, output } = spawnServer({ DATABASE_PATH: dir }); // a folder, not a file
    expect(await exitOf(child)).toBe(1);
    expect(output().trim().split('\n')).toHaveLength(1);
    expect(output()).toMatch(/^kanal: /);
  });

  it('creates and migrates the database, answers /healthz, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-srv-'));
    dirs.push(dir);
    const db = path.join(dir, 'sub', 'kanal.db');
    const { child, output } = spawnServer({
      PORT: '0',
      DATABASE_PATH: db,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    });
    const exit = exitOf(child);
    await waitFor(() => /"port":\d+/.test(output()));
    const port = Number(/"port":(\d+)/.exec(output())?.[1]);
    expect(existsSync(db)).toBe(true);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // A request in flight when SIGTERM arrives (half its headers sent) still gets its answer.
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (b: Buffer) => {
      response += b.toString();
    });
    const closed = new Promise((r) => socket.on('close', r));
    await new Promise((r) => socket.on('connect', r));
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    socket.write('Connection: close\r\n\r\n');
    await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200/);
    expect(await exit).toBe(0);
    expect(output()).toContain('database closed');
    expect(output()).not.toMatch(/\/d\/[A-Za-z0-9_-]{43}|\/r\/[A-Za-z0-9_-]{43}/);
  });
});
