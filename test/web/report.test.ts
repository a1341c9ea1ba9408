import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADVISED_CHANNELS, validateAnswers } from '../../src/domain/answers.js';
import { SALON_ANSWERS, SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser, ownerKeyOn } from '../helpers/forms.js';

let t: TestApp;
let user: FormUser;
beforeEach(() => {
  t = makeTestApp();
  user = new FormUser(t.app);
});
afterEach(() => t.close());

/** Walks the whole questionnaire as a person would; returns the report path and page. */
async function makePlan(u = user) {
  const base = await u.start();
  let next = `${base}/business`;
  for (const page of SALON_PAGE_ORDER) {
    expect(next).toBe(`${base}/${page}`);
    const form = await u.get(next);
    expect(form.status).toBe(200);
    const res = await u.post(next, SALON_PAGES[page]!);
    expect(res.status).toBe(303);
    next = res.headers.location!;
  }
  expect(next).toBe(`${base}/check`);
  expect((await u.get(next)).status).toBe(200);
  const { reportPath, ownerKey, report } = await u.submit(base);
  expect(reportPath).toMatch(/^\/r\/[A-Za-z0-9_-]{43}$/);
  return { base, reportPath, report, key: ownerKey! };
}

describe('the whole journey', () => {
  it('reaches a report whose verdicts match plan() for the same answers', async () => {
    const { report } = await makePlan();
    expect(report.status).toBe(200);
    const answers = validateAnswers(SALON_ANSWERS);
    if (!answers.ok) throw new Error('bad fixture');
    const expected = t.planner(answers.value, 'en');
    const tr = t.i18n.translator('en');
    for (const c of ADVISED_CHANNELS) {
      const card = new RegExp(
        `<section class="card card--(\\w+)[^"]*" id="channel-${c}"[\\s\\S]*?<strong class="tag tag--(\\w+)">([^<]+)</strong>`,
      ).exec(report.text);
      expect(card?.[1], c).toBe(expected.channels[c].verdict);
      expect(card?.[3], c).toBe(tr.t(`web.verdict.${expected.channels[c].verdict}`));
    }
    const headline = tr.render(expected.headlineMessage).replaceAll("'", '&#39;').replaceAll('"', '&#34;');
    expect(report.text).toContain(headline.replaceAll('&#34;', '&quot;').slice(0, 40));
  });

  it('shows the headline, cards, switching cost, action plan by week and the method', async () => {
    const { report } = await makePlan();
    const html = report.text;
    expect(html).toContain('Channel by channel');
    expect(html).toContain('Main channel');
    expect(html).toContain('The cost of leaving WhatsApp');
    expect(html).toMatch(/to Telegram: you would lose about \d+% of the customers you reach today/);
    expect(html).toMatch(/to Email: you would lose about \d+% of the customers you reach today/);
    expect(html).toContain('Week 1');
    expect(html).toContain('How Kanal worked this out');
    expect(html).toContain('Model version');
    expect(html).toMatch(/\(\d{4}\)<\/li>/); // a source with its year
    expect(html).toContain('Kept until');
    expect(report.headers['cache-control']).toBe('no-store');
    expect(report.headers['x-robots-tag']).toContain('noindex');
  });

  it('says the cost of leaving WhatsApp only to a business on WhatsApp', async () => {
    const notOnWhatsApp = {
      ...SALON_ANSWERS,
      channels: [
        { channel: 'telegram', sharePercent: 70 },
        { channel: 'instagram', sharePercent: 30 },
      ],
      whatsappFeatures: [],
    };
    const made = await request(t.app).post('/api/v1/plans').send(notOnWhatsApp);
    expect(made.status, made.text).toBe(201);
    expect(made.body.plan.switching.telegram.customersLostPercent).toBeTypeOf('number'); // the data stays
    const html = (await request(t.app).get(new URL(made.body.url, 'http://x').pathname)).text;
    expect(html).not.toContain('The cost of leaving WhatsApp');
    expect(html).not.toContain('If you moved everyone off WhatsApp');
    // The fold is named after what it holds: the other channels alone.
    expect(html).toMatch(/id="more">Other channels you use<\/h2>/);
    // Telegram carries most: it has the main-channel badge. Instagram carrying most would take it.
    expect(html).toContain('Main channel');
    const instagramLeads = await request(t.app)
      .post('/api/v1/plans')
      .send({
        ...SALON_ANSWERS,
        channels: [
          { channel: 'instagram', sharePercent: 60 },
          { channel: 'whatsapp_business', sharePercent: 20 },
          { channel: 'facebook', sharePercent: 20 },
        ],
      });
    expect(instagramLeads.status, instagramLeads.text).toBe(201);
    expect(instagramLeads.body.plan.headline).toContain('Keep Instagram, your busiest channel');
    const led = (await request(t.app).get(new URL(instagramLeads.body.url, 'http://x').pathname)).text;
    expect(led).not.toContain('Main channel');
    expect(led).not.toContain('tag--primary');
    // Personal WhatsApp is WhatsApp too: its owner is told what leaving would cost.
    const personal = await request(t.app)
      .post('/api/v1/plans')
      .send({ ...notOnWhatsApp, channels: [...notOnWhatsApp.channels, { channel: 'whatsapp_personal' }] });
    expect(personal.status, personal.text).toBe(201);
    const withIt = (await request(t.app).get(new URL(personal.body.url, 'http://x').pathname)).text;
    expect(withIt).toContain('The cost of leaving WhatsApp');
  });

  it('shows the owner key on a printable key slip that says what it is for, never on the report', async () => {
    const { reportPath, report, key } = await makePlan();
    const slip = await user.get(`${reportPath}/key`);
    expect(slip.status).toBe(200);
    expect(slip.headers['cache-control']).toBe('no-store');
    expect(slip.text).toContain('the only way to change your answers, delete your plan');
    expect(slip.text).toContain('data-print-label="Print this page"');
    expect(slip.text).toContain('data-copy-label="Copy the key"');
    // A reload still shows it (while the just-made cookie lasts).
    expect(ownerKeyOn((await user.get(`${reportPath}/key`)).text)).toBe(key);
    // The report links to the slip but never shows the key, on screen or in print.
    expect(report.text).not.toContain(key);
    expect(report.text).toContain(`href="${reportPath}/key"`);
    // Another browser (or this one once the cookie's half hour is over): no key, and it says so.
    const other = new FormUser(t.app);
    const page = await other.get(`${reportPath}/key`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(key);
    expect(page.text).toContain('shown only in the half hour after a plan is made');
    expect((await other.get(reportPath)).text).not.toContain(`href="${reportPath}/key"`);
  });

  it('keeps the draft link working: once the plan is made it leads to the plan', async () => {
    const { base, reportPath } = await makePlan();
    for (const path of [base, `${base}/check`, `${base}/business`]) {
      const res = await new FormUser(t.app).get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.location, path).toBe(reportPath);
    }
    // Posting to the used-up draft changes nothing: it leads to the plan too.
    const posted = await user.post(`${base}/business`, { ...SALON_PAGES.business!, name: 'Changed' }, '/');
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(reportPath);
    expect((await user.get(reportPath)).text).not.toContain('Changed');
  });

  it('opens for anyone with the link, without the owner key', async () => {
    const { reportPath } = await makePlan();
    const stranger = new FormUser(t.app);
    const res = await stranger.get(reportPath);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('owner-key-value');
  });

  it('puts verdicts and first steps first and folds the details (works without JavaScript)', async () => {
    const { report } = await makePlan();
    const html = report.text;
    const at = (needle: string) => {
      const i = html.indexOf(needle);
      expect(i, needle).toBeGreaterThan(0);
      return i;
    };
    // The verdicts at a glance, then the first steps, then the cards and folded sections.
    expect(html.match(/<li class="glance__item">/g)).toHaveLength(3);
    expect(at('class="glance')).toBeLessThan(at('id="first-steps"'));
    expect(at('id="first-steps"')).toBeLessThan(at('id="channel-'));
    expect(at('id="channel-')).toBeLessThan(at('<details class="fold report-fold"'));
    expect(html.match(/<details class="fold card__details">/g)).toHaveLength(3);
    for (const id of ['action-plan', 'charts', 'method', 'more']) {
      expect(html).toMatch(
        new RegExp(`<summary class="fold__summary"><h2 class="heading-m fold__heading" id="${id}">`),
      );
    }
    // Folded, never open by default: the phone's first screen is the verdicts and first steps.
    expect(html).not.toMatch(/<details[^>]* open/);
  });

  it('serves the printable kit', async () => {
    const { reportPath } = await makePlan();
    const kit = await user.get(`${reportPath}/kit`);
    expect(kit.status).toBe(200);
    expect(kit.headers['cache-control']).toBe('no-store');
  });
});

describe('changing the answers', () => {
  it('needs the owner key, then pre-fills a draft and replaces the plan at the same link', async () => {
    const { reportPath, key } = await makePlan();

    const wrong = await user.post(`${reportPath}/change`, { ownerKey: 'A'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('<title>Error: ');
    expect(wrong.text).toContain('href="#f-ownerKey"');
    const missing = await user.post(`${reportPath}/change`, { ownerKey: '' });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('Enter your owner key.');

    const ok = await user.post(`${reportPath}/change`, { ownerKey: key });
    expect(ok.status).toBe(303);
    const check = ok.headers.location!;
    expect(check).toMatch(/^\/d\/[A-Za-z0-9_-]{43}\/check$/);
    const checkPage = await user.get(check);
    expect(checkPage.text).toContain('Enso Hair Studio');
    expect(checkPage.text).toContain('Update my plan');

    const base = check.replace(/\/check$/, '');
    await user.post(`${base}/concerns?change=1`, {
      customerPrivacy: 'high',
      worries: ['competitorDataSharing'],
      team: 'small_team',
    });
    const submitted = await user.post(check, {});
    expect(submitted.status).toBe(303);
    expect(submitted.headers.location).toBe(reportPath);

    const api = await user.agent.get(`/api/v1/plans/${reportPath.slice(3)}`);
    expect(api.body.answers.team).toBe('small_team');
    expect(api.body.answers.concerns.customerPrivacy).toBe('high');
  });
});

describe('deleting', () => {
  it('asks for confirmation and the owner key, really deletes, and the link then 404s', async () => {
    const { reportPath, key } = await makePlan();
    const confirm = await user.get(`${reportPath}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Are you sure you want to delete this plan?');

    const wrong = await user.post(`${reportPath}/delete`, { ownerKey: 'nope' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('That owner key does not match this plan.');
    expect((await user.get(reportPath)).status).toBe(200);

    const done = await user.post(`${reportPath}/delete`, { ownerKey: key }, `${reportPath}/delete`);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/deleted');
    expect((await user.get('/deleted')).text).toContain('Your plan has been deleted');
    expect((await user.get(reportPath)).status).toBe(404);
    expect(t.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual({ n: 0 });
  });

  it('treats an expired plan as gone', async () => {
    const { reportPath } = await makePlan();
    t.now = new Date(t.now.getTime() + 181 * 86_400_000);
    expect((await user.get(reportPath)).status).toBe(404);
  });
});
