/**
 * Compression (docs/decisions/024-fast-pages.md), two ways:
 * - `compressResponses()`: the `compression` middleware for what the app renders on each request
 *   (HTML pages, JSON, CSS/JS/SVG), only for those types and never for a body that already has a
 *   Content-Encoding (images, the precompressed bodies below). Brotli at quality 1, gzip at
 *   level 6; bodies under 1 kB go as they are. Quality 1 rather than the package's 4: through
 *   the middleware's stream, a 17 kB API plan costs about 0.3 ms of CPU instead of 0.7 ms, for
 *   18 % more bytes (4.8 kB instead of 4.05 kB); that compression was the largest single cost
 *   of an API create (decision 033). Quality 2 is no cheaper than 4 there (its encoder's setup
 *   dominates).
 * - `Precompressed`: a body served many times (a cached report, a static file), compressed once
 *   per encoding, off the main thread (zlib's thread pool) and at a higher setting, then sent
 *   with Content-Encoding, Content-Length and `Vary: Accept-Encoding`.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';

/** Media types worth compressing (text); anything else (images, fonts, archives) goes as it is. */
const COMPRESSIBLE =
  /^(?:text\/(?:html|css|plain|javascript|csv)|application\/(?:json|javascript|problem\+json|xml)|image\/svg\+xml)\s*(?:;|$)/i;

export function isCompressibleType(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType);
}

export const COMPRESSION_THRESHOLD = 1024;
/** Brotli quality of what is compressed on each request (above). */
export const DYNAMIC_BROTLI_QUALITY = 1;

export function compressResponses(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: DYNAMIC_BROTLI_QUALITY } },
    filter: (_req, res) => {
      if (res.getHeader('Content-Encoding') !== undefined) return false;
      const type = res.getHeader('Content-Type');
      return isCompressibleType(typeof type === 'string' ? type : undefined);
    },
  });
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The encoding to send: brotli, then gzip, as the request accepts them (q-values honoured). */
export function chooseEncoding(req: Request): Encoding {
  const chosen = req.acceptsEncodings('br', 'gzip', 'identity');
  return chosen === 'br' || chosen === 'gzip' ? chosen : 'identity';
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function compressBody(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  if (encoding === 'gzip') return gzip(body, { level: 9 });
  return brotli(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/**
 * A body with its compressed forms, made on first demand (one compression per encoding, even
 * when many requests ask at once). `onGrow` reports the bytes each compressed form adds, for a
 * cache that bounds its size.
 */
export class Precompressed {
  readonly identity: Buffer;
  readonly contentType: string;
  readonly etag: string;
  private readonly forms = new Map<'br' | 'gzip', Promise<Buffer>>();
  private readonly done = new Map<'br' | 'gzip', Buffer>();

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
