/**
 * Group commit for the SQLite store (docs/decisions/024-fast-pages.md): plans created in the
 * same turn of the event loop are written in one transaction, so one fsync (synchronous=FULL
 * stays) makes all of them durable, instead of one fsync each.
 *
 * Each createPlan still runs as its own transaction inside the batch (better-sqlite3 nests it as
 * a savepoint), so one failing plan (a duplicate id) fails alone and leaves the others. A caller
 * is answered only after the batch's COMMIT has returned, that is after the fsync: nothing is
 * acknowledged that a SIGKILL or a power cut could still take away. If the COMMIT fails, every
 * plan of the batch is refused (none of them was written).
 *
 * It relies on the SQLite store writing synchronously inside createPlan (better-sqlite3 is
 * synchronous); a store that awaited before writing would simply commit on its own, unbatched,
 * and still answer only after its own commit.
 */

import type { Db } from './open.js';
import type { NewPlan, Store } from './store.js';
import { turnBatches, type Waiting } from './turn-batches.js';

export interface GroupCommitOptions {
  /** At most this many plans per transaction (default 64). */
  readonly maxBatch?: number;
  /** Called with each batch's size after it committed (tests, metrics). */
  readonly onBatch?: (size: number) => void;
}

export function groupCommit(db: Db, store: Store, options: GroupCommitOptions = {}): Store {
  const writeAll = db.transaction((batch: readonly Waiting<NewPlan>[], results: Promise<void>[]) => {
    for (const w of batch) results.push(store.createPlan(w.item));
  });

  const createPlan = turnBatches<NewPlan>(options.maxBatch ?? 64, (batch) => {
    const results: Promise<void>[] = [];
    try {
      writeAll(batch, results);
    } catch (err) {
      // The COMMIT (or BEGIN) failed: nothing of the batch is stored.
      for (const r of results) r.catch(() => {});
      for (const w of batch) w.reject(err);
      return;
    }
    options.onBatch?.(batch.length);
    batch.forEach((w, i) => {
      const r = results[i];
      if (r === undefined) w.reject(new Error('group commit: a plan of the batch was not written'));
      else r.then(w.resolve, w.reject);
    });
  });

  return { ...store, createPlan };
}
