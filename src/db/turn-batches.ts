/**
 * The queue behind both stores' batched plan writes (the SQLite group commit, decision 024, and
 * PostgreSQL's plan batches, decision 044) and batched stamp reads (decision 045): what is
 * queued in one turn of the event loop is handed to `run` on the next (setImmediate), at most
 * `max` a batch, one batch a turn. `run` settles each waiting caller itself (a write after its
 * batch is durable); if it throws, the whole batch is refused.
 */
export interface Waiting<T, R = void> {
  readonly item: T;
  readonly resolve: (value: R) => void;
  readonly reject: (err: unknown) => void;
}

export function turnBatches<T, R = void>(
  max: number,
  run: (batch: readonly Waiting<T, R>[]) => void,
): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let scheduled = false;

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush() {
    scheduled = false;
    const batch = queue.slice(0, max);
    queue = queue.slice(max);
    if (queue.length > 0) schedule();
    try {
      run(batch);
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
