/**
 * The pages this work added, valid HTML like every other (same rules as test/web/html.test.ts):
 * the privacy notice, the 405, 413, 415, 429 and 503 pages; and the notice's words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { encodeForm, FormUser } from '../helpers/forms.js';
import { expectValidHtml } from '../helpers/html.js';
import { formSession } from './support.js';

const expectValid = (label: string, html: string) => expectValidHtml(html, label);

let t: TestApp | undefined;
afterEach(() => t?.close());

describe('added pages', () => {
  it('the privacy notice: valid, linked from every page, with the configured periods', async () => {
    t = makeTestApp({ config: { RETENTION_DAYS: 90, DRAFT_RETENTION_DAYS: 14 } });
    const u = new FormUser(t.app);
    const res = await u.get('/privacy');
    expect(res.status).toBe(200);
    await expectValid('privacy', res.text);
    const t2 = t.i18n.translator('en').t;
    expect(res.text).toContain(t2('privacy.time.plans', { days: '90' }).replaceAll('"', '&#34;'));
    expect(res.text).toContain(t2('privacy.time.drafts', { days: '14' }));
    expect((await u.get('/')).text).toContain('<a class="link" href="/privacy">');
  });

  it('405, 413 (size and too many fields), 415 and 429 pages are valid and friendly', async () => {
    t = makeTestApp({ config: { RATE_LIMIT: true, RATE_LIMIT_CREATE_PER_HOUR: 1 } });
    const { user, token } = await formSession(t.app);
    const manyFields = encodeForm({
      _csrf: token,
      ...Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`f${i}`, 'x'])),
    });
    const cases: [string, number, Promise<{ status: number; text: string }>][] = [
      ['405', 405, user.get('/start')],
      [
        '413',
        413,
        user.agent
          .post('/start')
          .type('form')
          .send(`_csrf=${token}&x=${'a'.repeat(40_000)}`),
      ],
      ['413 fields', 413, user.agent.post('/start').type('form').send(manyFields)],
      [
        '415',
        415,
        user.agent.post('/start').set('Content-Type', 'multipart/form-data; boundary=x').send('--x--'),
      ],
    ];
    for (const [label, status, pending] of cases) {
      const res = await pending;
      expect(res.status, label).toBe(status);
      expect(res.text, label).not.toMatch(/\s{4}at |node_modules/);
      await expectValid(label, res.text);
    }
    expect((await user.post('/start', {}, '/')).status).toBe(303);
    const limited = await user.post('/start', {}, '/');
    expect(limited.status).toBe(429);
    await expectValid('429', limited.text);
  });
});
