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
    drop: () => onServer(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
