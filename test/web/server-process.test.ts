/**
 * The real server, spawned as `npm start` runs it: configuration errors in one line, health,
 * and SIGTERM (in test:soak: it starts the server three times). Its configuration in process is
 * test/web/server.test.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../helpers/raw-http.js';
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

describe('the server process', { timeout: 30_000 }, () => {
  it('stops at start-up with one clear line for a bad PORT', async () => {
    const { child, output } = spawnServer({ PORT: 'eighty' });
    expect(await exitOf(child)).toBe(1);
    expect(output().trim()).toBe('kanal: Invalid configuration: PORT="eighty" must be a port number');
  });

  it('says it in the language KANAL_LANG names', async () => {
    const { child, output } = spawnServer({ PORT: 'eighty', KANAL_LANG: 'zh' });
    expect(await exitOf(child)).toBe(1);
    expect(output().trim()).toBe('kanal: 配置无效：PORT="eighty" 必须是端口号');
  });

  it('says why the database cannot be used in the language KANAL_LANG names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kanal-srv-'));
    dirs.push(dir);
    const file = path.join(dir, 'kanal.db');
    writeFileSync(file, '');
    const { child, output } = spawnServer({ DATABASE_PATH: file, KANAL_LANG: 'ms' });
    expect(await exitOf(child)).toBe(1);
    expect(output().trim()).toBe(
      `kanal: pangkalan data ${file} tidak dapat digunakan: fail itu kosong (0 bait), jadi tiada pelan di dalamnya; pulihkan daripada sandaran, atau padamkannya untuk bermula dengan pangkalan data kosong.`,
    );
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
    // What Node's parser refuses gets a message in every language, never a blank page.
    const long = await rawRequest(port, `GET /r/${'x'.repeat(70_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(long).toMatch(/^HTTP\/1\.1 431 /);
    expect(long).toMatch(/\r\nContent-Type: text\/plain; charset=utf-8\r\n/);
    for (const text of [
      'What was sent is too large.',
      'Data yang dikirim terlalu besar.',
      '发送的内容太大了。',
    ])
      expect(long).toContain(text);
    const garbage = await rawRequest(port, 'NOT HTTP\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain('Kanal could not understand that request.');
    expect(garbage).toContain('Kanal tidak dapat memahami permintaan itu.');
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
