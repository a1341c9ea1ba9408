/**
 * HTTP input fuzz (T2): fast-check bodies against every POST route and every API endpoint,
 * 2,000 per route with a valid CSRF token (so they reach the handlers) and a smaller run
 * without: wrong types, 100 kB strings, nested and repeated fields, __proto__/constructor keys,
 * invalid UTF-8, wrong, odd or missing content types, empty bodies. Pass: no answer >= 500, no
 * stack, path or SQL in any body, Object.prototype untouched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, FormUser } from '../helpers/forms.js';
import { planThroughApi, planThroughForms } from './support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const RUNS_WITHOUT_TOKEN = 200;
const MULTIPART_RUNS = RUNS;
const LEAKS =
  /\s{4}at |node_modules|\.ts:\d|SQLITE|SELECT |INSERT |UPDATE |DELETE FROM|sqlite|TypeError|ZodError/;

let t: TestApp;
let server: http.Server;
let port: number;
let cookie: string;
let token: string;
let draftBase: string;
let checkBase: string;
let reportPath: string;
let apiId: string;
let apiOwnerKey: string;
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const counts = new Map<string, Map<number, number>>();

beforeAll(async () => {
  // Production mode: compiled views are cached, as in service (and the fuzz runs 4x faster).
  t = makeTestApp({ config: { NODE_ENV: 'production' } });
  // This test is about input, not durability (test/durability covers that): without an fsync
  // per saved page, the 30,000 requests take a minute, not three.
  t.db.pragma('synchronous = OFF');
  const u = new FormUser(t.app);
  reportPath = (await planThroughForms(u)).reportPath;
  draftBase = await u.start();
  // The check page's own draft: every page answered but the last, so submitting is cheap (it
  // asks for the rest) and the page fuzz never completes it.
  checkBase = await u.start();
  for (const page of SALON_PAGE_ORDER.slice(0, -1)) await u.post(`${checkBase}/${page}`, SALON_PAGES[page]!);
  const page = await u.get('/');
  token = csrfFrom(page.text);
  const jar = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
  const names = new Map<string, string>();
  // The agent's cookies: sid and csrf (set on the first visit, kept by the agent since).
  for (const c of [
    ...jar,
    ...(
      u.agent as unknown as { jar: { getCookies(o: object): { name: string; value: string }[] } }
    ).jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false }),
  ]) {
    if (typeof c === 'string') {
      const [pair = ''] = c.split(';');
      const [k = '', v = ''] = pair.split('=');
      names.set(k, v);
    } else names.set(c.name, c.value);
  }
  cookie = [...names].map(([k, v]) => `${k}=${v}`).join('; ');
  const made = await planThroughApi(t.app);
  apiId = made.id;
  apiOwnerKey = made.ownerKey;
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((r) => server.close(r));
  t.close();
  const lines = [...counts].map(([route, byStatus]) => {
    const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
    const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    return `  ${route}: ${total} (${statuses.join(' ')})`;
  });
  console.info(`fuzz, requests per route and statuses:\n${lines.join('\n')}`);
});

interface Sent {
  readonly status: number;
  readonly body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(body === undefined ? {} : { 'Content-Length': String(body.length) }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// --- arbitraries ---------------------------------------------------------------------------

const FIELD_NAMES = [
  'name',
  'country',
  'sector',
  'ageMixMode',
  'age_under20',
  'age_20s',
  'age_30s',
  'age_60plus',
  'activePerMonth',
  'channels',
  'share_whatsapp_business',
  'share_email',
  'purposes',
  'broadcastAudience',
  'whatsappFeatures',
  'emailOnFilePercent',
  'known_telegram',
  'customerPrivacy',
  'worries',
  'team',
  'whatsappNumber',
  'telegram',
  'email',
  'signupUrl',
  'ownerKey',
  '_csrf',
];
const NASTY_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__[polluted]',
  'constructor[prototype][polluted]',
  'a[b][c]',
  'name[]',
  'channels[0]',
  'toString',
  'hasOwnProperty',
  '',
];

const hugeString = fc.integer({ min: 100_000, max: 140_000 }).map((n) => 'x'.repeat(n));
const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'true',
      'null',
      '[]',
      '{}',
      '-1',
      '1e309',
      'NaN',
      '%',
      '%FF%FE',
      'SG',
      'beauty',
      'whatsapp_business',
      'percent',
      'count',
      'solo',
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 5000 }) },
);
const key = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELD_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
/** Form fields, repeated keys allowed (a list of pairs). */
const pairs = fc.array(fc.tuple(key, value), { maxLength: 12 });

const answersLike = fc
  .tuple(
    fc.constantFrom(
      'business',
      'customers',
      'channels',
      'purposes',
      'team',
      'contact',
      'concerns',
      'version',
      '__proto__',
      'constructor',
      'whatsappFeatures',
    ),
    fc.oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), hugeString),
  )
  .map(([k, v]) => {
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(SALON_ANSWERS));
    if (k === '__proto__' || k === 'constructor')
      return `{"${k}":{"polluted":1},"business":${JSON.stringify(copy.business)}}`;
    copy[k] = v;
    return JSON.stringify(copy) ?? '';
  });
const deep = fc.integer({ min: 50, max: 5000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);

const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/x-www-form-urlencoded; charset=latin1',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=koi8-r',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/x-www-form-urlencoded, application/json',
  ';;;',
];
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant(CONTENT_TYPES[0]!) },
  { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

type Body = { readonly type: string | undefined; readonly bytes: Buffer | undefined };

function formBody(withToken: boolean) {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(pairs, contentType).map(([p, type]): Body => {
        const params = new URLSearchParams();
        for (const [k, v] of p) params.append(k, v);
        if (withToken) params.append('_csrf', token);
        return { type, bytes: Buffer.from(params.toString()) };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.uint8Array({ maxLength: 200 }), contentType).map(
        ([b, type]): Body => ({
          type,
          bytes: Buffer.concat([Buffer.from(b), Buffer.from(withToken ? `&_csrf=${token}` : '')]),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('%FF%FE', '%C0%AF', '%ED%A0%80', '\xff\xfe'), contentType).map(
        ([bad, type]): Body => ({
          type,
          bytes: Buffer.concat([
            Buffer.from(`name=${bad}&country=`),
            Buffer.from([0xff, 0xc0, 0x80]),
            Buffer.from(withToken ? `&_csrf=${token}` : ''),
          ]),
        }),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(answersLike, contentType)
        .map(([json, type]): Body => ({ type, bytes: Buffer.from(json) })),
    },
    {
      weight: 1,
      arbitrary: contentType.map(
        (type): Body => ({ type, bytes: withToken ? Buffer.from(`_csrf=${token}`) : undefined }),
      ),
    },
  );
}

const apiBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(answersLike, contentType).map(
      ([json, type]): Body => ({
        type: type === CONTENT_TYPES[0] ? 'application/json' : type,
        bytes: Buffer.from(json),
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .jsonValue({ maxDepth: 4 })
      .map((v): Body => ({ type: 'application/json', bytes: Buffer.from(JSON.stringify(v) ?? 'null') })),
  },
  {
    weight: 1,
    arbitrary: deep.map((json): Body => ({ type: 'application/json', bytes: Buffer.from(json) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 300 })
      .map((b): Body => ({ type: 'application/json', bytes: Buffer.from(b) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(pairs, contentType)
      .map(([p, type]): Body => ({ type, bytes: Buffer.from(encodeForm(Object.fromEntries(p))) })),
  },
  { weight: 1, arbitrary: contentType.map((type): Body => ({ type, bytes: undefined })) },
);
const ownerKeyHeader = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 60 }).filter((s) => /^[\x21-\x7e ]*$/.test(s)),
  fc.constant('A'.repeat(43)),
  fc.constant(' '),
);

// --- the runs ------------------------------------------------------------------------------

async function check(
  label: string,
  method: string,
  path: string,
  body: Body,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extra };
  if (body.type !== undefined) headers['Content-Type'] = body.type;
  const res = await send(method, path, headers, body.bytes);
  const byStatus = counts.get(label) ?? new Map<number, number>();
  byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
  counts.set(label, byStatus);
  if (res.status >= 500 || LEAKS.test(res.body)) {
    throw new Error(`${method} ${label} answered ${res.status}: ${res.body.slice(0, 300)}`);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

/** Bodies for the client-list upload: whole multipart forms with odd files, and broken ones. */
const csvLike = fc
  .tuple(
    fc.constantFrom('Age', 'Birthday', 'Name,Age', 'Name;Tarikh lahir', 'dob\tphone', '', '"Age'),
    fc.array(
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.integer({ min: -5, max: 200 }).map(String),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          fc.constantFrom('"', '""', '31/02/1990', '12/25/1990', '=cmd|x'),
        ),
        { maxLength: 4 },
      ),
      { maxLength: 40 },
    ),
    // A NUL byte (a binary file, refused whole) in some files, not in nearly every one.
    fc.constantFrom(false, false, false, true),
  )
  .map(([header, rows, nul]) =>
    Buffer.from([header, ...rows.map((r) => r.join(','))].join('\r\n') + (nul ? '\u0000' : '')),
  );
function multipartBody(withToken: boolean) {
  const boundary = '----kanal-fuzz';
  const part = (headers: string, content: Buffer | string) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
      Buffer.from(content),
      Buffer.from('\r\n'),
    ]);
  const tokenPart = () =>
    withToken ? part('Content-Disposition: form-data; name="_csrf"', token) : Buffer.alloc(0);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.oneof(
            csvLike,
            fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
          ),
          fc.constantFrom('clientList', 'other', ''),
          fc.constantFrom('a.csv', '../../etc/passwd', '', 'x"y.csv'),
        )
        .map(
          ([file, field, filename]): Body => ({
            type: `multipart/form-data; boundary=${boundary}`,
            bytes: Buffer.concat([
              tokenPart(),
              part(
                `Content-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: text/csv`,
                file,
              ),
              Buffer.from(`--${boundary}--\r\n`),
            ]),
          }),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 400 }).map(
        (b): Body => ({
          type: `multipart/form-data; boundary=${boundary}`,
          bytes: Buffer.concat([tokenPart(), Buffer.from(b)]),
        }),
      ),
    },
    {
      // Real exports, with their rows shuffled and cut: comma, semicolon, tab, UTF-16 with a BOM.
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(',', ';', '\t'),
          fc.boolean(),
          fc.array(fc.integer({ min: 1930, max: 2025 }), { minLength: 1, maxLength: 30 }),
        )
        .map(([sep, utf16, years]): Body => {
          const text = [`Name${sep}Year of birth`, ...years.map((y, i) => `C${i}${sep}${y}`)].join('\r\n');
          const file = utf16
            ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
            : Buffer.from(text);
          return {
            type: `multipart/form-data; boundary=${boundary}`,
            bytes: Buffer.concat([
              tokenPart(),
              part('Content-Disposition: form-data; name="clientList"; filename="a.csv"', file),
              Buffer.from(`--${boundary}--\r\n`),
            ]),
          };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'multipart/mixed; boundary=x')
        .map((type): Body => ({ type, bytes: Buffer.concat([tokenPart(), Buffer.from('--x\r\n')]) })),
    },
  );
}

const formRoutes = (): [string, string][] => [
  ['/start', '/start'],
  ...SALON_PAGE_ORDER.map((p): [string, string] => [`/d/:token/${p}`, `${draftBase}/${p}`]),
  ['/d/:token/check', `${checkBase}/check`],
  ['/d/:token/customers/list', `${draftBase}/customers/list`],
  ['/r/:id/change', `${reportPath}/change`],
  ['/r/:id/delete', `${reportPath}/delete`],
];

describe('fuzzing every form route', { timeout: 300_000 }, () => {
  it(`${RUNS} bodies per route with a valid CSRF token reach the handlers; none fails`, async () => {
    // The routes run side by side (one connection each), the bodies of a route one by one.
    await Promise.all(
      formRoutes().map(([label, path]) =>
        fc.assert(
          fc.asyncProperty(formBody(true), (body) => check(label, 'POST', path, body, { Cookie: cookie })),
          { numRuns: RUNS },
        ),
      ),
    );
    expect((await send('GET', reportPath, { Cookie: cookie })).status).toBe(200);
  });

  it(`${MULTIPART_RUNS} multipart bodies for the client-list upload, with and without a token; none fails`, async () => {
    const path = `${draftBase}/customers/list`;
    await Promise.all([
      fc.assert(
        fc.asyncProperty(multipartBody(true), (body) =>
          check('/d/:token/customers/list (multipart)', 'POST', path, body, { Cookie: cookie }),
        ),
        { numRuns: MULTIPART_RUNS },
      ),
      fc.assert(
        fc.asyncProperty(multipartBody(false), (body) =>
          check('/d/:token/customers/list (multipart, no token)', 'POST', path, body, { Cookie: cookie }),
        ),
        { numRuns: RUNS_WITHOUT_TOKEN },
      ),
    ]);
    const seen = counts.get('/d/:token/customers/list (multipart)')!;
    // The fuzz reached the counting (200), the messages (400) and the limits, not just the CSRF check.
    expect(seen.get(200) ?? 0).toBeGreaterThan(0);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
    expect(counts.get('/d/:token/customers/list (multipart, no token)')?.get(200)).toBeUndefined();
  });

  it(`${RUNS_WITHOUT_TOKEN} bodies per route without a token are all refused, none fails`, async () => {
    await Promise.all(
      formRoutes().map(([label, path]) =>
        fc.assert(
          fc.asyncProperty(formBody(false), fc.boolean(), (body, withCookie) =>
            check(`${label} (no token)`, 'POST', path, body, withCookie ? { Cookie: cookie } : {}),
          ),
          { numRuns: RUNS_WITHOUT_TOKEN },
        ),
      ),
    );
  });
});

describe('fuzzing every API endpoint', { timeout: 300_000 }, () => {
  it(`${RUNS} bodies each for POST, PUT and DELETE; none fails`, async () => {
    await Promise.all([
      fc.assert(
        fc.asyncProperty(apiBody, (body) => check('POST /api/v1/plans', 'POST', '/api/v1/plans', body)),
        { numRuns: RUNS },
      ),
      fc.assert(
        fc.asyncProperty(apiBody, ownerKeyHeader, fc.boolean(), (body, k, right) =>
          check(
            'PUT /api/v1/plans/:id',
            'PUT',
            `/api/v1/plans/${apiId}`,
            body,
            right ? { 'X-Owner-Key': apiOwnerKey } : k === undefined ? {} : { 'X-Owner-Key': k },
          ),
        ),
        { numRuns: RUNS },
      ),
      fc.assert(
        fc.asyncProperty(apiBody, ownerKeyHeader, fc.string({ maxLength: 50 }), (body, k, id) =>
          check(
            'DELETE /api/v1/plans/:id',
            'DELETE',
            `/api/v1/plans/${encodeURIComponent(id) || apiId}`,
            body,
            k === undefined ? {} : { 'X-Owner-Key': k },
          ),
        ),
        { numRuns: RUNS },
      ),
    ]);
    expect((await send('GET', `/api/v1/plans/${apiId}`, {})).status).toBe(200);
  });
});
