/**
 * The operator's anonymous totals (src/domain/totals.ts) of the plans in the database:
 *
 *   DATABASE_PATH=/var/lib/kanal/kanal.db npm run --silent totals
 *
 * Prints JSON: the number of plans, plans per country (countries with fewer than 5 plans counted
 * together as "other"), and per channel how often it was advised keep, add, consider or skip and
 * was the primary one. With fewer than 5 plans it prints only how many there are. Opens the
 * database read-only (the server may be running); never prints an id, an answer or a name.
 * Exit 0 printed; 2 no database at the path; 1 anything else.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { CONFIG_DEFAULTS } from './config.js';
import { createSqliteStore } from './db/sqlite-store.js';
import { advisedTotals, MIN_GROUP } from './domain/totals.js';

export async function totalsOf(file: string, now: Date): Promise<unknown> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = advisedTotals(await createSqliteStore(db).listPlans(now));
    return result.ok
      ? { at: now.toISOString(), minGroup: MIN_GROUP, ...result.totals }
      : { at: now.toISOString(), minGroup: result.minGroup, plans: result.plans, withheld: true };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const file = process.env.DATABASE_PATH || CONFIG_DEFAULTS.DATABASE_PATH;
  if (!existsSync(file)) {
    process.stderr.write(`kanal totals: no database at ${file} (set DATABASE_PATH)\n`);
    process.exit(2);
  }
  try {
    process.stdout.write(`${JSON.stringify(await totalsOf(file, new Date()), null, 2)}\n`);
  } catch (err) {
    process.stderr.write(`kanal totals: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]))
  await main();
