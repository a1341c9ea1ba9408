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
import type { PlanStamp } from '../web/render-cache.js';
import type { Pool } from './pg.js';

const STAMP = `
SELECT concat_ws('|',
         revision::text,
         extract(epoch FROM created_at)::text,
         extract(epoch FROM updated_at)::text,
         extract(epoch FROM expires_at)::text
       ) AS stamp,
       EXISTS (SELECT 1 FROM polls WHERE polls.plan_id_hash = plans.id_hash) AS has_poll
FROM plans WHERE id_hash = $1 AND expires_at > $2`;

export function postgresPlanStamp(pool: Pool): PlanStamp {
  return async (idHash, now) => {
    const { rows } = await pool.query<{ stamp: string; has_poll: boolean }>({
      name: 'kanal-plan-stamp',
      text: STAMP,
      values: [idHash, now],
    });
    const row = rows[0];
    return row === undefined ? undefined : { stamp: row.stamp, hasPoll: row.has_poll };
  };
}
