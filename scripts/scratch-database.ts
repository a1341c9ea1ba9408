/**
 * A throwaway PostgreSQL database on the server a URL names, for the PostgreSQL tests and the web
 * benchmark: made empty (TEMPLATE template0) under a name no one else uses, and dropped after.
 * The URL's role needs CREATEDB; the database named in the URL is only where the CREATE and
 * DROP are sent from.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ScratchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** `url` with its database replaced by `name` (user, password, host and options kept). */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A name of lower-case letters, digits and underscores: `${prefix}_${pid}_${8 hex digits}`. */
export function scratchName(prefix: string): string {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`not a database name prefix: ${prefix}`);
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function onServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'kanal-scratch' });
  await client.connect(); // an unreachable server fails here, loudly
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named from `prefix` on `url`'s server; its drop() ends its sessions. */
export async function createScratchDatabase(url: string, prefix: string): Promise<ScratchDatabase> {
  const name = scratchName(prefix);
  await onServer(url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  return {
    name,
    url: withDatabase(url, name),
    drop: () => onServer(url, (c) => dropWhenFree(c, name)),
  };
}

/** SQLSTATE 42501: a backend of the database is one this role may not end (below). */
const NOT_OURS_TO_END = '42501';

/**
 * DROP ... WITH (FORCE) ends the database's sessions, but only those of roles this one may signal:
 * after a run that wrote many plans, an autovacuum worker can be at work in it, and the drop is
 * refused (42501) until the worker is done. Tried again every 200 ms for up to a minute.
 */
export async function dropWhenFree(
  c: Pick<pg.Client, 'query'>,
  name: string,
  waitMs = 60_000,
): Promise<void> {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== NOT_OURS_TO_END || Date.now() >= until) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
