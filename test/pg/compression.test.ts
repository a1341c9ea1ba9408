/**
 * Migration 006 on PostgreSQL (docs/decisions/038): the plans' and drafts' JSON columns are
 * compressed with lz4, not pglz, so a created or changed plan costs the database far less CPU.
 * Debian's PostgreSQL 15 (CI's) is built with lz4, so here it must be lz4. Plans written before
 * the migration (pglz) still read back as they were written.
 */
import { describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { readMigrations } from '../../src/db/open.js';
import { migratePostgres, PG_MIGRATIONS_DIR } from '../../src/db/pg.js';
import { createPostgresStore } from '../../src/db/pg-store.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON } from '../helpers/answers.js';
import { scratchPool } from './database.js';

const adoption = loadAdoptionData();
const planOf = (a: typeof SALON) => plan(a, adoption, { translate: createI18n().translator('en').render });
const named = (name: string) => ({ ...SALON, business: { ...SALON.business, name } });
const now = new Date('2026-03-01T00:00:00.000Z');
const expiresAt = new Date('2026-09-01T00:00:00.000Z');
const newPlan = (key: string) => ({
  idHash: hashSecret(key),
  ownerKeyHash: hashSecret(`${key}-owner`),
  answers: SALON,
  plan: planOf(SALON),
  now,
  expiresAt,
});

describe('migration 006 on PostgreSQL: lz4 for the JSON columns', () => {
  const db = scratchPool('compression', { max: 2, migrate: false });

  it('keeps a plan written before it as it was, and writes new and changed plans with lz4', async () => {
    const all = readMigrations(PG_MIGRATIONS_DIR);
    expect(await migratePostgres(db.pool, all.slice(0, 5))).toHaveLength(5);
    const store = createPostgresStore(db.pool);
    await store.createPlan(newPlan('old'));
    const before = await store.loadPlan(hashSecret('old'), now);
    expect(await migratePostgres(db.pool)).toEqual(['006_lz4_compression.sql']);

    const { rows: columns } = await db.pool.query<{ table: string; column: string; method: string }>(
      `SELECT c.relname AS table, a.attname AS column, a.attcompression AS method
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname IN ('plans', 'drafts') AND a.attname IN ('answers', 'plan', 'previous', 'data')
        ORDER BY 1, 2`,
    );
    expect(columns).toEqual([
      { table: 'drafts', column: 'data', method: 'l' },
      { table: 'plans', column: 'answers', method: 'l' },
      { table: 'plans', column: 'plan', method: 'l' },
      { table: 'plans', column: 'previous', method: 'l' },
    ]);

    expect(await store.loadPlan(hashSecret('old'), now)).toEqual(before);
    const { rows: old } = await db.pool.query<{ plan: string }>(
      'SELECT pg_column_compression(plan) AS plan FROM plans WHERE id_hash = $1',
      [hashSecret('old')],
    );
    expect(old).toEqual([{ plan: 'pglz' }]); // written before: as it was, until rewritten
    await store.createPlan(newPlan('new'));
    const changed = named('Kedai Baru');
    expect(await store.replacePlan(hashSecret('old'), { answers: changed, plan: planOf(changed), now })).toBe(
      true,
    );
    const { rows } = await db.pool.query<{ id_hash: string; plan: string; previous: string | null }>(
      `SELECT id_hash, pg_column_compression(plan) AS plan, pg_column_compression(previous) AS previous
         FROM plans ORDER BY created_at, id_hash`,
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.id_hash, { plan: r.plan, previous: r.previous }]));
    expect(byKey[hashSecret('new')]).toEqual({ plan: 'lz4', previous: null });
    expect(byKey[hashSecret('old')]).toEqual({ plan: 'lz4', previous: 'lz4' });
    expect((await store.loadPlan(hashSecret('old'), now))?.answers.business.name).toBe('Kedai Baru');
    expect((await store.loadPlan(hashSecret('new'), now))?.plan).toEqual(planOf(SALON));
  });
});
