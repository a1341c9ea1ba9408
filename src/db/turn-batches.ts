/**
 * The queue behind both stores' batched plan writes (the SQLite group commit, decision 024, and
 * PostgreSQL's plan batches, decision 044): what is queued in one turn of the event loop is
 * handed to `write` on the next (setImmediate), at most `max` a batch, one batch a turn. `write`
 * settles each waiting caller itself, after its batch is durable; if it throws, the whole batch
 * is refused.
 */
export interface Waiting<T> {
  readonly item: T;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

export function turnBatches<T>(
  max: number,
  write: (batch: readonly Waiting<T>[]) => void,
): (item: T) => Promise<void> {
  let queue: Waiting<T>[] = [];
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
      write(batch);
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      schedule();
    });
}
