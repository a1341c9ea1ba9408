/**
 * The PostgreSQL Store (docs/decisions/019): the same contract as sqlite-store.ts
 * (test/db/store-contract.ts runs against both). Parameters bound, the app's clock passed in
 * (never now()), JSON kept as the text the app wrote, rows re-validated with the domain's
 * schemas on read. Multi-statement operations run in one transaction on one client.
 */
import { z } from 'zod';
import { parseStoredAnswers } from '../domain/answers.js';
import { PlanSchema } from '../domain/plan-schema.js';
import { jsonText } from '../json-text.js';
import { createWriteHealth } from './health.js';
import { type Client, type Pool, pgErrorSummary, withTransaction } from './pg.js';
import {
  AnswersRow,
  type Draft,
  DraftDataSchema,
  earlierPlan,
  rowSchemas,
  type Store,
  type StoredPlan,
} from './store.js';
import { turnBatches, type Waiting } from './turn-batches.js';

const { DraftRow, PlanRow } = rowSchemas(z.date());

/**
 * SQLSTATE classes that mean the database cannot take writes: 53 insufficient resources (disk
 * full), 58 system error (I/O), XX internal (data corrupted), 25006 read-only transaction (a
 * standby or default_transaction_read_only), 57P01-03 the server shutting down or not up.
 */
export function isPgWriteFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^(53|58|XX)/.test(code) || ['25006', '57P01', '57P02', '57P03'].includes(code);
}

const ISO_AT = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface PostgresStoreOptions {
  /** How long a passed write probe is trusted by the health check (default 1000 ms). */
  readonly probeEveryMs?: number;
  /** At most this many plans per INSERT (default MAX_PLAN_BATCH). */
  readonly maxPlanBatch?: number;
  /** Called with each plan INSERT's number of rows after it committed (tests). */
  readonly onPlanBatch?: (size: number) => void;
}

/**
 * Plans created in the same turn of the event loop are inserted by one statement
 * (docs/decisions/044-plan-batches-on-postgresql.md): one round trip, one parse and one commit
 * for up to this many, where each plan cost the database and the driver as much again alone.
 */
export const MAX_PLAN_BATCH = 16;

/**
 * The INSERT of `n` plans, with the removal of the drafts they were made from (a null draft
 * hash removes nothing), as one statement: atomic by itself, all its rows or none.
 */
function insertPlans(n: number): string {
  const rows: string[] = [];
  const drafts: string[] = [];
  for (let i = 0; i < n; i++) {
    const $ = (k: number) => `$${i * 8 + k}`;
    rows.push(`(${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(5)}, ${$(6)}, ${$(7)})`);
    drafts.push(`${$(8)}::text`);
  }
  return `WITH used_drafts AS (DELETE FROM drafts WHERE token_hash IN (${drafts.join(', ')}))
   INSERT INTO plans (id_hash, owner_key_hash, answers, plan, created_at, updated_at, expires_at, language)
   VALUES ${rows.join(', ')}`;
}

export function createPostgresStore(pool: Pool, options: PostgresStoreOptions = {}): Store {
  const health = createWriteHealth({
    probe: async () => {
      await pool.query('UPDATE health SET checked_at = $1 WHERE id = 1', [new Date()]);
    },
    isFault: isPgWriteFault,
    describe: (err) => {
      const s = pgErrorSummary(err);
      return s.code === undefined ? s.message : `${s.code}: ${s.message}`;
    },
    ...(options.probeEveryMs === undefined ? {} : { probeEveryMs: options.probeEveryMs }),
  });
  const write = health.trackAsync;
  const tx = <T>(fn: (c: Client) => Promise<T>) => write(() => withTransaction(pool, fn));

  // Hot statements are prepared once per connection (named), one for each batch size.
  const insertRows = (batch: readonly Waiting<unknown[]>[]) =>
    write(() =>
      pool.query({
        name: `kanal-create-plans-${batch.length}`,
        text: insertPlans(batch.length),
        values: batch.flatMap((w) => w.item),
      }),
    );

  /**
   * A plan is acknowledged only when the statement holding it has returned (committed). When a
   * statement of several fails, none of its rows was written, so each plan is tried again alone:
   * one bad plan (an id already used) fails alone, as it would have without the batch.
   */
  const queuePlan = turnBatches<unknown[]>(options.maxPlanBatch ?? MAX_PLAN_BATCH, (batch) => {
    insertRows(batch).then(
      () => {
        options.onPlanBatch?.(batch.length);
        for (const w of batch) w.resolve();
      },
      (err: unknown) => {
        if (batch.length === 1) return batch[0]?.reject(err);
        for (const w of batch) {
          insertRows([w]).then(() => {
            options.onPlanBatch?.(1);
            w.resolve();
          }, w.reject);
        }
      },
    );
  });

  return {
    async createDraft(d) {
      const data = JSON.stringify(DraftDataSchema.parse(d.data));
      await write(() =>
        pool.query(
          `INSERT INTO drafts (token_hash, data, plan_id_hash, sealed_plan_id, created_at, updated_at, language)
           VALUES ($1, $2, $3, $4, $5, $5, $6)`,
          [d.tokenHash, data, d.planIdHash ?? null, d.sealedPlanId ?? null, d.now, d.language ?? null],
        ),
      );
    },
    async loadDraft(tokenHash) {
      const { rows } = await pool.query(
        'SELECT data, plan_id_hash, sealed_plan_id, language, created_at, updated_at FROM drafts WHERE token_hash = $1',
        [tokenHash],
      );
      if (rows[0] === undefined) return undefined;
      const row = DraftRow.parse(rows[0]);
      const draft: Draft = {
        data: DraftDataSchema.parse(JSON.parse(row.data)),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        ...(row.plan_id_hash === null ? {} : { planIdHash: row.plan_id_hash }),
        ...(row.sealed_plan_id === null ? {} : { sealedPlanId: row.sealed_plan_id }),
        ...(row.language === null ? {} : { language: row.language }),
      };
      return draft;
    },
    async saveDraft(tokenHash, data, now, language) {
      const json = JSON.stringify(DraftDataSchema.parse(data));
      const result = await write(() =>
        pool.query(
          'UPDATE drafts SET data = $1, updated_at = $2, language = coalesce($4, language) WHERE token_hash = $3',
          [json, now, tokenHash, language ?? null],
        ),
      );
      return (result.rowCount ?? 0) > 0;
    },
    createPlan(p) {
      // The plan and the removal of the draft it was made from commit together or not at all
      // (one statement, insertPlans), with the other plans of its turn.
      return queuePlan([
        p.idHash,
        p.ownerKeyHash,
        JSON.stringify(p.answers),
        jsonText(p.plan),
        p.now,
        p.expiresAt,
        p.language ?? null,
        p.fromDraftHash ?? null,
      ]);
    },
    async loadAnswers(idHash, now) {
      const { rows } = await pool.query({
        name: 'kanal-load-answers',
        text: 'SELECT answers FROM plans WHERE id_hash = $1 AND expires_at > $2',
        values: [idHash, now],
      });
      if (rows[0] === undefined) return undefined;
      return parseStoredAnswers(JSON.parse(AnswersRow.parse(rows[0]).answers));
    },
    async loadPlan(idHash, now) {
      const { rows } = await pool.query({
        name: 'kanal-load-plan',
        text: `SELECT answers, plan, previous, owner_key_hash, language, created_at, updated_at, expires_at
         FROM plans WHERE id_hash = $1 AND expires_at > $2`,
        values: [idHash, now],
      });
      if (rows[0] === undefined) return undefined;
      const row = PlanRow.parse(rows[0]);
      const stored: StoredPlan = {
        answers: parseStoredAnswers(JSON.parse(row.answers)),
        plan: PlanSchema.parse(JSON.parse(row.plan)),
        ...(row.previous === null ? {} : { previous: earlierPlan(row.previous) }),
        ownerKeyHash: row.owner_key_hash,
        ...(row.language === null ? {} : { language: row.language }),
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        expiresAt: row.expires_at,
      };
      return stored;
    },
    async listPlans(now) {
      const { rows } = await pool.query(
        'SELECT plan FROM plans WHERE expires_at > $1 ORDER BY created_at, id_hash',
        [now],
      );
      return rows.map((row) => PlanSchema.parse(JSON.parse(z.object({ plan: z.string() }).parse(row).plan)));
    },
    async replacePlan(idHash, change) {
      const answers = JSON.stringify(change.answers);
      const plan = jsonText(change.plan);
      return tx(async (c) => {
        // One UPDATE: SET reads the row as it was, so `previous` is exactly the version
        // replaced, even when two instances change the same plan at once (the row lock
        // orders them).
        const updated = await c.query(
          `UPDATE plans
           SET previous = json_build_object('answers', answers::json, 'plan', plan::json, 'at', ${ISO_AT})::text,
               answers = $1, plan = $2, updated_at = $3, language = coalesce($5, language)
           WHERE id_hash = $4 AND expires_at > $3`,
          [answers, plan, change.now, idHash, change.language ?? null],
        );
        if ((updated.rowCount ?? 0) === 0) return false;
        if (change.fromDraftHash !== undefined) {
          await c.query('DELETE FROM drafts WHERE token_hash = $1', [change.fromDraftHash]);
        }
        return true;
      });
    },
    async deletePlan(idHash) {
      const result = await write(() => pool.query('DELETE FROM plans WHERE id_hash = $1', [idHash]));
      return (result.rowCount ?? 0) > 0;
    },
    async purgeExpired(now, staleDraftsBefore) {
      // Idempotent deletes: every instance may run the purge at the same time; each row is
      // deleted once and counted by the instance that deleted it.
      return tx(async (c) => {
        const plans = await c.query('DELETE FROM plans WHERE expires_at <= $1', [now]);
        const drafts = await c.query('DELETE FROM drafts WHERE updated_at < $1', [staleDraftsBefore]);
        await c.query('DELETE FROM rate_limits WHERE reset_at <= $1', [now]);
        return { plans: plans.rowCount ?? 0, drafts: drafts.rowCount ?? 0 };
      });
    },
    async ping() {
      await pool.query('SELECT 1');
      await health.check();
    },
    async close() {
      if (pool.ended || pool.ending) return;
      await pool.end();
    },
  };
}
