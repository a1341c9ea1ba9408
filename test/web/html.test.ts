/** Every page state is valid HTML (test/helpers/html.ts has the rules). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { type FormFields, FormUser } from '../helpers/forms.js';
import { expectValidHtml } from '../helpers/html.js';

const expectValid = (html: string) => expectValidHtml(html);

let t: TestApp;
let user: FormUser;
let base: string;
let reportPath: string;
beforeAll(async () => {
  t = makeTestApp();
  user = new FormUser(t.app);
  base = await user.start();
  for (const page of SALON_PAGE_ORDER) await user.post(`${base}/${page}`, SALON_PAGES[page]!);
  const other = new FormUser(t.app);
  const otherBase = await other.start();
  for (const page of SALON_PAGE_ORDER) await other.post(`${otherBase}/${page}`, SALON_PAGES[page]!);
  reportPath = (await other.submit(otherBase)).reportPath;
});
afterAll(() => t.close());

const BAD: Record<string, FormFields> = {
  business: { name: 'x'.repeat(200), country: 'XX' },
  customers: { ageMixMode: 'percent', age_20s: 'abc', age_30s: '20' },
  channels: { channels: ['telegram', 'email'], share_telegram: '90', share_email: '30', share_sms: '4' },
  purposes: { purposes: ['nope'], broadcastAudience: '-1' },
  whatsapp: { whatsappFeatures: ['nope'] },
  knowledge: { emailOnFilePercent: '200', known_telegram: 'x' },
  concerns: {},
  contact: { whatsappNumber: '1', telegram: '1', email: 'x', signupUrl: 'ftp://x' },
};

describe('valid HTML in every page state', () => {
  it('start page', async () => expectValid((await user.get('/')).text));

  it.each(SALON_PAGE_ORDER)('question page %s, empty', async (page) => {
    const fresh = new FormUser(t.app);
    const b = await fresh.start();
    if (page === 'whatsapp') {
      await fresh.post(`${b}/channels`, SALON_PAGES.channels!);
    }
    const res = await fresh.get(`${b}/${page}`);
    expect(res.status).toBe(200);
    await expectValid(res.text);
  });

  it.each(SALON_PAGE_ORDER)('question page %s, with errors', async (page) => {
    const res = await user.post(`${base}/${page}`, BAD[page]!);
    expect(res.status).toBe(400);
    await expectValid(res.text);
  });

  it('check answers', async () => expectValid((await user.get(`${base}/check`)).text));

  it('key slip with the owner key, the key slip without it, and the report linking to it', async () => {
    const other = new FormUser(t.app);
    const b = await other.start();
    for (const page of SALON_PAGE_ORDER) await other.post(`${b}/${page}`, SALON_PAGES[page]!);
    const made = await other.submit(b);
    const slip = await other.get(`${made.reportPath}/key`);
    expect(slip.text).toContain('owner-key-value');
    await expectValid(slip.text);
    await expectValid((await new FormUser(t.app).get(`${made.reportPath}/key`)).text);
    expect(made.report.text).toContain(`${made.reportPath}/key`);
    await expectValid(made.report.text);
  });

  it('start page offering to continue a draft, and to open the plan made', async () => {
    const res = await user.get('/');
    expect(res.text).toContain('Continue your answers');
    await expectValid(res.text);
  });

  it('report', async () => expectValid((await user.get(reportPath)).text));
  it('printable kit', async () => {
    const res = await user.get(`${reportPath}/kit`);
    expect(res.status).toBe(200);
    await expectValid(res.text);
  });
  it('privacy notice', async () => {
    const res = await user.get('/privacy');
    expect(res.status).toBe(200);
    await expectValid(res.text);
  });
  it('change: owner key form', async () => expectValid((await user.get(`${reportPath}/change`)).text));
  it('change: wrong key', async () =>
    expectValid((await user.post(`${reportPath}/change`, { ownerKey: 'x' }, `${reportPath}/change`)).text));
  it('delete confirmation', async () => expectValid((await user.get(`${reportPath}/delete`)).text));
  it('delete: wrong key', async () =>
    expectValid((await user.post(`${reportPath}/delete`, { ownerKey: '' }, `${reportPath}/delete`)).text));
  it('deleted', async () => expectValid((await user.get('/deleted')).text));
  it('404', async () => expectValid((await user.get('/nowhere')).text));
  it('error page (403, form expired)', async () => {
    const res = await user.agent.post('/start').type('form').send('');
    expect(res.status).toBe(403);
    await expectValid(res.text);
  });
  it('error page (500, with an incident id)', async () => {
    const broken = makeTestApp({
      planner: () => {
        throw new Error('engine failure with secret detail');
      },
    });
    const u = new FormUser(broken.app);
    const b = await u.start();
    for (const page of SALON_PAGE_ORDER) await u.post(`${b}/${page}`, SALON_PAGES[page]!);
    const res = await u.post(`${b}/check`, {});
    expect(res.status).toBe(500);
    expect(res.text).toMatch(/reference: [0-9a-f]{12}/);
    expect(res.text).not.toContain('secret detail');
    expect(res.text).not.toMatch(/at \w+ \(/);
    await expectValid(res.text);
    broken.close();
  });
});
