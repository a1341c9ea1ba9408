/**
 * What opening a store gives (select.ts openStore), and its one-line error; apart from select.ts
 * so that the PostgreSQL opener (open-postgres.ts), loaded on demand, needs nothing from it.
 */
import type { Store as RateLimitStore } from 'express-rate-limit';
import { SaidError } from '../i18n.js';
import type { PlanStamp } from '../web/render-cache.js';
import type { PollStore } from './poll-store.js';
import type { Store } from './store.js';

export interface OpenedStore {
  readonly store: Store;
  readonly kind: 'sqlite' | 'postgres';
  /** The file, or the URL with its password hidden. */
  readonly where: string;
  readonly applied: readonly string[];
  /**
   * Rate-limit counters shared through the database (PostgreSQL), one store per limiter name;
   * undefined for SQLite (one instance: express-rate-limit's memory store).
   */
  readonly rateLimitStore?: (name: string) => RateLimitStore;
  /** A cheap read of a stored plan's version for the render cache (one indexed query). */
  readonly planStamp: PlanStamp;
  /** The customer polls' store, on the same database as the plans (decisions 023, 026). */
  readonly pollStore: PollStore;
}

/** The store cannot be opened: one line for the operator (`says`, in their language). */
export class StoreOpenError extends SaidError {
  override readonly name = 'StoreOpenError';
}
