/**
 * The PollStore over PostgreSQL (docs/decisions/026): the same contract as sqlite-poll-store.ts
 * (test/db/poll-store-contract.ts runs against both), on the plans store's pool; the tables are
 * migrations/pg/003_poll.sql. Several instances share the database, so every rule that SQLite
 * gets from its single writer is made explicit here:
 * - One answer per browser: the mark is `INSERT ... ON CONFLICT DO NOTHING` on poll_seen's
 *   primary key, in the same statement as the count. Two instances posting the same cookie at
 *   once: the second insert waits for the first's row and then does nothing, so it counts once.
 * - An answer and a close (or reset, or delete) of the same poll: the answer holds a share lock
 *   on the poll's row (`FOR SHARE`) while it marks and counts; closing updates that row, so it
 *   waits for answers in flight and then forgets their marks, and an answer arriving after it
 *   sees the poll closed. No answer counts after the close returned, no mark outlives it.
 * - Opening twice at once: `INSERT ... ON CONFLICT (plan_id_hash) DO NOTHING`, then a reopen of
 *   a closed poll, then the one poll there is; never a read-then-write.
 * Days are DATE columns read back as `YYYY-MM-DD` text (never a JS Date: no time zone enters).
 * Rows are re-validated on read.
 */
import { z } from 'zod';
import { AGE_GROUPS } from '../domain/answers.js';
import type { PollAnswer } from '../domain/poll.js';
import { type Client, type Pool, withTransaction } from './pg.js';
import { appsToBits, bitsToApps, Day, type PollStore, pollRecordOf } from './poll-store.js';
import { MAX_LISTED_ANSWERS } from './sqlite-poll-store.js';

const AnswerRow = z.object({
  answered_on: Day,
  age_group: z.enum(AGE_GROUPS),
  apps: z.number().int().min(0).max(7),
  counter: z.boolean(),
  answers: z.number().int().positive(),
});

const OutcomeRow = z.object({
  found: z.boolean(),
  open: z.boolean(),
  marked: z.boolean(),
  counted: z.boolean(),
});

const COLS = `plan_id_hash, token_hash, sealed_token, counter_key_hash,
  to_char(opened_on, 'YYYY-MM-DD') AS opened_on, to_char(closed_on, 'YYYY-MM-DD') AS closed_on`;

/**
 * Marks the browser and counts the answer in one statement (one round trip, atomic): `poll`
 * locks the poll's row for share, `mark` inserts the keyed hash unless it is there, `counted`
 * adds one to the answer's cell only if the poll is open and (off the counter tablet) the mark
 * was new. $2 is NULL on the counter tablet.
 */
const RECORD_ANSWER = `
WITH poll AS (
  SELECT closed_on IS NULL AS open FROM polls WHERE plan_id_hash = $1::text FOR SHARE
), mark AS (
  INSERT INTO poll_seen (plan_id_hash, browser_mac)
  SELECT $1::text, $2::text FROM poll WHERE poll.open AND $2::text IS NOT NULL
  ON CONFLICT (plan_id_hash, browser_mac) DO NOTHING
  RETURNING 1
), counted AS (
  INSERT INTO poll_answers (plan_id_hash, answered_on, age_group, apps, counter, answers)
  SELECT $1::text, $3::date, $4::text, $5::smallint, $2::text IS NULL, 1 FROM poll
  WHERE poll.open AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM mark))
  ON CONFLICT (plan_id_hash, answered_on, age_group, apps, counter)
  DO UPDATE SET answers = poll_answers.answers + 1
  RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM poll) AS found,
       COALESCE((SELECT open FROM poll), false) AS open,
       EXISTS (SELECT 1 FROM mark) AS marked,
       EXISTS (SELECT 1 FROM counted) AS counted`;

export function createPostgresPollStore(pool: Pool): PollStore {
  const byPlan = async (c: Pool | Client, planIdHash: string, lock = '') => {
    const { rows } = await c.query({
      // Read on every report page (its poll section): prepared once per connection.
      ...(lock === '' ? { name: 'kanal-poll-by-plan' } : {}),
      text: `SELECT ${COLS} FROM polls WHERE plan_id_hash = $1 ${lock}`,
      values: [planIdHash],
    });
    return pollRecordOf(rows[0]);
  };

  return {
    async openPoll(p) {
      return withTransaction(pool, async (c) => {
        const inserted = await c.query(
          `INSERT INTO polls (plan_id_hash, token_hash, sealed_token, opened_on) VALUES ($1, $2, $3, $4)
           ON CONFLICT (plan_id_hash) DO NOTHING RETURNING ${COLS}`,
          [p.planIdHash, p.tokenHash, p.sealedToken, p.day],
        );
        const made = pollRecordOf(inserted.rows[0]);
        if (made !== undefined) return { opened: true, poll: made };
        const reopened = await c.query(
          `UPDATE polls SET closed_on = NULL, opened_on = $1
           WHERE plan_id_hash = $2 AND closed_on IS NOT NULL RETURNING ${COLS}`,
          [p.day, p.planIdHash],
        );
        const again = pollRecordOf(reopened.rows[0]);
        if (again !== undefined) return { opened: true, poll: again };
        const existing = await byPlan(c, p.planIdHash);
        if (existing === undefined) throw new Error('poll vanished while opening');
        return { opened: false, poll: existing };
      });
    },
    async findByPlan(planIdHash) {
      return byPlan(pool, planIdHash);
    },
    async findByToken(tokenHash) {
      const { rows } = await pool.query(`SELECT ${COLS} FROM polls WHERE token_hash = $1`, [tokenHash]);
      return pollRecordOf(rows[0]);
    },
    async closePoll(planIdHash, day) {
      return withTransaction(pool, async (c) => {
        const closed = await c.query(
          `UPDATE polls SET closed_on = $1, counter_key_hash = NULL
           WHERE plan_id_hash = $2 AND closed_on IS NULL`,
          [day, planIdHash],
        );
        if ((closed.rowCount ?? 0) === 0) return false;
        await c.query('DELETE FROM poll_seen WHERE plan_id_hash = $1', [planIdHash]);
        return true;
      });
    },
    async resetPoll(planIdHash) {
      return withTransaction(pool, async (c) => {
        // The row lock waits for answers in flight, so none lands half before, half after.
        if ((await byPlan(c, planIdHash, 'FOR UPDATE')) === undefined) return false;
        await c.query('DELETE FROM poll_answers WHERE plan_id_hash = $1', [planIdHash]);
        await c.query('DELETE FROM poll_seen WHERE plan_id_hash = $1', [planIdHash]);
        return true;
      });
    },
    async setCounterKey(planIdHash, keyHash) {
      const result = await pool.query('UPDATE polls SET counter_key_hash = $1 WHERE plan_id_hash = $2', [
        keyHash,
        planIdHash,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async recordAnswer(a) {
      const { rows } = await pool.query(RECORD_ANSWER, [
        a.planIdHash,
        a.browserMac ?? null,
        a.day,
        a.ageGroup,
        appsToBits(a.apps),
      ]);
      const r = OutcomeRow.parse(rows[0]);
      if (!r.found) return 'gone';
      if (!r.open) return 'closed';
      if (a.browserMac !== undefined && !r.marked) return 'already';
      if (!r.counted) throw new Error('an open poll did not count an answer');
      return 'counted';
    },
    async listAnswers(planIdHash) {
      const { rows } = await pool.query(
        `SELECT to_char(answered_on, 'YYYY-MM-DD') AS answered_on, age_group, apps::int AS apps, counter, answers
         FROM poll_answers WHERE plan_id_hash = $1`,
        [planIdHash],
      );
      const out: PollAnswer[] = [];
      for (const found of rows) {
        const row = AnswerRow.parse(found);
        const answer: PollAnswer = {
          ageGroup: row.age_group,
          apps: bitsToApps(row.apps),
          day: row.answered_on,
          counter: row.counter,
        };
        for (let i = 0; i < row.answers && out.length < MAX_LISTED_ANSWERS; i++) out.push(answer);
      }
      return out;
    },
    async deletePoll(planIdHash) {
      const result = await pool.query('DELETE FROM polls WHERE plan_id_hash = $1', [planIdHash]);
      return (result.rowCount ?? 0) > 0;
    },
  };
}
