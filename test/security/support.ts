/** Shared pieces of the security tests: a plan made through the forms, a captured log. */
import { Writable } from 'node:stream';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { csrfFrom, type FormFields, FormUser } from '../helpers/forms.js';

export interface MadePlan {
  readonly base: string;
  readonly reportPath: string;
  readonly ownerKey: string;
  readonly html: string;
}

/** Walks the questionnaire (with page overrides), submits, and opens the report once. */
export async function planThroughForms(
  user: FormUser,
  overrides: Readonly<Record<string, FormFields>> = {},
): Promise<MadePlan> {
  const base = await user.start();
  for (const page of SALON_PAGE_ORDER) {
    const res = await user.post(`${base}/${page}`, { ...SALON_PAGES[page], ...overrides[page] });
    if (res.status !== 303) throw new Error(`POST ${page} answered ${res.status}`);
  }
  const { reportPath, ownerKey, report } = await user.submit(base);
  if (ownerKey === undefined) throw new Error('no owner key shown');
  return { base, reportPath, ownerKey, html: report.text };
}

export async function planThroughApi(app: Express, answers: unknown = SALON_ANSWERS) {
  const res = await request(app)
    .post('/api/v1/plans')
    .set('Content-Type', 'application/json')
    .send(JSON.stringify(answers));
  if (res.status !== 201) throw new Error(`API create answered ${res.status}: ${res.text}`);
  return res.body as { id: string; ownerKey: string; url: string; expiresAt: string };
}

/** A session (cookie jar) with a valid CSRF token, for posting forms directly. */
export async function formSession(app: Express) {
  const user = new FormUser(app);
  const page = await user.get('/');
  return { user, token: csrfFrom(page.text) };
}

/** A pino logger writing JSON lines into memory. */
export function capturedLogger(level: pino.Level = 'info') {
  const lines: string[] = [];
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      partial += chunk.toString('utf8');
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      done();
    },
  });
  const logger = pino({ level }, stream);
  return { logger, lines, text: () => lines.join('\n') + partial };
}
