/**
 * Random bytes from a pool (docs/decisions/030): the server asks for 32 random bytes several
 * times a request (anonymous id, CSRF token, plan id, owner key), and each synchronous
 * crypto.randomBytes call is a trip into OpenSSL with its own buffer. The pool fills a few
 * kilobytes at once from the same CSPRNG and hands out copies of slices that are never handed
 * out again, so the bytes are exactly as random as before, only cheaper per call. Large requests
 * bypass the pool.
 */
import { randomFillSync } from 'node:crypto';
import type { RandomBytes } from './web/secrets.js';

export function pooledRandomBytes(
  poolSize = 8192,
  fill: (b: Buffer) => Buffer = (b) => randomFillSync(b),
): RandomBytes {
  const pool = Buffer.alloc(poolSize);
  let offset = poolSize;
  return (n: number) => {
    if (n > poolSize / 4) return fill(Buffer.alloc(n));
    if (offset + n > poolSize) {
      fill(pool);
      offset = 0;
    }
    // A copy: the caller's buffer never aliases bytes that later calls refill or hand out.
    const out = Buffer.from(pool.subarray(offset, offset + n));
    pool.fill(0, offset, offset + n);
    offset += n;
    return out;
  };
}
