/**
 * A POST or PUT with no body (no Content-Length, no Transfer-Encoding), or an empty one, is told
 * its body is missing (400), not that its Content-Type is wrong (415).
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALON_ANSWERS } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.close());

/** Sends a request exactly as written (no header added) and returns its status and JSON body. */
async function rawRequest(
  head: string,
): Promise<{ status: number; body: { errors: { message: string }[] } }> {
  const server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write(`${head}Host: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      let got = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        got += chunk;
      });
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
    });
    const [status, ...rest] = text.split('\r\n\r\n');
    return { status: Number(status!.split(' ')[1]), body: JSON.parse(rest.join('\r\n\r\n')) };
  } finally {
    server.close();
  }
}

const EMPTY =
  'The request has no body: send the answers as JSON, with the header Content-Type: application/json.';

describe('a request without a body', () => {
  it('POST with Content-Type: application/json and no body: 400, body missing', async () => {
    const res = await rawRequest('POST /api/v1/plans HTTP/1.1\r\nContent-Type: application/json\r\n');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: '', message: EMPTY }]);
  });

  it('PUT likewise, and without any Content-Type', async () => {
    const made = await request(t.app).post('/api/v1/plans').send(SALON_ANSWERS);
    const put = await rawRequest(
      `PUT /api/v1/plans/${made.body.id} HTTP/1.1\r\nX-Owner-Key: ${made.body.ownerKey}\r\nContent-Type: application/json; charset=utf-8\r\n`,
    );
    expect(put.status).toBe(400);
    expect(put.body.errors[0]?.message).toBe(EMPTY);
    const bare = await rawRequest('POST /api/v1/plans HTTP/1.1\r\n');
    expect(bare.status).toBe(400);
    expect(bare.body.errors[0]?.message).toBe(EMPTY);
  });

  it('an empty JSON body (Content-Length: 0) too, in the language asked for', async () => {
    const res = await rawRequest(
      'POST /api/v1/plans HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 0\r\nAccept-Language: id\r\n',
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0]?.message).toMatch(/^Permintaan tidak berisi apa pun/);
  });

  it('a body of another type is still 415', async () => {
    const res = await request(t.app).post('/api/v1/plans').set('Content-Type', 'text/plain').send('x');
    expect(res.status).toBe(415);
  });
});
