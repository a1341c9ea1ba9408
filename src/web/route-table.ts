/**
 * A router's visible route table: method, path, handler, and whether the route makes something
 * (a draft, a plan, a count of an uploaded list: rate-limited as "create"). The 405 guard is
 * built from the same tables (app.ts), so a route is listed once.
 */
import { type RequestHandler, Router } from 'express';
import type { Limiters } from './limits.js';
import type { Method } from './methods.js';

export interface RouteRow<Name extends string> {
  readonly method: Method;
  readonly path: string;
  readonly handler: Name;
  readonly creates?: boolean;
}

export function routerOf<Name extends string>(
  table: readonly RouteRow<Name>[],
  handlers: Readonly<Record<Name, RequestHandler>>,
  limits: Pick<Limiters, 'create'>,
): Router {
  const r = Router();
  for (const row of table) {
    const chain = row.creates ? [limits.create, handlers[row.handler]] : [handlers[row.handler]];
    if (row.method === 'GET') r.get(row.path, ...chain);
    else r.post(row.path, ...chain);
  }
  return r;
}
