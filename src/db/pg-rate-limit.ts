/**
 * An express-rate-limit Store in PostgreSQL (docs/decisions/020), so a limit of N is N across
 * every instance on the database: one atomic UPSERT per hit (fixed window; the window starts at
 * the first hit after the last one ended). Keys are SHA-256 of the limiter's name and the client
 * key (no address is stored); expired rows go with the purge. Written here, over the store's
 * own pool, instead of @acpr/rate-limit-postgresql (which brings an older pg, its own pool and
 * its own migration tool).
 */
import { createHash } from 'node:crypto';
import type { Options, Store } from 'express-rate-limit';
import type { Pool } from './pg.js';

export class PgRateLimitStore implements Store {
  /** Counts are shared: the double-count check must not assume keys are local. */
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;

  constructor(
    private readonly pool: Pool,
    name: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.prefix = `${name}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private hash(key: string): string {
    return createHash('sha256').update(`kanal-rate-limit\0${this.prefix}${key}`).digest('hex');
  }

  async get(key: string) {
    const { rows } = await this.pool.query<{ hits: number; reset_at: Date }>(
      'SELECT hits, reset_at FROM rate_limits WHERE key = $1 AND reset_at > $2',
      [this.hash(key), this.clock()],
    );
    const row = rows[0];
    return row === undefined ? undefined : { totalHits: row.hits, resetTime: row.reset_at };
  }

  async increment(key: string) {
    const now = this.clock();
    const reset = new Date(now.getTime() + this.windowMs);
    const { rows } = await this.pool.query<{ hits: number; reset_at: Date }>(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES ($1, 1, $3)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= $2 THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= $2 THEN $3 ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`,
      [this.hash(key), now, reset],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('rate limit upsert returned no row');
    return { totalHits: row.hits, resetTime: row.reset_at };
  }

  async decrement(key: string): Promise<void> {
    await this.pool.query(
      'UPDATE rate_limits SET hits = hits - 1 WHERE key = $1 AND hits > 0 AND reset_at > $2',
      [this.hash(key), this.clock()],
    );
  }

  async resetKey(key: string): Promise<void> {
    await this.pool.query('DELETE FROM rate_limits WHERE key = $1', [this.hash(key)]);
  }
}

/** One store per limiter (express-rate-limit refuses a store shared by two limiters). */
export function pgRateLimitStores(pool: Pool, clock?: () => Date): (name: string) => Store {
  return (name) => new PgRateLimitStore(pool, name, clock);
}
