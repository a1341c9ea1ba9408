/**
 * The stamp of a stored plan for the render cache on PostgreSQL (src/web/render-cache.ts,
 * decisions 024, 026 and 033): what sqlitePlanStamp is for SQLite. One indexed read of the row's
 * revision and times (as microsecond epochs), so none of its 20-40 kB of JSON crosses the wire
 * or is parsed. Every change of the row raises its revision (migration 005's trigger, whoever
 * runs the UPDATE), so any change, even within the same microsecond and through any instance,
 * gives another stamp. A missing or expired plan gives undefined, as loadPlan does. Read on
 * every request: a change made on another instance is seen at once. The same query says whether
 * the plan has a customer poll (one snapshot, one round trip): a report or kit of a plan without
 * one then costs no other query.
 */
import type { PlanStamp, PlanVersion } from '../web/render-cache.js';
import type { Pool } from './pg.js';
import type { StampOptions } from './plan-stamp.js';
import { turnBatches, type Waiting } from './turn-batches.js';

/** The i-th row answers the i-th lookup, each against its own clock. */
const STAMPS = `
SELECT q.i,
       concat_ws('|',
         revision::text,
         extract(epoch FROM created_at)::text,
         extract(epoch FROM updated_at)::text,
         extract(epoch FROM expires_at)::text
       ) AS stamp,
       EXISTS (SELECT 1 FROM polls WHERE polls.plan_id_hash = plans.id_hash) AS has_poll
FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS q (id_hash, now, i)
JOIN plans ON plans.id_hash = q.id_hash AND plans.expires_at > q.now`;

interface StampQuery {
  readonly idHash: string;
  readonly now: Date;
}

/**
 * The lookups asked for in one turn of the event loop go in one query on the next (turnBatches,
 * decision 045): one round trip and one pool connection for all of them, where each used to
 * take its own. Its query is sent after every one of them was asked for, so each sees every
 * change committed before, through any instance.
 */
export function postgresPlanStamp(pool: Pool, options: StampOptions = {}): PlanStamp {
  const read = async (batch: readonly Waiting<StampQuery, PlanVersion | undefined>[]) => {
    const { rows } = await pool.query<{ i: string; stamp: string; has_poll: boolean }>({
      name: 'kanal-plan-stamp',
      text: STAMPS,
      values: [batch.map((w) => w.item.idHash), batch.map((w) => w.item.now.toISOString())],
    });
    const found = new Map<number, PlanVersion>();
    // WITH ORDINALITY counts from 1, as a bigint (which pg gives as text).
    for (const row of rows) found.set(Number(row.i) - 1, { stamp: row.stamp, hasPoll: row.has_poll });
    options.onBatch?.(batch.length);
    for (const [i, w] of batch.entries()) w.resolve(found.get(i));
  };
  const lookup = turnBatches<StampQuery, PlanVersion | undefined>(options.maxBatch ?? 64, (batch) => {
    read(batch).catch((err: unknown) => {
      for (const w of batch) w.reject(err);
    });
  });
  return (idHash, now) => lookup({ idHash, now });
}
