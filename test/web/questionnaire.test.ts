import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, type FormFields, FormUser, ownerKeyOn } from '../helpers/forms.js';

let t: TestApp;
let user: FormUser;
beforeEach(() => {
  t = makeTestApp();
  user = new FormUser(t.app);
});
afterEach(() => t.close());

async function answerUpTo(base: string, stop: string) {
  for (const page of SALON_PAGE_ORDER) {
    if (page === stop) return;
    const res = await user.post(`${base}/${page}`, SALON_PAGES[page]!);
    expect(res.status, `${page}: ${res.text.slice(0, 200)}`).toBe(303);
  }
}

const CHOICES = new Set([
  'country',
  'sector',
  'ageMixMode',
  'channels',
  'purposes',
  'whatsappFeatures',
  'customerPrivacy',
  'team',
  'worries',
]);
const decode = (s: string) => s.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

describe('start', () => {
  it('says what Kanal does, how long it takes and what it keeps', async () => {
    const res = await user.get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('about 5 minutes');
    expect(res.text).toContain('What Kanal keeps');
  });

  it('starts a draft at an unguessable link', async () => {
    const base = await user.start();
    expect(base).toMatch(/^\/d\/[A-Za-z0-9_-]{43}$/);
    const page = await user.get(`${base}/business`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Question 1 of 8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-robots-tag']).toContain('noindex');
  });
});

describe('each question page', () => {
  it('saves a good answer at once and moves on with 303', async () => {
    const base = await user.start();
    const res = await user.post(`${base}/business`, SALON_PAGES.business!);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base}/customers`);
    const back = await user.get(`${base}/customers`);
    expect(back.text).toContain(`href="${base}/business"`);
    expect(back.text).toContain('Question 2 of 8');
  });

  // Every validation error on every page: page, form, field id the summary links to, message.
  const cases: [string, FormFields, string, string][] = [
    ['business', { name: '', country: '', sector: 'beauty' }, 'f-country', 'Country is missing: enter it.'],
    [
      'business',
      { country: 'XX', sector: 'beauty' },
      'f-country',
      'Country must be a two-letter country code',
    ],
    ['business', { country: 'SG' }, 'f-sector', 'Type of business is missing: enter it.'],
    ['business', { country: 'SG', sector: 'bakery' }, 'f-sector', 'Type of business must be one of'],
    [
      'business',
      { name: 'x'.repeat(121), country: 'SG', sector: 'food' },
      'f-name',
      'Business name must be 120 characters or fewer.',
    ],
    [
      'business',
      { name: 'Bad\u0007name', country: 'SG', sector: 'food' },
      'f-name',
      'invisible control characters',
    ],
    [
      'customers',
      { ageMixMode: 'percent', age_20s: '50', age_30s: '30' },
      'f-age_under20',
      'Age shares add up to 80%; they must add up to 100%.',
    ],
    ['customers', { ageMixMode: 'percent' }, 'f-age_under20', "Customers' ages is missing: enter it."],
    [
      'customers',
      { ageMixMode: 'percent', age_20s: 'lots', age_30s: '100' },
      'f-age_20s',
      'Customers in their 20s: “lots” is not a number. Write it in digits',
    ],
    [
      'customers',
      { ageMixMode: 'percent', age_20s: '150' },
      'f-age_20s',
      'Customers in their 20s must be 100 or less.',
    ],
    [
      'customers',
      { ageMixMode: 'count', age_20s: '2.5', age_30s: '4' },
      'f-age_20s',
      'Customers in their 20s: enter a whole number (“2.5” has a decimal part).',
    ],
    [
      'customers',
      { ageMixMode: 'count', age_20s: '0', age_30s: '0' },
      'f-age_under20',
      'Enter the number of customers in at least one age group.',
    ],
    [
      'customers',
      { age_20s: '100' },
      'f-ageMixMode',
      'Choose whether you are giving percentages or numbers of customers.',
    ],
    [
      'customers',
      { ageMixMode: 'percent', age_20s: '100', activePerMonth: '-3' },
      'f-activePerMonth',
      'Customers in a typical month must be 0 or more.',
    ],
    [
      'customers',
      { ageMixMode: 'percent', age_20s: '100', activePerMonth: '3.5' },
      'f-activePerMonth',
      'Customers in a typical month: enter a whole number (“3.5” has a decimal part).',
    ],
    [
      'channels',
      { channels: ['whatsapp_business', 'email'], share_whatsapp_business: '90', share_email: '30' },
      'f-channels',
      'Channel shares add up to 120%; together they can be at most 100%.',
    ],
    [
      'channels',
      { channels: ['telegram'], share_telegram: 'most' },
      'f-share_telegram',
      'Telegram: “most” is not a number.',
    ],
    [
      'channels',
      { channels: ['telegram'], share_email: '10' },
      'f-share_email',
      'You gave a share for Email but did not tick it',
    ],
    ['channels', { channels: ['pigeon'] }, 'f-channels', 'Channel must be one of'],
    ['purposes', { purposes: ['gossip'] }, 'f-purposes', 'Purpose must be one of'],
    [
      'purposes',
      { purposes: ['support'], broadcastAudience: 'many' },
      'f-broadcastAudience',
      'People you send one promotion to: “many” is not a number.',
    ],
    [
      'whatsapp',
      { whatsappFeatures: ['stickers'] },
      'f-whatsappFeatures',
      'WhatsApp Business feature must be one of',
    ],
    [
      'knowledge',
      { emailOnFilePercent: '130' },
      'f-emailOnFilePercent',
      'Customers whose email you have must be 100 or less.',
    ],
    [
      'knowledge',
      { known_telegram: 'half' },
      'f-known_telegram',
      'Customers who use Telegram (your poll): “half” is not a number.',
    ],
    ['concerns', { team: 'solo' }, 'f-customerPrivacy', "Customers' privacy worries is missing: enter it."],
    [
      'concerns',
      { customerPrivacy: 'extreme', team: 'solo' },
      'f-customerPrivacy',
      "Customers' privacy worries must be one of",
    ],
    ['concerns', { customerPrivacy: 'none' }, 'f-team', 'Who answers messages is missing: enter it.'],
    ['contact', { whatsappNumber: '12' }, 'f-whatsappNumber', 'must be a mobile phone number'],
    ['contact', { telegram: 'a b' }, 'f-telegram', 'must be a Telegram username'],
    ['contact', { email: 'not-an-email' }, 'f-email', 'must be an email address'],
    [
      'contact',
      { signupUrl: 'javascript:alert(1)' },
      'f-signupUrl',
      'must be a web address starting with https://',
    ],
  ];

  it('lists the errors in the summary in the order of the fields on the page', async () => {
    const base = await user.start();
    await answerUpTo(base, 'concerns');
    const res = await user.post(`${base}/concerns`, {});
    expect(res.status).toBe(400);
    const summary = /class="error-summary"[\s\S]*?<\/ul>/.exec(res.text)?.[0] ?? '';
    const links = [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    // The page asks the privacy question first and who answers messages last.
    expect(links).toEqual(['f-customerPrivacy', 'f-team']);
  });

  it.each(cases)('%s %j: error on %s', async (page, fields, fieldId, text) => {
    const base = await user.start();
    await answerUpTo(base, page);
    const res = await user.post(`${base}/${page}`, fields);
    expect(res.status).toBe(400);
    const html = decode(res.text);
    expect(html).toMatch(/<title>Error: /);
    expect(html).toContain('class="error-summary" role="alert" tabindex="-1"');
    expect(html).toContain(`href="#${fieldId}"`);
    expect(html).toContain(`id="${fieldId}"`);
    expect(html).toContain(text);
    if (new RegExp(`id="${fieldId}" name="[^"]+" type="(text|email|url|tel)"`).test(html)) {
      expect(html).toMatch(new RegExp(`id="${fieldId}" [^>]*aria-invalid="true"`));
    }
    // What was typed is kept, as typed (text inputs; choices are checked only if they exist).
    for (const [name, value] of Object.entries(fields)) {
      if (CHOICES.has(name)) continue;
      if (typeof value === 'string' && value !== '' && !/\p{Cc}/u.test(value)) {
        expect(html, name).toContain(`value="${value}"`);
      }
    }
    // Nothing half-valid was saved.
    const again = await user.get(`${base}/${page}`);
    expect(again.text).not.toContain('Error:');
  });

  it('shows counts converted to percentages back to the owner', async () => {
    const base = await user.start();
    await answerUpTo(base, 'customers');
    const res = await user.post(`${base}/customers`, {
      ageMixMode: 'count',
      age_under20: '1',
      age_20s: '1',
      age_30s: '1',
    });
    expect(res.status).toBe(303);
    const page = await user.get(`${base}/customers`);
    expect(page.text).toContain('Kanal worked out these shares: 34%, 33%, 33%, 0%, 0%, 0%');
    expect(page.text).toContain('value="1"');
  });

  it('skips the WhatsApp page when WhatsApp Business is not used', async () => {
    const base = await user.start();
    await answerUpTo(base, 'channels');
    await user.post(`${base}/channels`, { channels: ['email'] });
    const res = await user.post(`${base}/purposes`, SALON_PAGES.purposes!);
    expect(res.headers.location).toBe(`${base}/knowledge`);
    expect((await user.get(`${base}/whatsapp`)).status).toBe(404);
  });
});

describe('save and come back', () => {
  it('loses nothing when another browser opens the draft link later', async () => {
    const base = await user.start();
    await answerUpTo(base, 'purposes');
    const other = new FormUser(t.app);
    const resume = await other.get(base);
    expect(resume.status).toBe(303);
    expect(resume.headers.location).toBe(`${base}/purposes`);
    const business = await other.get(`${base}/business`);
    expect(business.text).toContain('value="Enso Hair Studio"');
    expect(business.text).toMatch(/<option value="SG" selected>/);
    expect(business.text).toMatch(/value="beauty" checked/);
    expect(business.text).toContain(`${base}</a>`); // the save-this-link hint
  });

  it('sends an unfinished draft from check answers to the first missing page', async () => {
    const base = await user.start();
    await answerUpTo(base, 'channels');
    const res = await user.get(`${base}/check`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base}/channels`);
  });
});

describe('check your answers', () => {
  it('lists every answer with a Change link that returns to check answers', async () => {
    const base = await user.start();
    await answerUpTo(base, 'end');
    const check = await user.get(`${base}/check`);
    expect(check.status).toBe(200);
    for (const page of SALON_PAGE_ORDER) expect(check.text).toContain(`href="${base}/${page}?change=1"`);
    expect(check.text).toContain('Enso Hair Studio');
    expect(check.text).toContain('WhatsApp Business: 80%');

    const change = await user.get(`${base}/business?change=1`);
    expect(change.text).toContain(`href="${base}/check"`);
    expect(change.text).toContain(`action="${base}/business?change=1"`);
    const res = await user.post(`${base}/business?change=1`, {
      ...SALON_PAGES.business,
      name: 'Enso Beauty',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${base}/check`);
    expect((await user.get(`${base}/check`)).text).toContain('Enso Beauty');
  });

  it('answers a second "Make my plan" (double click, reload) with the key slip, and a page sent again with the plan', async () => {
    const base = await user.start();
    await answerUpTo(base, 'end');
    const token = csrfFrom((await user.get(`${base}/check`)).text);
    const businessToken = csrfFrom((await user.get(`${base}/business`)).text);
    const send = (path: string, fields: FormFields, csrf: string) =>
      user.agent
        .post(path)
        .type('form')
        .send(encodeForm({ ...fields, _csrf: csrf }));
    const first = await send(`${base}/check`, {}, token);
    expect(first.status).toBe(303);
    expect(first.headers.location).toMatch(/^\/r\/[A-Za-z0-9_-]{43}\/key$/);
    const again = await send(`${base}/check`, {}, token);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    // The key slip still shows the key while the first answer's cookie lasts.
    expect(ownerKeyOn((await user.get(again.headers.location!)).text)).toBeDefined();
    const page = await send(`${base}/business`, SALON_PAGES.business!, businessToken);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(first.headers.location!.replace(/\/key$/, ''));
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 1 });
  });

  it('names each Change link after its answer as the label writes it (brand names keep their capitals)', async () => {
    const base = await user.start();
    await answerUpTo(base, 'end');
    const check = await user.get(`${base}/check`);
    const hidden = [...check.text.matchAll(/>Change<span class="visually-hidden"> ([^<]+)<\/span>/g)].map(
      (m) => m[1],
    );
    expect(hidden.length).toBeGreaterThan(5);
    expect(hidden.some((h) => h?.includes('WhatsApp'))).toBe(true);
    expect(hidden.join(' ')).not.toMatch(/whatsapp|telegram/);
  });
  it('asks the new question when a change brings one into the flow', async () => {
    const base = await user.start();
    await answerUpTo(base, 'channels');
    await user.post(`${base}/channels`, { channels: ['email'] });
    for (const page of ['purposes', 'knowledge', 'concerns', 'contact']) {
      await user.post(`${base}/${page}`, SALON_PAGES[page]!);
    }
    const res = await user.post(`${base}/channels?change=1`, SALON_PAGES.channels!);
    expect(res.headers.location).toBe(`${base}/whatsapp`);
  });
});

describe('404s and refusals', () => {
  it.each([
    '/d/short/business',
    `/d/${'A'.repeat(43)}/business`,
    `/d/${'A'.repeat(43)}`,
    `/r/${'B'.repeat(43)}`,
    `/r/${'B'.repeat(43)}/delete`,
    `/r/${'B'.repeat(43)}/change`,
    `/r/${'B'.repeat(43)}/kit`,
    '/r/not-a-secret',
    '/nowhere',
  ])('GET %s is a friendly 404', async (path) => {
    const res = await user.get(path);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
  });

  it('404s an unknown page name inside a real draft', async () => {
    const base = await user.start();
    expect((await user.get(`${base}/nope`)).status).toBe(404);
    expect((await user.post(`${base}/nope`, {}, `${base}/business`)).status).toBe(404);
  });

  it('refuses a form post without the CSRF token', async () => {
    await user.get('/');
    const res = await user.agent.post('/start').type('form').send('');
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
  });

  it('refuses a cross-site form post even with a token', async () => {
    const page = await user.get('/');
    const body = encodeForm({ _csrf: csrfFrom(page.text) });
    const fetchMeta = await user.agent
      .post('/start')
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send(body);
    expect(fetchMeta.status).toBe(403);
    const origin = await user.agent
      .post('/start')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send(body);
    expect(origin.status).toBe(403);
    const same = await user.agent.post('/start').set('Sec-Fetch-Site', 'same-origin').type('form').send(body);
    expect(same.status).toBe(303);
  });

  it("refuses a worry that is none of the page's, rather than dropping it", async () => {
    const base = await user.start();
    await answerUpTo(base, 'concerns');
    const res = await user.post(`${base}/concerns`, {
      ...SALON_PAGES.concerns!,
      worries: ['platformDependence', 'bogus'],
    });
    expect(res.status).toBe(400);
    expect(decode(res.text)).toContain('must be one of: competitorDataSharing, platformDependence');
    const good = await user.post(`${base}/concerns`, {
      ...SALON_PAGES.concerns!,
      worries: ['platformDependence'],
    });
    expect(good.status).toBe(303);
  });

  it('refuses escapes that are not UTF-8 (400 naming the field) and stores nothing of them', async () => {
    const base = await user.start();
    const csrf = csrfFrom((await user.get(`${base}/business`)).text);
    const fields = encodeForm({ ...SALON_PAGES.business!, _csrf: csrf });
    for (const bad of ['Caf%E9', '%FF%FE', '%ED%A0%80', '%C0%AF']) {
      const res = await user.agent
        .post(`${base}/business`)
        .type('form')
        .send(fields.replace(/(^|&)name=[^&]*/, `$1name=${bad}`));
      expect(res.status, bad).toBe(400);
      expect(res.text).toContain('not valid UTF-8 in the field “name”');
      expect(res.text).not.toMatch(/at \w+ \(/);
    }
    const saved = t.db.prepare('SELECT data FROM drafts').all() as { data: string }[];
    expect(saved.map((d) => d.data).join('')).not.toMatch(/%E9|%FF|%ED|%C0/);
    expect(saved.map((d) => d.data).join('')).not.toContain('Enso');
    // Good escapes (é, a Chinese name, +) still go through.
    const good = await user.post(`${base}/business`, { ...SALON_PAGES.business!, name: 'Café 美发 +1' });
    expect(good.status).toBe(303);
    expect(t.db.prepare('SELECT data FROM drafts').get()).toMatchObject({
      data: expect.stringContaining('Café 美发 +1'),
    });
  });

  it('answers 413 to an oversized form, without a stack trace', async () => {
    const page = await user.get('/');
    const res = await user.agent
      .post('/start')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), junk: 'x'.repeat(40_000) }));
    expect(res.status).toBe(413);
    expect(res.text).not.toMatch(/at \w+ \(/);
  });
});
