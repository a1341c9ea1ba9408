/**
 * Retention (docs/decisions/008-retention-and-purge.md): plans expire RETENTION_DAYS after they
 * are made and read as absent from then on; this purge deletes them (and drafts untouched for
 * DRAFT_RETENTION_DAYS) at start-up and every PURGE_INTERVAL_MINUTES. The timer is unref'd, so
 * it never keeps the process alive; a busy database just waits for the next run.
 */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { PurgeResult, Store } from '../db/store.js';

const DAY_MS = 86_400_000;

/** The moment `days` days after (or, negative, before) `now`. */
export function daysFrom(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

export interface PurgeDeps {
  readonly store: Store;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly config: Pick<Config, 'DRAFT_RETENTION_DAYS' | 'PURGE_INTERVAL_MINUTES'>;
}

export async function purgeOnce(deps: PurgeDeps): Promise<PurgeResult | undefined> {
  const now = deps.clock();
  try {
    const result = await deps.store.purgeExpired(now, daysFrom(now, -deps.config.DRAFT_RETENTION_DAYS));
    deps.logger.info(result, 'purged expired plans and stale drafts');
    return result;
  } catch (err) {
    deps.logger.error({ err }, 'purge failed; it will run again at the next interval');
    return undefined;
  }
}

/** Runs the purge now and then on an interval; returns a function that stops it. */
export function schedulePurge(deps: PurgeDeps): { stop(): void; done: Promise<unknown> } {
  const done = purgeOnce(deps);
  const timer = setInterval(() => void purgeOnce(deps), deps.config.PURGE_INTERVAL_MINUTES * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer), done };
}
