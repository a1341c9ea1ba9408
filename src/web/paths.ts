/**
 * The app's addresses, in one place: drafts live under /d/<token>, reports under /r/<id>, both
 * capability links (docs/decisions/005-storage-and-secrets.md).
 */
import type { Request } from 'express';
import { type LinkConfig, linkBase } from './security.js';

export const draftPath = (token: string) => `/d/${token}`;
export const reportPath = (id: string) => `/r/${id}`;
export const kitPath = (id: string) => `${reportPath(id)}/kit`;
export const keySlipPath = (id: string) => `${reportPath(id)}/key`;
export const changePath = (id: string) => `${reportPath(id)}/change`;
export const deletePath = (id: string) => `${reportPath(id)}/delete`;
export const apiPlanPath = (id: string) => `/api/v1/plans/${id}`;

/** The absolute base of links in API answers and on printed reports. */
export function baseUrl(config: LinkConfig, req: Request): string {
  return linkBase(req, config);
}
