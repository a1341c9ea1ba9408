/**
 * Compression (docs/decisions/024-fast-pages.md, 035-one-shot-compression-and-early-hits.md), two ways:
 * - `compressResponses()`: for what the app renders on each request (HTML pages, JSON,
 *   CSS/JS/SVG), only for those types and never for a body that already has a Content-Encoding
 *   (images, the precompressed bodies below). Every such body is whole when it is sent (Express's
 *   res.send, res.json and res.render end the response with it), so it is compressed in one
 *   call of zlib with its size known: Brotli at quality 1 (gzip level 6 for a client without
 *   Brotli); bodies under 1 kB go as they are. For a 17 kB API plan that costs about 0.1 ms of
 *   CPU, where the `compression` package's per-response stream took 0.33 ms (0.19 ms with a
 *   smaller window), the largest single cost of an API create. Bodies up to 64 kB are compressed
 *   on the event loop (a 64 kB page: about 0.16 ms with Brotli, 0.7 ms with gzip), larger ones
 *   in zlib's thread pool. A body written
 *   in pieces (res.write) would go uncompressed; no route of Kanal's does that.
 * - `Precompressed`: a body served many times (a cached report, a static file), compressed once
 *   per encoding, off the main thread (zlib's thread pool) and at a higher setting, then sent
 *   with Content-Encoding, Content-Length and `Vary: Accept-Encoding`; once it has been asked
 *   for often, its Brotli form is made again at the best quality (decision 037).
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Request, RequestHandler, Response } from 'express';
import Negotiator from 'negotiator';

/** Media types worth compressing (text); anything else (images, fonts, archives) goes as it is. */
const COMPRESSIBLE =
  /^(?:text\/(?:html|css|plain|javascript|csv)|application\/(?:json|javascript|problem\+json|xml)|image\/svg\+xml)\s*(?:;|$)/i;

export function isCompressibleType(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType);
}

export const COMPRESSION_THRESHOLD = 1024;
/** Brotli quality of what is compressed on each request (above). */
export const DYNAMIC_BROTLI_QUALITY = 1;
const DYNAMIC_GZIP_LEVEL = 6;
/** Bodies up to this size are compressed on the event loop; larger ones in the thread pool. */
export const INLINE_COMPRESSION_LIMIT = 64 * 1024;

function dynamicOptions(encoding: 'br' | 'gzip', size: number): zlib.BrotliOptions & zlib.ZlibOptions {
  if (encoding === 'gzip') return { level: DYNAMIC_GZIP_LEVEL };
  return {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      // The window fits the body: the encoder's setup is most of the cost of a small body.
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  };
}

/** Whether this response's body may be compressed at all (its type, encoding and status). */
function compressibleResponse(req: Request, res: Response): boolean {
  if (req.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) return false;
  if (res.getHeader('Content-Encoding') !== undefined) return false;
  if (/\bno-transform\b/i.test(String(res.getHeader('Cache-Control') ?? ''))) return false;
  const type = res.getHeader('Content-Type');
  return isCompressibleType(typeof type === 'string' ? type : undefined);
}

type End = Response['end'];

export function compressResponses(): RequestHandler {
  return (req, res, next) => {
    const end = res.end;
    const write = res.write;
    // A body written in pieces is sent as it is (see above).
    res.write = function (this: Response, ...args: Parameters<Response['write']>) {
      res.end = end;
      res.write = write;
      return write.apply(this, args);
    } as Response['write'];
    res.end = function (this: Response, chunk?: unknown, encoding?: unknown, callback?: unknown) {
      res.end = end;
      res.write = write;
      const endWith = (...args: unknown[]) => (end as (...a: unknown[]) => Response).apply(this, args);
      const whole =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.isBuffer(chunk)
            ? chunk
            : undefined;
      const done = typeof encoding === 'function' ? encoding : callback;
      if (whole === undefined || !compressibleResponse(req, this)) {
        return endWith(chunk, encoding, callback);
      }
      this.vary('Accept-Encoding');
      const chosen = whole.length < COMPRESSION_THRESHOLD ? 'identity' : chooseEncoding(req);
      if (chosen === 'identity') return endWith(whole, done);
      const send = (body: Buffer, encoded: boolean) => {
        if (encoded) this.setHeader('Content-Encoding', chosen);
        this.setHeader('Content-Length', String(body.length));
        endWith(body, done);
      };
      const options = dynamicOptions(chosen, whole.length);
      if (whole.length <= INLINE_COMPRESSION_LIMIT) {
        let body: Buffer | undefined;
        try {
          body = chosen === 'br' ? zlib.brotliCompressSync(whole, options) : zlib.gzipSync(whole, options);
        } catch {
          body = undefined; // sent as it is
        }
        send(body ?? whole, body !== undefined);
        return this;
      }
      const compressed = (err: Error | null, body: Buffer) => send(err ? whole : body, !err);
      if (chosen === 'br') zlib.brotliCompress(whole, options, compressed);
      else zlib.gzip(whole, options, compressed);
      return this;
    } as End;
    next();
  };
}

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The encoding to send, as the request accepts them (q-values honoured); among equally accepted
 * ones Brotli, then gzip. Browsers list gzip first ("gzip, deflate, br, zstd") and mean no order
 * by it, so the header's order alone would always pick gzip.
 */
export function chooseEncoding(req: Request): Encoding {
  const [chosen] = new Negotiator(req).encodings(['br', 'gzip', 'identity'], { preferred: ['br', 'gzip'] });
  return chosen === 'br' || chosen === 'gzip' ? chosen : 'identity';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Brotli quality of a stored body's first form: ready for its first request (a report: 32 ms). */
const STORED_BROTLI_QUALITY = 9;
/**
 * A body asked for in Brotli this many times is compressed again at the best quality, 11: a
 * report then goes out 12 % smaller (9,645 bytes instead of 10,964), for 132 ms of a zlib
 * thread once, which only a page read many times repays.
 */
export const HOT_REQUESTS = 16;

function compressBody(
  body: Buffer,
  encoding: 'br' | 'gzip',
  quality: number = STORED_BROTLI_QUALITY,
): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(body, { level: 9 });
  return brotli(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/**
 * A body with its compressed forms, made on first demand (one compression per encoding, even
 * when many requests ask at once); a body much asked for in Brotli is recompressed at the best
 * quality in the background (HOT_REQUESTS, decision 037), the earlier form served meanwhile.
 * `onGrow` reports the bytes each compressed form adds (or, recompressed, takes away), for a
 * cache that bounds its size.
 */
export class Precompressed {
  readonly identity: Buffer;
  readonly contentType: string;
  readonly etag: string;
  private readonly forms = new Map<'br' | 'gzip', Promise<Buffer>>();
  private readonly done = new Map<'br' | 'gzip', Buffer>();
  private brotliRequests = 0;

  constructor(
    body: Buffer,
    contentType: string,
    etag: string,
    private readonly onGrow: (bytes: number) => void = () => {},
  ) {
    this.identity = body;
    this.contentType = contentType;
    this.etag = etag;
  }

  get compressible(): boolean {
    return this.identity.length >= COMPRESSION_THRESHOLD && isCompressibleType(this.contentType);
  }

  /** The bytes held, compressed forms included. */
  get bytes(): number {
    let n = this.identity.length;
    for (const b of this.done.values()) n += b.length;
    return n;
  }

  /** Replaces the Brotli form `first` with one at the best quality, if that is smaller. */
  private recompress(first: Buffer): void {
    compressBody(this.identity, 'br', zlib.constants.BROTLI_MAX_QUALITY).then(
      (best) => {
        if (best.length >= first.length || this.done.get('br') !== first) return;
        this.done.set('br', best);
        this.forms.set('br', Promise.resolve(best));
        this.onGrow(best.length - first.length);
      },
      // The first form stays; it decodes to the same body.
      () => {},
    );
  }

  /** The body in `encoding` (identity is always ready). */
  async encoded(encoding: Encoding): Promise<Buffer> {
    if (encoding === 'identity') return this.identity;
    const ready = this.done.get(encoding);
    if (ready !== undefined) return ready;
    let pending = this.forms.get(encoding);
    if (pending === undefined) {
      pending = compressBody(this.identity, encoding).then((b) => {
        this.done.set(encoding, b);
        this.onGrow(b.length);
        return b;
      });
      this.forms.set(encoding, pending);
    }
    return pending;
  }

  /** Sends the body in the best encoding the request accepts (status and other headers are the caller's). */
  async send(req: Request, res: Response): Promise<void> {
    const encoding = this.compressible ? chooseEncoding(req) : 'identity';
    const body = await this.encoded(encoding);
    if (encoding === 'br' && ++this.brotliRequests === HOT_REQUESTS) this.recompress(body);
    res.setHeader('Content-Type', this.contentType);
    if (this.compressible) res.vary('Accept-Encoding');
    res.setHeader('ETag', this.etag);
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    if (req.fresh) {
      res.removeHeader('Content-Encoding');
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(body.length));
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
