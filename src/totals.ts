/**
 * The operator's anonymous totals (src/domain/totals.ts) of the plans in the database:
 *
 *   DATABASE_PATH=/var/lib/kanal/kanal.db npm run --silent totals
 *
 * or, on PostgreSQL (docs/decisions/019):
 *
 *   DATABASE_URL=postgres://kanal:secret@127.0.0.1:5432/kanal npm run --silent totals
 *
 * Prints JSON: the number of plans, plans per country (countries with fewer than 5 plans counted
 * together as "other"), and per channel how often it was advised keep, add, consider or skip and
 * was the primary one. With fewer than 5 plans it prints only how many there are. Opens the
 * database read-only (the server may be running; on PostgreSQL it only reads, in a read-only
 * transaction, and never migrates); never prints an id, an answer or a name.
 * Exit 0 printed; 2 no database at the path; 1 anything else (one line on stderr, in the language
 * of KANAL_LANG as the plan command's, else English; what the database itself said stays as it
 * said it).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CONFIG_DEFAULTS } from './config.js';
import { describeUrl, openPool, pgErrorSummary } from './db/pg.js';
import { createPostgresStore } from './db/pg-store.js';
import { createSqliteStore } from './db/sqlite-store.js';
import type { Plan } from './domain/plan-schema.js';
import { advisedTotals, MIN_GROUP } from './domain/totals.js';
import { createI18n } from './i18n.js';

function totalsOfPlans(plans: readonly Plan[], now: Date): unknown {
  const result = advisedTotals(plans);
  return result.ok
    ? { at: now.toISOString(), minGroup: MIN_GROUP, ...result.totals }
    : { at: now.toISOString(), minGroup: result.minGroup, plans: result.plans, withheld: true };
}

export async function totalsOf(file: string, now: Date): Promise<unknown> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return totalsOfPlans(await createSqliteStore(db).listPlans(now), now);
  } finally {
    db.close();
  }
}

/** The same totals from a PostgreSQL database, read in a read-only session. */
export async function totalsOfPostgres(url: string, now: Date): Promise<unknown> {
  const pool = openPool(url, { max: 1, readOnly: true });
  try {
    return totalsOfPlans(await createPostgresStore(pool).listPlans(now), now);
  } finally {
    await pool.end();
  }
}

/** One line on standard error, in the operator's language (KANAL_LANG, else English). */
function fail(key: string, params: Record<string, unknown>, code: 1 | 2): never {
  const tr = createI18n().operatorTranslator(process.env);
  process.stderr.write(`kanal totals: ${tr.t(key, params)}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    try {
      process.stdout.write(`${JSON.stringify(await totalsOfPostgres(url, new Date()), null, 2)}\n`);
    } catch (err) {
      const s = pgErrorSummary(err);
      const reason = `${s.message}${s.code ? ` (${s.code})` : ''}`;
      fail('cli.cannot_read', { source: describeUrl(url), reason }, 1);
    }
    return;
  }
  const file = process.env.DATABASE_PATH || CONFIG_DEFAULTS.DATABASE_PATH;
  if (!existsSync(file)) fail('cli.totals.no_database', { file }, 2);
  try {
    process.stdout.write(`${JSON.stringify(await totalsOf(file, new Date()), null, 2)}\n`);
  } catch (err) {
    fail('cli.cannot_read', { source: file, reason: err instanceof Error ? err.message : String(err) }, 1);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  await main();
