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
import { batchedStamp, type StampOptions } from './plan-stamp.js';

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

/** One query, one round trip and one pool connection for the lookups of a turn (decision 045). */
export function postgresPlanStamp(pool: Pool, options: StampOptions = {}): PlanStamp {
  return batchedStamp(async (queries) => {
    const { rows } = await pool.query<{ i: string; stamp: string; has_poll: boolean }>({
      name: 'kanal-plan-stamp',
      text: STAMPS,
      values: [queries.map((q) => q.idHash), queries.map((q) => q.now.toISOString())],
    });
    const found: (PlanVersion | undefined)[] = queries.map(() => undefined);
    // WITH ORDINALITY counts from 1, as a bigint (which pg gives as text).
    for (const row of rows) found[Number(row.i) - 1] = { stamp: row.stamp, hasPoll: row.has_poll };
    return found;
  }, options);
}
