/** Pages, CSS and JSON go out compressed when the client accepts it (issue 13 item 1). */
import type { Server } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { planThroughApi } from '../security/support.js';

let t: TestApp;
let server: Server;
let port: number;
beforeAll(async () => {
  t = makeTestApp();
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  t.close();
});

/** The raw bytes on the wire (no client-side decompression). */
function raw(url: string, encoding: string) {
  return new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer; status: number }>(
    (resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: url, headers: { 'Accept-Encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ headers: res.headers, body: Buffer.concat(chunks), status: res.statusCode ?? 0 }),
          );
        })
        .on('error', reject);
    },
  );
}

describe('compression', () => {
  it('gzips the report page, the API answer and CSS for clients that accept it, and only for them', async () => {
    const made = await planThroughApi(t.app);
    for (const url of [`/r/${made.id}`, `/api/v1/plans/${made.id}`, '/static/css/main.css']) {
      const zipped = await raw(url, 'gzip');
      const plain = await raw(url, 'identity');
      expect(zipped.status, url).toBe(200);
      expect(zipped.headers['content-encoding'], url).toBe('gzip');
      expect(zipped.headers.vary, url).toMatch(/Accept-Encoding/i);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      const unzipped = gunzipSync(zipped.body).toString('utf8');
      expect(unzipped.length, url).toBeGreaterThan(0);
      expect(zipped.body.length, url).toBeLessThan(plain.body.length / 2);
      if (!url.startsWith('/r/')) expect(unzipped, url).toBe(plain.body.toString('utf8'));
    }
  });
});
