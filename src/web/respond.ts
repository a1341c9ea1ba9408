/** Small helpers every page router uses to respond: the page title and the translator's words. */
import type { RequestHandler, Response } from 'express';
import type { createI18n } from '../i18n.js';
import type { Words } from './view-models.js';

export function pageTitle(res: Response, title: string, hasErrors = false): string {
  const t = res.locals.t;
  return `${hasErrors ? t('web.error_prefix') : ''}${title} – ${t('web.service_name')}`;
}

export function words(_i18n: ReturnType<typeof createI18n>, res: Response): Words {
  const tr = res.locals.tr;
  return { tr, has: tr.has };
}

/** Capability pages and pages showing a secret: never cached, never indexed. */
export function privateHeaders(res: Response): void {
  res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
}

/** privateHeaders as middleware, for every answer under a path (API, poll, draft and report links). */
export const privateAnswers: RequestHandler = (_req, res, next) => {
  privateHeaders(res);
  next();
};
