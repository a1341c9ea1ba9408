/** The real server as `npm start` runs it, on a file database, for the durability tests. */
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { spawnServer } from '../helpers/spawn.js';

export interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<number | null>;
  output(): string;
}

export async function startServer(
  databasePath: string,
  extraEnv: Record<string, string> = {},
): Promise<Running> {
  const { child, output } = spawnServer({
    PORT: '0',
    DATABASE_PATH: databasePath,
    RATE_LIMIT: 'off',
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    ...extraEnv,
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = Date.now() + 20_000;
  let port: number | undefined;
  while (port === undefined) {
    const out = output();
    const m = /"port":(\d+)/.exec(out);
    if (m?.[1]) port = Number(m[1]);
    else if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    else if (Date.now() > until) throw new Error(`server did not start: ${out}`);
    else await new Promise((r) => setTimeout(r, 25));
  }
  return { child, port, exited, output };
}

/** JSON with sorted keys, so two equal values always print the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
