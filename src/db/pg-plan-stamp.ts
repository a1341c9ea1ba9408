/**
 * The stamp of a stored plan for the render cache on PostgreSQL (src/web/render-cache.ts,
 * docs/decisions/024 and 026): what sqlitePlanStamp is for SQLite. One indexed read that returns
 * a digest computed in the database, so neither the 20-40 kB of answers, plan and earlier version
 * cross the wire nor is any JSON parsed or validated (what loadPlan, and so stampFromStore, does).
 * The digest covers every column of the row a page can show: SHA-256 over the times (as
 * microsecond epochs), the owner key hash, and the SHA-256 of each JSON text, joined by '|'
 * (which none of them contains), so any change to the row, even within the same millisecond and
 * through any instance, gives another stamp. A missing or expired plan gives undefined, as
 * loadPlan does. Read on every request: a change made on another instance is seen at once.
 */
import type { PlanStamp } from '../web/render-cache.js';
import type { Pool } from './pg.js';

const STAMP = `
SELECT encode(sha256(convert_to(concat_ws('|',
         owner_key_hash,
         extract(epoch FROM created_at)::text,
         extract(epoch FROM updated_at)::text,
         extract(epoch FROM expires_at)::text,
         encode(sha256(convert_to(answers, 'UTF8')), 'hex'),
         encode(sha256(convert_to(plan, 'UTF8')), 'hex'),
         COALESCE(encode(sha256(convert_to(previous, 'UTF8')), 'hex'), '-')
       ), 'UTF8')), 'base64') AS stamp
FROM plans WHERE id_hash = $1 AND expires_at > $2`;

export function postgresPlanStamp(pool: Pool): PlanStamp {
  return async (idHash, now) => {
    const { rows } = await pool.query<{ stamp: string }>({
      name: 'kanal-plan-stamp',
      text: STAMP,
      values: [idHash, now],
    });
    return rows[0]?.stamp;
  };
}
