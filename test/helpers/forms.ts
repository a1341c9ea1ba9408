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

  /**
   * Submits a draft's check-answers page: a new plan goes to its key slip (the owner key, once),
   * a change straight back to the report. Returns the report's path, the key and the report.
   */
  async submit(base: string): Promise<{ reportPath: string; ownerKey?: string; report: request.Response }> {
    const submitted = await this.post(`${base}/check`, {});
    if (submitted.status !== 303)
      throw new Error(`submit answered ${submitted.status}: ${submitted.text.slice(0, 300)}`);
    const location = submitted.headers.location ?? '';
    const slip = /^(\/r\/[A-Za-z0-9_-]{43})\/key$/.exec(location);
    const reportPath = slip?.[1] ?? location;
    let ownerKey: string | undefined;
    if (slip !== null) {
      const page = await this.get(location);
      ownerKey = ownerKeyOn(page.text);
      if (ownerKey === undefined) throw new Error('no owner key on the key slip');
    }
    return { reportPath, ownerKey, report: await this.get(reportPath) };
  }
}

/** The owner key shown on a key slip page, if any. */
export function ownerKeyOn(html: string): string | undefined {
  return /id="owner-key-value" type="text" value="([A-Za-z0-9_-]{43})"/.exec(html)?.[1];
}
