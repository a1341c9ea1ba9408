/**
 * The stamp of a stored plan for the render cache (src/web/render-cache.ts,
 * docs/decisions/024-fast-pages.md): one indexed read of the row's raw columns, digested, without
 * the JSON parse and schema validation that loadPlan does (most of a cached page's cost). Any
 * change to the row (answers, plan, the earlier version, dates) gives another stamp, even
 * within the same millisecond; a missing or expired plan gives undefined, as loadPlan does.
 */
import { createHash } from 'node:crypto';
import type { PlanStamp } from '../web/render-cache.js';
import type { Db } from './open.js';

interface RawRow {
  readonly answers: string;
  readonly plan: string;
  readonly previous: string | null;
  readonly owner_key_hash: string;
  readonly language: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly expires_at: string;
}

export function sqlitePlanStamp(db: Db): PlanStamp {
  const select = db.prepare<[string, string], RawRow>(
    `SELECT answers, plan, previous, owner_key_hash, language, created_at, updated_at, expires_at
     FROM plans WHERE id_hash = ? AND expires_at > ?`,
  );
  return async (idHash, now) => {
    const row = select.get(idHash, now.toISOString());
    if (row === undefined) return undefined;
    const h = createHash('sha1');
    for (const part of [
      row.created_at,
      row.updated_at,
      row.expires_at,
      row.owner_key_hash,
      row.answers,
      row.plan,
      row.previous ?? '',
      row.language ?? '',
    ]) {
      h.update(String(part.length)).update(':').update(part);
    }
    return h.digest('base64url');
  };
}
