/**
 * Every page state a person reaches, in one language, through a test app: start, every question
 * page empty then sent with the salon's answers, check answers, the report (first visit, with the
 * owner key, and later), its kit, change and delete forms, privacy, method, 404, and a question
 * page sent empty (its error summary). The language is chosen both ways the app may read it:
 * the `lang` cookie (src/web/language.ts) and `Accept-Language`, so the walk works before and
 * after the language wiring. Returns each state's status and HTML.
 */
import type { Express } from 'express';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { FormUser } from '../helpers/forms.js';

export interface PageState {
  readonly status: number;
  readonly html: string;
}

/** The status each state must answer with. */
export function expectedStatus(state: string): number {
  if (state === 'not found') return 404;
  if (state === 'business with errors') return 400;
  return 200;
}

export async function walkPages(app: Express, language: string): Promise<Map<string, PageState>> {
  const pages = new Map<string, PageState>();
  const user = new FormUser(app);
  user.agent.set('Accept-Language', language).set('Cookie', `kanal.lang=${language}`);
  const get = async (state: string, path: string) => {
    const res = await user.get(path);
    pages.set(state, { status: res.status, html: res.text });
  };
  await get('start', '/');
  const base = await user.start();
  let next = `${base}/business`;
  for (const page of SALON_PAGE_ORDER) {
    await get(`question ${page}`, next);
    const res = await user.post(next, SALON_PAGES[page]!);
    if (res.status !== 303) throw new Error(`${language}: ${page} answered ${res.status}`);
    next = res.headers.location!;
  }
  await get('check answers', next);
  const submitted = await user.post(next, {});
  // A new plan goes to its key slip (the owner key, once), under the report's address.
  const slip = submitted.headers.location;
  if (submitted.status !== 303 || slip === undefined) throw new Error(`${language}: no plan made`);
  await get('key slip', slip);
  const report = slip.replace(/\/key$/, '');
  await get('report (first visit)', report);
  await get('report', report);
  await get('kit', `${report}/kit`);
  await get('change', `${report}/change`);
  await get('delete', `${report}/delete`);
  await get('privacy', '/privacy');
  await get('method', '/method');
  await get('not found', '/no-such-page');
  const fresh = await user.start();
  const wrong = await user.post(`${fresh}/business`, {});
  pages.set('business with errors', { status: wrong.status, html: wrong.text });
  return pages;
}
