/**
 * 405 Method Not Allowed, with an Allow header, for every method a route does not serve
 * (ASVS 14.5.1). Page routes are guarded before the body parser and the CSRF check, so a PUT
 * to a form's address is a 405, not a 403.
 */
import { type RequestHandler, Router } from 'express';
import { message } from '../domain/message.js';
import { HttpError } from './errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function allowOnly(methods: readonly Method[]): RequestHandler {
  const allowed = new Set<string>(methods);
  if (allowed.has('GET')) allowed.add('HEAD');
  const allow = [...allowed].join(', ');
  return (req, res, next) => {
    if (allowed.has(req.method)) return next();
    res.set('Allow', allow);
    next(new HttpError(405, message('security.method_not_allowed')));
  };
}

/** A router answering 405 for the methods not listed for each path of a route table. */
export function methodGuard(table: readonly (readonly [Method, string])[]): Router {
  const byPath = new Map<string, Method[]>();
  for (const [method, path] of table) byPath.set(path, [...(byPath.get(path) ?? []), method]);
  const r = Router();
  for (const [path, methods] of byPath) r.all(path, allowOnly(methods));
  return r;
}
