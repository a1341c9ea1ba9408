/**
 * Requests Node's HTTP parser refuses before Express sees them (src/web/client-errors.ts): a
 * message in every language Kanal speaks instead of a bare status line. The real server wires
 * it (test/web/server-process.test.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.js';
import { answerClientErrors } from '../../src/web/client-errors.js';
import { rawRequest } from '../helpers/raw-http.js';

const i18n = createI18n();
let server: http.Server;
let port: number;
beforeAll(async () => {
  server = http.createServer((_req, res) => res.end('ok'));
  answerClientErrors(server, i18n);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const raw = (text: string) => rawRequest(port, text);

const body = (answer: string) => answer.slice(answer.indexOf('\r\n\r\n') + 4);

describe('a request the HTTP parser refuses', () => {
  it('headers over the limit: 431, saying so in every language, then closed', async () => {
    const answer = await raw(`GET / HTTP/1.1\r\nHost: a\r\nX-Long: ${'x'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toContain('\r\nConnection: close\r\n');
    expect(answer).toContain('\r\nContent-Language: en, id, ms, zh-Hans\r\n');
    expect(body(answer).trimEnd().split('\n')).toEqual(
      i18n.languages.map((lng) => i18n.translator(lng).t('web.error.too_large')),
    );
    const length = Number(/\r\nContent-Length: (\d+)\r\n/.exec(answer)?.[1]);
    expect(length).toBe(Buffer.byteLength(body(answer)));
  });

  it('bytes that are not HTTP: 400, saying so in every language', async () => {
    const answer = await raw('HELLO\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(body(answer).trimEnd().split('\n')).toEqual(
      i18n.languages.map((lng) => i18n.translator(lng).t('web.error.bad_request')),
    );
  });

  it('right behind a request on the same connection: that request answered, then closed', async () => {
    // As Node does: the connection is already answering, so nothing is written into it.
    const answer = await raw('GET / HTTP/1.1\r\nHost: a\r\n\r\nHELLO\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nok$/);
  });
});
