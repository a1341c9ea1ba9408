/**
 * The SQLite Store: prepared statements, parameters bound, JSON columns re-validated on read.
 */
import { z } from 'zod';
import { parseStoredAnswers } from '../domain/answers.js';
import { PlanSchema } from '../domain/plan-schema.js';
import { jsonText } from '../json-text.js';
import { createWriteHealth } from './health.js';
import { type Db, isSqliteFault, probeWrite, truncateWal } from './open.js';
import {
  AnswersRow,
  type Draft,
  DraftDataSchema,
  earlierPlan,
  rowSchemas,
  type Store,
  type StoredPlan,
} from './store.js';

const { DraftRow, PlanRow } = rowSchemas(z.string());

const iso = (d: Date) => d.toISOString();

export interface SqliteStoreOptions {
  /** How long a passed write probe is trusted by the health check (default 1000 ms). */
  readonly probeEveryMs?: number;
}

export function createSqliteStore(db: Db, options: SqliteStoreOptions = {}): Store {
  const q = {
    insertDraft: db.prepare(
      `INSERT INTO drafts (token_hash, data, plan_id_hash, sealed_plan_id, language, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    selectDraft: db.prepare(
      'SELECT data, plan_id_hash, sealed_plan_id, language, created_at, updated_at FROM drafts WHERE token_hash = ?',
    ),
    updateDraft: db.prepare(
      'UPDATE drafts SET data = ?, updated_at = ?, language = coalesce(?, language) WHERE token_hash = ?',
    ),
    deleteDraft: db.prepare('DELETE FROM drafts WHERE token_hash = ?'),
    insertPlan: db.prepare(
      `INSERT INTO plans (id_hash, owner_key_hash, answers, plan, language, created_at, updated_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    selectAnswers: db.prepare('SELECT answers FROM plans WHERE id_hash = ? AND expires_at > ?'),
    selectPlan: db.prepare(
      `SELECT answers, plan, previous, owner_key_hash, language, created_at, updated_at, expires_at
       FROM plans WHERE id_hash = ? AND expires_at > ?`,
    ),
    // An expired plan reads as gone (loadPlan), so it cannot be changed either.
    // The version replaced becomes `previous` (SET reads the row as it was before the update).
    updatePlan: db.prepare(
      `UPDATE plans
       SET previous = json_object('answers', json(answers), 'plan', json(plan), 'at', updated_at),
           answers = ?, plan = ?, updated_at = ?, language = coalesce(?, language)
       WHERE id_hash = ? AND expires_at > ?`,
    ),
    deletePlan: db.prepare('DELETE FROM plans WHERE id_hash = ?'),
    listPlans: db.prepare('SELECT plan FROM plans WHERE expires_at > ? ORDER BY rowid'),
    purgePlans: db.prepare('DELETE FROM plans WHERE expires_at <= ?'),
    purgeDrafts: db.prepare('DELETE FROM drafts WHERE updated_at < ?'),
    ping: db.prepare('SELECT 1 AS ok'),
  };

  const createPlanTx = db.transaction((p: Parameters<Store['createPlan']>[0]) => {
    q.insertPlan.run(
      p.idHash,
      p.ownerKeyHash,
      JSON.stringify(p.answers),
      jsonText(p.plan),
      p.language ?? null,
      iso(p.now),
      iso(p.now),
      iso(p.expiresAt),
    );
    if (p.fromDraftHash !== undefined) q.deleteDraft.run(p.fromDraftHash);
  });

  const replacePlanTx = db.transaction((idHash: string, c: Parameters<Store['replacePlan']>[1]) => {
    const changed = q.updatePlan.run(
      JSON.stringify(c.answers),
      jsonText(c.plan),
      iso(c.now),
      c.language ?? null,
      idHash,
      iso(c.now),
    );
    if (changed.changes === 0) return false;
    if (c.fromDraftHash !== undefined) q.deleteDraft.run(c.fromDraftHash);
    return true;
  });

  const health = createWriteHealth({
    probe: () => {
      try {
        probeWrite(db);
      } catch (err) {
        // Another connection holding the write lock is writing: the file is writable.
        if (/^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: unknown }).code))) return;
        throw err;
      }
    },
    isFault: isSqliteFault,
    describe: (err) => (isSqliteFault(err) ? `${err.code}: ${err.message}` : String(err)),
    ...(options.probeEveryMs === undefined ? {} : { probeEveryMs: options.probeEveryMs }),
  });
  const write = health.track;
  // After a commit: the answer to the request is already decided (the data is saved), so a
  // failing checkpoint must not turn it into an error page; the health check hears of it.
  const emptyWal = () => {
    try {
      write(() => truncateWal(db));
    } catch {
      // recorded by write() when it is a fault; the next checkpoint finishes the job
    }
  };

  const purgeTx = db.transaction((now: Date, staleDraftsBefore: Date) => {
    const plans = q.purgePlans.run(iso(now)).changes;
    const drafts = q.purgeDrafts.run(iso(staleDraftsBefore)).changes;
    return { plans, drafts };
  });

  return {
    async createDraft(d) {
      const data = JSON.stringify(DraftDataSchema.parse(d.data));
      write(() =>
        q.insertDraft.run(
          d.tokenHash,
          data,
          d.planIdHash ?? null,
          d.sealedPlanId ?? null,
          d.language ?? null,
          iso(d.now),
          iso(d.now),
        ),
      );
    },
    async loadDraft(tokenHash) {
      const found = q.selectDraft.get(tokenHash);
      if (found === undefined) return undefined;
      const row = DraftRow.parse(found);
      const draft: Draft = {
        data: DraftDataSchema.parse(JSON.parse(row.data)),
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
        ...(row.plan_id_hash === null ? {} : { planIdHash: row.plan_id_hash }),
        ...(row.sealed_plan_id === null ? {} : { sealedPlanId: row.sealed_plan_id }),
        ...(row.language === null ? {} : { language: row.language }),
      };
      return draft;
    },
    async saveDraft(tokenHash, data, now, language) {
      const json = JSON.stringify(DraftDataSchema.parse(data));
      return write(() => q.updateDraft.run(json, iso(now), language ?? null, tokenHash)).changes > 0;
    },
    async createPlan(p) {
      write(() => createPlanTx(p));
      // The draft's earlier saves (answers the owner since removed) are older page images in
      // the WAL: empty it once the draft is gone (secure_delete zeroed it in the database).
      if (p.fromDraftHash !== undefined) emptyWal();
    },
    async loadPlan(idHash, now) {
      const found = q.selectPlan.get(idHash, iso(now));
      if (found === undefined) return undefined;
      const row = PlanRow.parse(found);
      const stored: StoredPlan = {
        answers: parseStoredAnswers(JSON.parse(row.answers)),
        plan: PlanSchema.parse(JSON.parse(row.plan)),
        ...(row.previous === null ? {} : { previous: earlierPlan(row.previous) }),
        ownerKeyHash: row.owner_key_hash,
        ...(row.language === null ? {} : { language: row.language }),
        createdAt: new Date(row.created_at),
        updatedAt: new Date(row.updated_at),
        expiresAt: new Date(row.expires_at),
      };
      return stored;
    },
    async loadAnswers(idHash, now) {
      const found = q.selectAnswers.get(idHash, iso(now));
      if (found === undefined) return undefined;
      return parseStoredAnswers(JSON.parse(AnswersRow.parse(found).answers));
    },
    async listPlans(now) {
      return q.listPlans
        .all(iso(now))
        .map((row) => PlanSchema.parse(JSON.parse(z.object({ plan: z.string() }).parse(row).plan)));
    },
    async replacePlan(idHash, change) {
      const replaced = write(() => replacePlanTx(idHash, change));
      // The version replaced two changes ago (and the draft's saves) must not linger in the WAL.
      if (replaced) emptyWal();
      return replaced;
    },
    async deletePlan(idHash) {
      const deleted = write(() => q.deletePlan.run(idHash)).changes > 0;
      // secure_delete zeroed the rows in the database; empty the WAL of their older copies too.
      if (deleted) emptyWal();
      return deleted;
    },
    async purgeExpired(now, staleDraftsBefore) {
      const result = write(() => purgeTx(now, staleDraftsBefore));
      if (result.plans + result.drafts > 0) emptyWal();
      return result;
    },
    async ping() {
      q.ping.get();
      await health.check();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
