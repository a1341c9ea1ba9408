/**
 * Graceful shutdown under load (T17): requests the server has accepted before SIGTERM are all
 * answered and their plans kept; the process closes the database cleanly (no -wal left) and
 * exits 0 well within its grace period.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { startServer } from './spawn.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kanal-stop-'));
const dbPath = path.join(dir, 'kanal.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IN_FLIGHT = 24;
const LOADERS = 4;

/** A raw HTTP POST whose body is sent in two halves, so the server is mid-request in between. */
function halfSentCreate(port: number, name: string) {
  const body = Buffer.from(
    JSON.stringify({ ...SALON_ANSWERS, business: { ...SALON_ANSWERS.business, name } }),
  );
  const socket = net.connect(port, '127.0.0.1');
  let response = '';
  socket.on('data', (b: Buffer) => {
    response += b.toString();
  });
  const closed = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(response));
    socket.on('error', () => undefined);
  });
  const connected = new Promise((r) => socket.on('connect', r));
  const half = Math.floor(body.length / 2);
  return {
    async begin() {
      await connected;
      socket.write(
        `POST /api/v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      );
      socket.write(body.subarray(0, half));
    },
    finish() {
      socket.write(body.subarray(half));
    },
    closed,
  };
}

describe('graceful shutdown', () => {
  it('answers every accepted request, keeps every acknowledged plan, and exits 0', {
    timeout: 60_000,
  }, async () => {
    const server = await startServer(dbPath);
    const acked: string[] = [];
    const stop = { now: false };
    const loader = async (k: number) => {
      for (let n = 0; !stop.now; n++) {
        try {
          const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/plans`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              ...SALON_ANSWERS,
              business: { ...SALON_ANSWERS.business, name: `Load ${k}-${n}` },
            }),
          });
          if (res.status === 201) acked.push(((await res.json()) as { id: string }).id);
          else throw new Error(`unexpected ${res.status}`);
        } catch (err) {
          if (err instanceof Error && err.message.startsWith('unexpected')) throw err;
          return; // refused after SIGTERM: never accepted
        }
      }
    };
    const loads = Array.from({ length: LOADERS }, (_, k) => loader(k));
    const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) => halfSentCreate(server.port, `Stop ${i}`));
    await Promise.all(inFlight.map((r) => r.begin()));
    await new Promise((r) => setTimeout(r, 300));

    const sigterm = Date.now();
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 150));
    for (const r of inFlight) r.finish();
    const answers = await Promise.all(inFlight.map((r) => r.closed));
    stop.now = true;
    await Promise.all(loads);
    expect(await server.exited).toBe(0);
    const exitMs = Date.now() - sigterm;

    for (const a of answers) expect(a).toMatch(/^HTTP\/1\.1 201 /);
    const ids = answers.map((a) => /"id":"([A-Za-z0-9_-]{43})"/.exec(a)?.[1] ?? '');
    expect(server.output()).toContain('database closed');
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(exitMs).toBeLessThan(10_000);

    const again = await startServer(dbPath);
    try {
      for (const id of [...ids, ...acked]) {
        const res = await fetch(`http://127.0.0.1:${again.port}/api/v1/plans/${id}`);
        expect(res.status, id).toBe(200);
      }
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
    console.info(
      `graceful shutdown: ${IN_FLIGHT} requests mid-body at SIGTERM all answered 201, ` +
        `${acked.length} acknowledged under load kept, exit 0 after ${exitMs} ms`,
    );
  });
});
