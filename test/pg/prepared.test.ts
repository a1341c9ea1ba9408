/**
 * The statements a report page and an API create run on PostgreSQL are prepared once per
 * connection (named), not parsed and planned on every request: on this machine a named
 * one-row read took 144 µs a round trip against 360 µs unnamed (issue 13).
 */
import { describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { postgresPlanStamp } from '../../src/db/pg-plan-stamp.js';
import { createPostgresPollStore } from '../../src/db/pg-poll-store.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON } from '../helpers/answers.js';
import { scratchPool } from './database.js';

describe('prepared statements on PostgreSQL', () => {
  // One connection, so the statements it prepared are the ones pg_prepared_statements lists.
  const db = scratchPool('prepared', { max: 1 });

  it('names the create, the plan and answers reads, the stamp and the poll read that pages and the API make', async () => {
    const store = createPostgresStore(db.pool);
    const idHash = hashSecret('prepared');
    const now = new Date('2026-03-01T00:00:00.000Z');
    await store.createPlan({
      idHash,
      ownerKeyHash: hashSecret('k'),
      answers: SALON,
      plan: plan(SALON, loadAdoptionData(), { translate: createI18n().translator('en').render }),
      now,
      expiresAt: new Date('2026-09-01T00:00:00.000Z'),
    });
    expect(await store.loadPlan(idHash, now)).toBeDefined();
    expect(await store.loadAnswers(idHash, now)).toBeDefined();
    expect(await postgresPlanStamp(db.pool)(idHash, now)).toBeDefined();
    expect(await createPostgresPollStore(db.pool).findByPlan(idHash)).toBeUndefined();
    const { rows } = await db.pool.query<{ name: string }>(
      'SELECT name FROM pg_prepared_statements ORDER BY name',
    );
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'kanal-create-plans-1',
        'kanal-load-answers',
        'kanal-load-plan',
        'kanal-plan-stamp',
        'kanal-poll-by-plan',
      ]),
    );
  });
});
