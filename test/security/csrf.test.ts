/**
 * The CSRF matrix (T5): every form POST refused (403) without a valid token bound to the
 * browser's own cookie, from another origin, or from a cross-site fetch; 405 for GET on a
 * POST-only address; and no row changed by any refused request. A proper same-origin submit works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, type FormFields, FormUser } from '../helpers/forms.js';
import { planThroughForms } from './support.js';

let t: TestApp;
let owner: FormUser;
let other: FormUser;
let draftBase: string;
let reportPath: string;
let ownerKey: string;

beforeAll(async () => {
  t = makeTestApp();
  owner = new FormUser(t.app);
  other = new FormUser(t.app);
  const made = await planThroughForms(owner);
  reportPath = made.reportPath;
  ownerKey = made.ownerKey;
  draftBase = await owner.start();
});
afterAll(() => t.close());

function snapshot() {
  return JSON.stringify({
    plans: t.db.prepare('SELECT id_hash, answers, updated_at FROM plans ORDER BY id_hash').all(),
    drafts: t.db.prepare('SELECT token_hash, data, updated_at FROM drafts ORDER BY token_hash').all(),
  });
}

const targets = (): [string, string, FormFields][] => [
  ['start', '/start', {}],
  ['answer a page', `${draftBase}/business`, { name: 'Changed', country: 'SG', sector: 'beauty' }],
  ['submit check answers', `${draftBase}/check`, {}],
  ['change a plan', `${reportPath}/change`, { ownerKey }],
  ['delete a plan', `${reportPath}/delete`, { ownerKey }],
];

type Attack = (path: string, fields: FormFields, token: string) => Promise<{ status: number; text: string }>;

const attacks: [string, Attack][] = [
  ['no token', (path, fields) => owner.agent.post(path).type('form').send(encodeForm(fields))],
  [
    'a wrong token',
    (path, fields, token) =>
      owner.agent
        .post(path)
        .type('form')
        .send(encodeForm({ ...fields, _csrf: `${token.slice(0, -4)}AAAA` })),
  ],
  [
    "another browser's token",
    async (path, fields) => {
      const theirs = csrfFrom((await other.get('/')).text);
      return owner.agent
        .post(path)
        .type('form')
        .send(encodeForm({ ...fields, _csrf: theirs }));
    },
  ],
  [
    'Origin: https://evil.example',
    (path, fields, token) =>
      owner.agent
        .post(path)
        .set('Origin', 'https://evil.example')
        .type('form')
        .send(encodeForm({ ...fields, _csrf: token })),
  ],
  [
    'Origin: null',
    (path, fields, token) =>
      owner.agent
        .post(path)
        .set('Origin', 'null')
        .type('form')
        .send(encodeForm({ ...fields, _csrf: token })),
  ],
  [
    'Sec-Fetch-Site: cross-site',
    (path, fields, token) =>
      owner.agent
        .post(path)
        .set('Sec-Fetch-Site', 'cross-site')
        .type('form')
        .send(encodeForm({ ...fields, _csrf: token })),
  ],
  [
    'Sec-Fetch-Site: same-site (a sibling subdomain)',
    (path, fields, token) =>
      owner.agent
        .post(path)
        .set('Sec-Fetch-Site', 'same-site')
        .type('form')
        .send(encodeForm({ ...fields, _csrf: token })),
  ],
];

describe('the CSRF matrix', () => {
  for (const [attackName, attack] of attacks) {
    it(`refuses ${attackName} on every form, changing nothing`, async () => {
      for (const [label, path, fields] of targets()) {
        const token = csrfFrom((await owner.get('/')).text);
        const before = snapshot();
        const res = await attack(path, fields, token);
        expect(res.status, `${label}: ${attackName}`).toBe(403);
        expect(res.text).toContain('<h1');
        expect(snapshot(), `${label}: ${attackName}`).toBe(before);
      }
    });
  }

  it('answers 405 to GET on POST-only addresses, changing nothing', async () => {
    const before = snapshot();
    const res = await owner.get('/start');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
    expect(snapshot()).toBe(before);
  });

  it('accepts a same-origin submit with a valid token (and the headers a browser sends)', async () => {
    const token = csrfFrom((await owner.get(`${draftBase}/business`)).text);
    const res = await owner.agent
      .post(`${draftBase}/business`)
      .set('Origin', 'http://127.0.0.1')
      .set('Host', '127.0.0.1')
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send(encodeForm({ name: 'Enso Hair Studio', country: 'SG', sector: 'beauty', _csrf: token }));
    expect(res.status).toBe(303);
    const before = t.db.prepare('SELECT count(*) AS n FROM plans').get() as { n: number };
    const del = await owner.post(`${reportPath}/delete`, { ownerKey }, `${reportPath}/delete`);
    expect(del.status).toBe(303);
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: before.n - 1 });
  });
});
