/**
 * XSS corpus (T3): about a hundred payloads through every free-text field, on every page that
 * shows them back (the question page with its error, check answers, the report, the kit, the
 * API): no script but the app's own, no event-handler attribute, no javascript: address, and
 * every payload shown escaped. Soak only (`npm run test:soak`); test/security/templates.test.ts
 * checks in every run that no template writes raw output.
 */
import type { Server } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, type FormFields, FormUser } from '../helpers/forms.js';

const BASE = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<script src="/static/js/enhance.js"></script><script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  '</title><script>alert(1)</script>',
  '</textarea><script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)">',
  '<IMG SRC=javascript:alert(1)>',
  '<img src=`x`onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg/onload=alert(1)//',
  '<math><mtext><img src=x onerror=alert(1)></mtext></math>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '" onmouseover="alert(1)',
  "' onmouseover='alert(1)",
  '" autofocus onfocus="alert(1)',
  '` onmouseover=alert(1)',
  '"/><svg onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input onfocus=alert(1) autofocus>',
  '<video><source onerror=alert(1)>',
  '<object data="javascript:alert(1)">',
  '<embed src="javascript:alert(1)">',
  '<base href="//evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href=//evil.example/x.css>',
  '<style>@import "//evil.example/x.css";</style>',
  '<div style="background:url(javascript:alert(1))">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<!--<script>alert(1)</script>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<%= 7*7 %>',
  '<%- "<script>alert(1)</script>" %>',
  '<% process.exit(1) %>',
  '{{7*7}}',
  '{{constructor.constructor("alert(1)")()}}',
  '$' + '{7*7}',
  '#{7*7}',
  '$t(web.service_name)',
  '{{pageTitle}}',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '%3Cscript%3Ealert(1)%3C/script%3E',
  '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e',
  '＜script＞alert(1)＜/script＞',
  '<scr<script>ipt>alert(1)</script>',
  '<<script>alert(1)//<</script>',
  '<script\x20type="text/javascript">alert(1)</script>',
  '<script/xss src=x></script>',
  '"><img src=x onerror=alert(document.cookie)>',
  "';alert(1);//",
  '";alert(1);//',
  '</script><script>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<template><script>alert(1)</script></template>',
  '<isindex type=image src=1 onerror=alert(1)>',
  '<marquee onstart=alert(1)>',
  '<select onfocus=alert(1) autofocus>',
  '<keygen autofocus onfocus=alert(1)>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<img src=x:alert(1) onerror=eval(src)>',
  'x" style="x:expression(alert(1))',
  '<xss id=x tabindex=1 onfocus=alert(1)></xss>',
  '<a id=x tabindex=1 onbeforeactivate=alert(1)></a>',
  '<body onpageshow=alert(1)>',
  '<audio src=x onerror=alert(1)>',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
  '<table background="javascript:alert(1)">',
  '<frameset onload=alert(1)>',
  '"><iframe srcdoc="<script>alert(1)</script>">',
];
/** The base list, each also wrapped as a plausible shop name. */
const PAYLOADS = [...BASE, ...BASE.slice(0, 20).map((p) => `Enso ${p} Studio`)];

let t: TestApp;
let u: FormUser;
let draft: string;
let token: string;
let server: Server;

/** Posts a form with the session's token (fetched once: it stays valid for the session). */
function post(path: string, fields: FormFields) {
  return u.agent
    .post(path)
    .type('form')
    .send(encodeForm({ ...fields, _csrf: token }));
}
beforeAll(async () => {
  t = makeTestApp({ config: { NODE_ENV: 'production' } });
  t.db.pragma('synchronous = OFF'); // input handling, not durability
  // One listening server for the whole file (supertest would otherwise listen once per request).
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  u = new FormUser(server as unknown as Express);
  draft = await u.start();
  for (const page of SALON_PAGE_ORDER) await u.post(`${draft}/${page}`, SALON_PAGES[page]!);
  token = csrfFrom((await u.get('/')).text);
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  t.close();
});

const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|colon|tab|newline);?/gi;
function decode(s: string): string {
  const named: Record<string, string> = {
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    colon: ':',
    tab: '\t',
    newline: '\n',
  };
  return s.replace(ENTITY, (_m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1]?.toLowerCase() === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
        )
      : (named[e.toLowerCase()] ?? ''),
  );
}

/** The app's one script, by its fingerprinted name (asset(), decision 029). */
const OWN_SCRIPT = /^<script src="\/static\/js\/enhance\.[0-9a-f]{10}\.js" defer>$/;
const TAG = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const URL_ATTRS = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'background',
  'poster',
]);

/** Fails with a description of the first unsafe thing in `html`. */
function expectSafe(label: string, html: string, payload: string) {
  for (const m of html.matchAll(TAG)) {
    const [tag, name = '', attrs = ''] = m;
    if (name.toLowerCase() === 'script') expect(tag, `${label}: a script tag`).toMatch(OWN_SCRIPT);
    for (const a of attrs.matchAll(ATTR)) {
      const attr = (a[1] ?? '').toLowerCase();
      expect(attr.startsWith('on'), `${label}: event attribute ${attr} in ${tag}`).toBe(false);
      if (URL_ATTRS.has(attr)) {
        const v = decode(a[2] ?? a[3] ?? a[4] ?? '')
          .split('')
          .filter((c) => c.charCodeAt(0) > 0x20)
          .join('')
          .toLowerCase();
        expect(/^(javascript|vbscript|data:text\/html)/.test(v), `${label}: ${attr}="${v}"`).toBe(false);
      }
    }
  }
  if (/[<>"']/.test(payload)) expect(html.includes(payload), `${label}: the payload unescaped`).toBe(false);
}

describe('XSS corpus', { timeout: 120_000 }, () => {
  it(`has about a hundred payloads (${PAYLOADS.length})`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(100);
  });

  it('the business name: on its page, check answers, the report, the kit and the API', async () => {
    let accepted = 0;
    for (const payload of PAYLOADS) {
      const res = await post(`${draft}/business`, { name: payload, country: 'SG', sector: 'beauty' });
      expectSafe(`business page: ${payload}`, res.text, payload);
      if (res.status === 303) {
        accepted++;
        expectSafe(`check: ${payload}`, (await u.get(`${draft}/check`)).text, payload);
      }
      const api = await request(server)
        .post('/api/v1/plans')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...SALON_ANSWERS, business: { ...SALON_ANSWERS.business, name: payload } }));
      if (api.status !== 201) continue;
      expect(api.headers['content-type']).toMatch(/^application\/json/);
      const id = (api.body as { id: string }).id;
      for (const page of [`/r/${id}`, `/r/${id}/kit`]) {
        const html = (await u.get(page)).text;
        expectSafe(`${page}: ${payload}`, html, payload);
        const shown = payload.trim().replace(/\s+/g, ' ');
        const escaped = shown
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&#34;')
          .replace(/'/g, '&#39;');
        expect(html, `${page} shows ${payload} escaped`).toContain(escaped);
      }
    }
    expect(accepted).toBeGreaterThan(PAYLOADS.length * 0.8);
  });

  it('the contact fields (and the sign-up address used in kit links and QR codes)', async () => {
    let shown = 0;
    for (const payload of PAYLOADS) {
      for (const field of ['whatsappNumber', 'telegram', 'email', 'signupUrl']) {
        const res = await post(`${draft}/contact`, { ...SALON_PAGES.contact, [field]: payload });
        // A payload is refused (400, the page again with the typed text) or saved (303).
        expect([303, 400]).toContain(res.status);
        expectSafe(`contact ${field}: ${payload}`, res.text, payload);
      }
      const url = `https://shop.example.com/${payload}`;
      const res = await post(`${draft}/contact`, { ...SALON_PAGES.contact, signupUrl: url });
      expect([303, 400]).toContain(res.status);
      expectSafe(`signupUrl: ${url}`, res.text, url);
      const api = await request(server)
        .post('/api/v1/plans')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...SALON_ANSWERS, contact: { ...SALON_ANSWERS.contact, signupUrl: url } }));
      if (api.status === 201) {
        shown++;
        const id = (api.body as { id: string }).id;
        for (const page of [`/r/${id}`, `/r/${id}/kit`])
          expectSafe(`${page}: ${url}`, (await u.get(page)).text, url);
      }
    }
    // Some payloads make valid sign-up addresses, so the report and kit really render them.
    expect(shown).toBeGreaterThan(0);
  });

  it('number, choice and list fields shown back with their error', async () => {
    const fields: [string, Record<string, string | string[]>][] = [
      ['customers', { age_20s: 'P', activePerMonth: 'P', ageMixMode: 'P' }],
      ['channels', { share_instagram: 'P', channels: ['P', 'instagram'] }],
      ['purposes', { broadcastAudience: 'P', purposes: ['P'] }],
      ['knowledge', { emailOnFilePercent: 'P', known_telegram: 'P' }],
      ['concerns', { customerPrivacy: 'P', team: 'P', worries: ['P'] }],
      ['business', { country: 'P', sector: 'P' }],
    ];
    for (const payload of BASE.slice(0, 40)) {
      for (const [page, values] of fields) {
        const filled = Object.fromEntries(
          Object.entries(values).map(([k, v]) => [
            k,
            Array.isArray(v) ? v.map((x) => (x === 'P' ? payload : x)) : payload,
          ]),
        );
        const res = await post(`${draft}/${page}`, { ...SALON_PAGES[page], ...filled });
        expectSafe(`${page}: ${payload}`, res.text, payload);
      }
    }
  });
});
