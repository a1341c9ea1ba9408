/**
 * The stamp of a stored plan for the render cache (src/web/render-cache.ts, decisions 024 and
 * 033): one indexed read of the row's revision and times, without reading its JSON at all (the
 * JSON parse and schema validation that loadPlan does were most of a cached page's cost, and a
 * digest of the whole row most of the rest). Every change of the row raises its revision
 * (migration 005's trigger, whoever runs the UPDATE), so any change gives another stamp, even
 * within the same millisecond; the creation time tells a plan from any other that might ever
 * get the same id hash. A missing or expired plan gives undefined, as loadPlan does. On SQLite
 * the read touches a covering index only (migration 006). The same read says whether the plan
 * has a customer poll, so a report or kit of a plan without one costs this one query.
 */
import type { PlanStamp, PlanVersion } from '../web/render-cache.js';
import type { Db } from './open.js';
import { turnBatches } from './turn-batches.js';

/** One lookup: a plan's id hash and the clock it is judged expired or not by. */
export interface StampQuery {
  readonly idHash: string;
  readonly now: Date;
}

interface StampRow {
  readonly revision: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly expires_at: string;
  readonly has_poll: 0 | 1;
}

/**
 * From the covering index alone, never the row's JSON (migrations/006_plan_stamp_index.sql),
 * and whether the plan has a poll from the polls table's primary key, in the same read.
 */
export const STAMP_SQL = `SELECT revision, created_at, updated_at, expires_at,
    EXISTS (SELECT 1 FROM polls WHERE polls.plan_id_hash = plans.id_hash) AS has_poll
  FROM plans INDEXED BY plans_stamp WHERE id_hash = ? AND expires_at > ?`;

export interface StampOptions {
  /** At most this many lookups a batch (default 64). */
  readonly maxBatch?: number;
  /** Called with each batch's size once it has been read (tests, metrics). */
  readonly onBatch?: (size: number) => void;
}

type Found = readonly (PlanVersion | undefined)[];

/**
 * Both stores' stamp (decision 045): the lookups asked for in one turn of the event loop are
 * handed to `read` together on the next (turnBatches), which answers the i-th query with the
 * i-th result. A lookup is read after it was asked for, so it sees every change committed
 * before, through any instance. A failed read refuses every lookup of its batch.
 */
export function batchedStamp(
  read: (queries: readonly StampQuery[]) => Found | Promise<Found>,
  options: StampOptions,
): PlanStamp {
  const lookup = turnBatches<StampQuery, PlanVersion | undefined>(options.maxBatch ?? 64, (batch) => {
    void Promise.resolve(read(batch.map((w) => w.item))).then(
      (found) => {
        options.onBatch?.(batch.length);
        for (const [i, w] of batch.entries()) w.resolve(found[i]);
      },
      (err: unknown) => {
        for (const w of batch) w.reject(err);
      },
    );
  });
  return (idHash, now) => lookup({ idHash, now });
}

/**
 * On SQLite the lookups of a batch are read in one read transaction: a lookup of its own would
 * lock and unlock the WAL index (two fcntl calls) and run SQLite's code cold, which was most of
 * a cached page's cost under load. Each keeps its own clock. A batch of one needs no transaction.
 */
export function sqlitePlanStamp(db: Db, options: StampOptions = {}): PlanStamp {
  const select = db.prepare<[string, string], StampRow>(STAMP_SQL);
  const version = (q: StampQuery): PlanVersion | undefined => {
    const row = select.get(q.idHash, q.now.toISOString());
    if (row === undefined) return undefined;
    return {
      stamp: `${row.revision}|${row.created_at}|${row.updated_at}|${row.expires_at}`,
      hasPoll: row.has_poll === 1,
    };
  };
  const readAll = db.transaction((queries: readonly StampQuery[]) => queries.map(version));
  return batchedStamp((queries) => (queries.length === 1 ? queries.map(version) : readAll(queries)), options);
}
