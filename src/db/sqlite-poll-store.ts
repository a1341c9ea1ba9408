/**
 * The PollStore over SQLite, on the same database handle as the plans store (open.ts opens and
 * migrates it; migrations/003_poll.sql makes the tables). Rows are re-validated on read.
 */
import { z } from 'zod';
import { AGE_GROUPS } from '../domain/answers.js';
import type { PollAnswer } from '../domain/poll.js';
import { type Db, truncateWal } from './open.js';
import { appsToBits, bitsToApps, Day, type PollStore, pollRecordOf } from './poll-store.js';

const AnswerRow = z.object({
  answered_on: Day,
  age_group: z.enum(AGE_GROUPS),
  apps: z.number().int().min(0).max(7),
  counter: z.union([z.literal(0), z.literal(1)]),
  answers: z.number().int().positive(),
});

/** Far more than any shop's poll; a bound so a stuffed poll cannot exhaust memory on read. */
export const MAX_LISTED_ANSWERS = 1_000_000;

export function createSqlitePollStore(db: Db): PollStore {
  const cols = 'plan_id_hash, token_hash, sealed_token, counter_key_hash, opened_on, closed_on';
  const q = {
    byPlan: db.prepare(`SELECT ${cols} FROM polls WHERE plan_id_hash = ?`),
    byToken: db.prepare(`SELECT ${cols} FROM polls WHERE token_hash = ?`),
    insert: db.prepare(
      'INSERT INTO polls (plan_id_hash, token_hash, sealed_token, opened_on) VALUES (?, ?, ?, ?)',
    ),
    reopen: db.prepare(
      'UPDATE polls SET closed_on = NULL, opened_on = ? WHERE plan_id_hash = ? AND closed_on IS NOT NULL',
    ),
    close: db.prepare(
      'UPDATE polls SET closed_on = ?, counter_key_hash = NULL WHERE plan_id_hash = ? AND closed_on IS NULL',
    ),
    counterKey: db.prepare('UPDATE polls SET counter_key_hash = ? WHERE plan_id_hash = ?'),
    forgetSeen: db.prepare('DELETE FROM poll_seen WHERE plan_id_hash = ?'),
    deleteAnswers: db.prepare('DELETE FROM poll_answers WHERE plan_id_hash = ?'),
    markSeen: db.prepare('INSERT OR IGNORE INTO poll_seen (plan_id_hash, browser_mac) VALUES (?, ?)'),
    count: db.prepare(
      `INSERT INTO poll_answers (plan_id_hash, answered_on, age_group, apps, counter, answers)
       VALUES (?, ?, ?, ?, ?, 1)
       ON CONFLICT (plan_id_hash, answered_on, age_group, apps, counter)
       DO UPDATE SET answers = answers + 1`,
    ),
    answers: db.prepare(
      'SELECT answered_on, age_group, apps, counter, answers FROM poll_answers WHERE plan_id_hash = ?',
    ),
    remove: db.prepare('DELETE FROM polls WHERE plan_id_hash = ?'),
  };

  const openTx = db.transaction((p: Parameters<PollStore['openPoll']>[0]) => {
    const existing = pollRecordOf(q.byPlan.get(p.planIdHash));
    if (existing === undefined) {
      q.insert.run(p.planIdHash, p.tokenHash, p.sealedToken, p.day);
    } else if (existing.closedOn === undefined) {
      return { opened: false, poll: existing };
    } else {
      q.reopen.run(p.day, p.planIdHash);
    }
    const poll = pollRecordOf(q.byPlan.get(p.planIdHash));
    if (poll === undefined) throw new Error('poll vanished while opening');
    return { opened: true, poll };
  });

  const closeTx = db.transaction((planIdHash: string, day: string) => {
    const closed = q.close.run(day, planIdHash).changes > 0;
    if (closed) q.forgetSeen.run(planIdHash);
    return closed;
  });

  const resetTx = db.transaction((planIdHash: string) => {
    if (q.byPlan.get(planIdHash) === undefined) return false;
    q.deleteAnswers.run(planIdHash);
    q.forgetSeen.run(planIdHash);
    return true;
  });

  const answerTx = db.transaction((a: Parameters<PollStore['recordAnswer']>[0]) => {
    const poll = pollRecordOf(q.byPlan.get(a.planIdHash));
    if (poll === undefined) return 'gone' as const;
    if (poll.closedOn !== undefined) return 'closed' as const;
    if (a.browserMac !== undefined && q.markSeen.run(a.planIdHash, a.browserMac).changes === 0)
      return 'already' as const;
    q.count.run(a.planIdHash, a.day, a.ageGroup, appsToBits(a.apps), a.browserMac === undefined ? 1 : 0);
    return 'counted' as const;
  });

  return {
    async openPoll(p) {
      return openTx(p);
    },
    async findByPlan(planIdHash) {
      return pollRecordOf(q.byPlan.get(planIdHash));
    },
    async findByToken(tokenHash) {
      return pollRecordOf(q.byToken.get(tokenHash));
    },
    async closePoll(planIdHash, day) {
      const closed = closeTx(planIdHash, day);
      if (closed) truncateWal(db);
      return closed;
    },
    async resetPoll(planIdHash) {
      const reset = resetTx(planIdHash);
      if (reset) truncateWal(db);
      return reset;
    },
    async setCounterKey(planIdHash, keyHash) {
      return q.counterKey.run(keyHash, planIdHash).changes > 0;
    },
    async recordAnswer(a) {
      return answerTx(a);
    },
    async listAnswers(planIdHash) {
      const out: PollAnswer[] = [];
      for (const found of q.answers.all(planIdHash)) {
        const row = AnswerRow.parse(found);
        const answer: PollAnswer = {
          ageGroup: row.age_group,
          apps: bitsToApps(row.apps),
          day: row.answered_on,
          counter: row.counter === 1,
        };
        for (let i = 0; i < row.answers && out.length < MAX_LISTED_ANSWERS; i++) out.push(answer);
      }
      return out;
    },
    async deletePoll(planIdHash) {
      const deleted = q.remove.run(planIdHash).changes > 0;
      if (deleted) truncateWal(db);
      return deleted;
    },
  };
}
