/**
 * What a request that Node's HTTP parser refuses gets (the server's 'clientError' event), before
 * Express sees it: a header block over Node's 16 kB limit (a link a messenger mangled into a
 * 70 kB address) is a 431, bytes that are not HTTP a 400. Node's own answer to both is the bare
 * status line, which a browser shows as a blank page. This one says what went wrong, in every
 * language Kanal speaks: the request's Accept-Language was never read. It is plain text, as
 * Kanal's error page needs a request to render. A request that timed out gets Node's own bare
 * 408; a socket already answering a request, or gone, is closed.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { createI18n } from '../i18n.js';

type I18n = ReturnType<typeof createI18n>;

const TIMED_OUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

/** The raw responses, made once: one line per language, each in that language. */
function responses(i18n: I18n): (code: string | undefined) => string {
  const make = ({ status, key }: { status: string; key: string }) => {
    const body = `${i18n.languages.map((lng) => i18n.translator(lng).t(key)).join('\n')}\n`;
    return [
      `HTTP/1.1 ${status}`,
      'Content-Type: text/plain; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `Content-Language: ${i18n.languages.map((lng) => i18n.translator(lng).htmlLang).join(', ')}`,
      'Cache-Control: no-store',
      'X-Content-Type-Options: nosniff',
      'Connection: close',
      '',
      body,
    ].join('\r\n');
  };
  const overflow = make({ status: '431 Request Header Fields Too Large', key: 'web.error.too_large' });
  const otherwise = make({ status: '400 Bad Request', key: 'web.error.bad_request' });
  return (code) =>
    code === 'HPE_HEADER_OVERFLOW' ? overflow : code === 'HPE_REQUEST_TIMEOUT' ? TIMED_OUT : otherwise;
}

export function answerClientErrors(server: Server, i18n: I18n): void {
  const response = responses(i18n);
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || answering?.headersSent === true) {
      socket.destroy();
      return;
    }
    socket.end(response(err.code));
  });
}
