/**
 * After the owner changes answers, the report shows the earlier plan next to this one: each
 * channel's verdict and reach before and now, and which answers changed. The earlier version is
 * kept with the plan (one version), shown only on screen, and deleted with it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePlans } from '../../src/domain/compare.js';
import { createI18n } from '../../src/i18n.js';
import { buildReport } from '../../src/web/report-view.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, encodeForm, type FormFields, FormUser } from '../helpers/forms.js';
import { expectValidHtml } from '../helpers/html.js';

let t: TestApp;
let user: FormUser;
let reportPath: string;
let ownerKey: string;

beforeAll(async () => {
  t = makeTestApp();
  user = new FormUser(t.app);
  const base = await user.start();
  for (const page of SALON_PAGE_ORDER) await user.post(`${base}/${page}`, SALON_PAGES[page]!);
  const made = await user.submit(base);
  reportPath = made.reportPath;
  ownerKey = made.ownerKey!;
});
afterAll(() => t.close());

/** Changes the plan: owner key, then new answers on the given pages, then submit. */
async function change(pages: Record<string, FormFields>) {
  const res = await user.post(`${reportPath}/change`, { ownerKey }, `${reportPath}/change`);
  expect(res.status).toBe(303);
  const draft = res.headers.location!.replace(/\/check$/, '');
  for (const [page, fields] of Object.entries(pages)) {
    expect((await user.post(`${draft}/${page}?change=1`, fields, `${draft}/${page}?change=1`)).status).toBe(
      303,
    );
  }
  const done = await user.post(`${draft}/check`, {});
  expect(done.status).toBe(303);
}

describe('comparing with the earlier plan', () => {
  it('a fresh plan has nothing to compare', async () => {
    expect((await user.get(reportPath)).text).not.toContain('What changed since your earlier plan');
  });

  it('after a change, shows each channel before and now and the answers changed, as valid HTML', async () => {
    const before = await t.store.loadPlan(hashSecret(reportPath.slice(3)), t.now);
    expect(before?.previous).toBeUndefined();
    await change({
      customers: {
        ...SALON_PAGES.customers,
        age_under20: '0',
        age_20s: '5',
        age_30s: '10',
        age_40s: '25',
        age_50s: '30',
        age_60plus: '30',
      },
      knowledge: { ...SALON_PAGES.knowledge, known_telegram: '10' },
      concerns: { ...SALON_PAGES.concerns, customerPrivacy: 'none' },
    });
    const after = await t.store.loadPlan(hashSecret(reportPath.slice(3)), t.now);
    expect(after?.previous?.plan).toEqual(before?.plan);
    expect(after?.previous?.answers).toEqual(before?.answers);
    const diff = comparePlans(after!.previous!, after!);
    expect(diff.answersChanged).toEqual([
      'customers.ageMix',
      'customers.knownChannelUse',
      'concerns.customerPrivacy',
    ]);
    expect(diff.answersChanged).toContain('customers.ageMix');
    expect(diff.answersChanged).toContain('concerns.customerPrivacy');
    expect(diff.answersChanged).not.toContain('business.country');

    const page = await user.get(reportPath);
    expect(page.text).toContain('What changed since your earlier plan');
    expect(page.text).toMatch(/Answers you changed: [^<]*[Aa]ge/);
    // A poll finding 10% on Telegram instead of 45%: its reach falls (model 2 already rated a 45%
    // Telegram "skip" for this salon, so its verdict may stay).
    const tg = diff.channels.find((c) => c.channel === 'telegram')!;
    expect([tg.before.reach, tg.now.reach]).toEqual([0.45, 0.1]);
    expect(tg.changed).toBe(tg.before.verdict !== tg.now.verdict || tg.before.primary !== tg.now.primary);
    expect(page.text).toContain('reaching 45% of your customers');
    expect(page.text).toContain('reaching 10% of your customers');
    if (diff.channels.some((c) => c.changed)) expect(page.text).toContain('Changed');
    await expectValidHtml(page.text);
  });

  it('keeps only the one version before, and removes it with the plan', async () => {
    await change({ concerns: { ...SALON_PAGES.concerns, customerPrivacy: 'high' } });
    const stored = await t.store.loadPlan(hashSecret(reportPath.slice(3)), t.now);
    expect(stored?.previous?.answers.concerns.customerPrivacy).toBe('none');
    const del = await user.post(`${reportPath}/delete`, { ownerKey }, `${reportPath}/delete`);
    expect(del.status).toBe(303);
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 });
  });
});

describe('comparing after the owner applies the customer poll', { timeout: 30_000 }, () => {
  it('names the poll as what changed, not "no answer changed", in the owner’s language', async () => {
    const p = makeTestApp({ withPolls: true });
    try {
      const made = await request(p.app)
        .post('/api/v1/plans')
        .send({ ...SALON_ANSWERS, customers: { ...SALON_ANSWERS.customers, knownChannelUse: undefined } });
      expect(made.status).toBe(201);
      const { id, ownerKey: key } = made.body as { id: string; ownerKey: string };
      const opened = await request(p.app).post(`/api/v1/plans/${id}/poll`).set('X-Owner-Key', key);
      const pollPath = new URL(opened.body.pollUrl as string).pathname;
      for (let i = 0; i < 12; i++) {
        const phone = request.agent(p.app);
        const form = await phone.get(pollPath);
        const answered = await phone
          .post(pollPath)
          .type('form')
          .send(encodeForm({ age: i % 2 ? '20s' : '30s', apps: 'telegram', _csrf: csrfFrom(form.text) }));
        expect(answered.status).toBe(200);
      }
      p.now = new Date(p.now.getTime() + 24 * 60 * 60_000);
      const applied = await request(p.app).post(`/api/v1/plans/${id}/poll/apply`).set('X-Owner-Key', key);
      expect(applied.status).toBe(200);
      const stored = await p.store.loadPlan(hashSecret(id), p.now);
      expect(comparePlans(stored!.previous!, stored!)).toMatchObject({
        answersChanged: ['customers.poll'],
        poll: 'applied',
      });
      const page = await request(p.app).get(`/r/${id}`);
      expect(page.text).toContain('You applied your customer poll.');
      expect(page.text).toContain('Your customer poll now counts in this plan: the answers of 12 customers');
      expect(page.text).not.toContain('You changed no answer');
      expect(page.text).not.toContain('Answers you changed');
      await expectValidHtml(page.text);
      const zh = await request.agent(p.app).get(`/r/${id}?lang=zh`).redirects(2);
      expect(zh.text).toContain('您的顾客小调查现在计入这个方案');

      // Answers changed as well: two sentences, joined as the language joins them (no space
      // after "。" in Chinese).
      const previous = stored!.previous!;
      const both = {
        ...stored!,
        previous: {
          ...previous,
          answers: {
            ...previous.answers,
            concerns: { ...previous.answers.concerns, customerPrivacy: 'none' },
          },
        },
      } as typeof stored & {};
      const i18n = createI18n({ strict: true });
      const sentences = (language: string) => {
        const tr = i18n.translator(language);
        return buildReport({ tr, has: tr.has }, both, { reportUrl: '/r/x' }).comparison!.answers;
      };
      expect(sentences('zh')).toMatch(/^您修改的回答：.+。您的顾客小调查现在计入这个方案/);
      expect(sentences('zh')).not.toMatch(/。\s/);
      expect(sentences('en')).toMatch(/\. Your customer poll now counts in this plan/);
    } finally {
      p.close();
    }
  });
});
