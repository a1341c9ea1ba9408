/**
 * A browser-like user: a cookie-keeping supertest agent that GETs a page, takes its `_csrf`
 * token and posts a form encoded as a browser would (repeated keys for checkboxes).
 */
import type { Express } from 'express';
import request from 'supertest';

export type FormFields = Record<string, string | readonly string[] | undefined>;

export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
  }
  return params.toString();
}

export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('No _csrf field on the page.');
  return match[1];
}

export class FormUser {
  readonly agent: ReturnType<typeof request.agent>;
  constructor(app: Express) {
    this.agent = request.agent(app);
  }

  get(path: string) {
    return this.agent.get(path);
  }

  /** GETs `formPath` (or `path`), then posts `fields` with its CSRF token to `path`. */
  async post(path: string, fields: FormFields, formPath = path) {
    const page = await this.agent.get(formPath);
    const token = csrfFrom(page.text);
    return this.agent
      .post(path)
      .type('form')
      .send(encodeForm({ ...fields, _csrf: token }));
  }

  /** Starts a questionnaire; returns the draft's base path (/d/<token>). */
  async start(): Promise<string> {
    const res = await this.post('/start', {}, '/');
    if (res.status !== 303) throw new Error(`POST /start answered ${res.status}`);
    const location = res.headers.location ?? '';
    const match = /^(\/d\/[A-Za-z0-9_-]{43})\/business$/.exec(location);
    if (!match?.[1]) throw new Error(`Unexpected redirect ${location}`);
    return match[1];
  }
}
