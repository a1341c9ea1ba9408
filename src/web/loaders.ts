/**
 * One loader per entity: the draft or plan a route's :token or :id names, through the plans
 * service, or a 404 (the same answer for a malformed, unknown, expired or deleted link).
 */
import type { Request } from 'express';
import { message } from '../domain/message.js';
import type { OpenDraft, OpenPlan, Plans } from '../plans.js';
import { HttpError, notFound } from './errors.js';

export function param(req: Request, name: string): string {
  const v: unknown = req.params[name];
  return typeof v === 'string' ? v : '';
}

export async function loadDraft(plans: Plans, req: Request): Promise<OpenDraft> {
  const open = await plans.openDraft(param(req, 'token'));
  if (open === undefined) throw notFound();
  return open;
}

export async function loadPlan(plans: Plans, req: Request): Promise<OpenPlan> {
  const open = await plans.openPlan(param(req, 'id'));
  if (open === undefined) throw notFound();
  return open;
}

/** The API's loader: the same lookup, its 404 in JSON words. */
export async function loadApiPlan(plans: Plans, req: Request): Promise<OpenPlan> {
  const open = await plans.openPlan(param(req, 'id'));
  if (open === undefined) throw new HttpError(404, message('web.api.not_found'));
  return open;
}
