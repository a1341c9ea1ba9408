/**
 * Whether a store can still be written, for /healthz (docs/decisions/021). Two signals:
 * - every write the app makes is watched: a fault (read-only file, full disk, I/O error,
 *   corruption; never "busy") makes the store unhealthy at once, until a later write succeeds
 *   or `holdMs` has passed (so an instance a load balancer stopped sending writes to can come
 *   back once the probe passes again);
 * - a cheap write probe (the store's own, e.g. a one-row update), run at most once per
 *   `probeEveryMs`; callers in between share its last answer or the probe in flight.
 */

export class WriteFaultError extends Error {
  override readonly name = 'WriteFaultError';
}

export interface WriteHealth {
  /** Runs a write; records a fault it throws (and rethrows), clears the record on success. */
  track<T>(write: () => T): T;
  trackAsync<T>(write: () => Promise<T>): Promise<T>;
  /** Resolves when the store can be written; throws WriteFaultError naming the fault otherwise. */
  check(): Promise<void>;
}

export interface WriteHealthOptions {
  readonly probe: () => Promise<void> | void;
  readonly isFault: (err: unknown) => boolean;
  readonly describe: (err: unknown) => string;
  readonly probeEveryMs?: number;
  readonly holdMs?: number;
  readonly now?: () => number;
}

export function createWriteHealth(o: WriteHealthOptions): WriteHealth {
  const now = o.now ?? Date.now;
  const probeEvery = o.probeEveryMs ?? 1000;
  const hold = o.holdMs ?? 10_000;
  let fault: { reason: string; at: number } | undefined;
  let lastProbeOk = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const record = (err: unknown) => {
    if (o.isFault(err)) fault = { reason: o.describe(err), at: now() };
  };

  const runProbe = async () => {
    try {
      await o.probe();
      lastProbeOk = now();
    } catch (err) {
      record(err);
      lastProbeOk = Number.NEGATIVE_INFINITY;
      throw new WriteFaultError(`write probe failed: ${o.describe(err)}`);
    }
  };

  return {
    track(write) {
      try {
        const result = write();
        fault = undefined;
        return result;
      } catch (err) {
        record(err);
        throw err;
      }
    },
    async trackAsync(write) {
      try {
        const result = await write();
        fault = undefined;
        return result;
      } catch (err) {
        record(err);
        throw err;
      }
    },
    async check() {
      if (fault !== undefined) {
        if (now() - fault.at < hold) throw new WriteFaultError(`last write failed: ${fault.reason}`);
        fault = undefined;
        lastProbeOk = Number.NEGATIVE_INFINITY;
      }
      if (now() - lastProbeOk < probeEvery) return;
      inFlight ??= runProbe().finally(() => {
        inFlight = undefined;
      });
      await inFlight;
    },
  };
}
