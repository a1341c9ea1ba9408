/**
 * The journey a first-time owner walked (research/outside-tests.md, last section), fixed: each
 * test fails on Kanal 0.1.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { type FormFields, FormUser } from '../helpers/forms.js';

let t: TestApp;
afterEach(() => t.close());

async function answer(user: FormUser, base: string, pages: Readonly<Record<string, FormFields>>) {
  let next = `${base}/business`;
  while (!next.endsWith('/check')) {
    const page = next.slice(base.length + 1).replace(/\?.*$/, '');
    const res = await user.post(next, pages[page] ?? SALON_PAGES[page]!);
    expect(res.status, `${page}: ${res.text.slice(0, 200)}`).toBe(303);
    next = res.headers.location!;
  }
}

describe('the start page', () => {
  it('offers to continue the draft this browser has, then to open the plan made from it', async () => {
    t = makeTestApp();
    const user = new FormUser(t.app);
    expect((await user.get('/')).text).not.toContain('Continue your answers');
    const base = await user.start();
    await user.post(`${base}/business`, SALON_PAGES.business!);
    const start = await user.get('/');
    expect(start.text).toContain('Continue your answers');
    expect(start.text).toContain(`href="${base}"`);
    expect(start.headers['cache-control']).toBe('no-store');
    // Back on question 1 then the start page: the draft is still there, with its answers.
    expect((await user.get(base)).headers.location).toBe(`${base}/customers`);
    await answer(user, base, {});
    const { reportPath } = await user.submit(base);
    const after = await user.get('/');
    expect(after.text).not.toContain('Continue your answers');
    expect(after.text).toContain(`href="${reportPath}"`);
    // Another browser is offered nothing.
    expect((await new FormUser(t.app).get('/')).text).not.toContain(reportPath);
  });

  it('promises what the pages do: the page count and the client list read once, never kept', async () => {
    t = makeTestApp();
    const text = (await new FormUser(t.app).get('/')).text;
    expect(text).not.toContain('never asks for a list of your customers');
    expect(text).toContain('the file is read once and never kept');
    expect(text).toContain(`up to ${SALON_PAGE_ORDER.length} short pages`);
  });
});

describe('the questions', () => {
  it('"Question n of m" keeps its m whatever the channels', async () => {
    t = makeTestApp();
    const user = new FormUser(t.app);
    const base = await user.start();
    const m = SALON_PAGE_ORDER.length;
    expect((await user.get(`${base}/business`)).text).toContain(`Question 1 of ${m}`);
    await answer(user, base, { channels: { channels: ['email'] } });
    for (const [page, n] of [
      ['channels', 3],
      ['purposes', 4],
      ['knowledge', 6],
      ['contact', 8],
    ] as const) {
      expect((await user.get(`${base}/${page}`)).text, page).toContain(`Question ${n} of ${m}`);
    }
    await user.post(`${base}/channels?change=1`, SALON_PAGES.channels!);
    expect((await user.get(`${base}/whatsapp`)).text).toContain(`Question 5 of ${m}`);
    expect((await user.get(`${base}/business`)).text).toContain(`Question 1 of ${m}`);
  });

  it.each([
    ['channels', { channels: [] }, 'f-channels'],
    ['purposes', { purposes: [], broadcastAudience: '' }, 'f-purposes'],
  ])(
    '%s: nothing ticked is a question left unanswered; "none of these" is an answer',
    async (page, empty, id) => {
      t = makeTestApp();
      const user = new FormUser(t.app);
      const base = await user.start();
      const order = SALON_PAGE_ORDER.slice(0, SALON_PAGE_ORDER.indexOf(page as 'channels'));
      for (const p of order) await user.post(`${base}/${p}`, SALON_PAGES[p]!);
      const form = await user.get(`${base}/${page}`);
      expect(form.text).toContain(`id="${id}-none"`);
      expect(form.text).toContain('None of these');
      const blank = await user.post(`${base}/${page}`, empty);
      expect(blank.status).toBe(400);
      expect(blank.text).toContain(`href="#${id}"`);
      expect(blank.text).toContain('or tick “None of these”');
      const both = await user.post(`${base}/${page}`, { ...empty, [page]: ['none', 'email'] });
      expect(both.status).toBe(400);
      expect(both.text).toContain('untick one of them');
      const none = await user.post(`${base}/${page}`, { ...empty, [page]: ['none'] });
      expect(none.status).toBe(303);
      await answer(user, base, { [page]: { ...empty, [page]: ['none'] } });
      const check = await user.get(`${base}/check`);
      expect(check.text).toMatch(/None of these/);
      const { reportPath } = await user.submit(base);
      const api = await user.agent.get(`/api/v1/plans/${reportPath.slice(3)}`);
      expect(api.body.answers[page]).toEqual([]);
    },
  );

  it('lists Singapore, Indonesia and Malaysia first among the countries', async () => {
    t = makeTestApp();
    const user = new FormUser(t.app);
    const base = await user.start();
    const html = (await user.get(`${base}/business`)).text;
    const codes = [...html.matchAll(/<option value="([A-Z]{2})"/g)].map((m) => m[1]);
    expect(codes.slice(0, 3)).toEqual(['SG', 'ID', 'MY']);
    expect(codes.length).toBeGreaterThan(50);
  });
});

describe('changing a plan', () => {
  it('asks the WhatsApp features question when the change adds WhatsApp Business', async () => {
    t = makeTestApp();
    const user = new FormUser(t.app);
    const base = await user.start();
    await answer(user, base, { channels: { channels: ['email', 'instagram'] } });
    const { reportPath, ownerKey } = await user.submit(base);
    const open = await user.post(`${reportPath}/change`, { ownerKey: ownerKey! });
    const draft = open.headers.location!.replace(/\/check$/, '');
    const res = await user.post(`${draft}/channels?change=1`, SALON_PAGES.channels!);
    expect(res.headers.location).toBe(`${draft}/whatsapp`);
    expect((await user.post(`${draft}/whatsapp?change=1`, SALON_PAGES.whatsapp!)).headers.location).toBe(
      `${draft}/check`,
    );
    await user.post(`${draft}/check`, {});
    const api = await user.agent.get(`/api/v1/plans/${reportPath.slice(3)}`);
    expect(api.body.answers.whatsappFeatures).toEqual(['catalog', 'broadcast', 'quick_replies']);
  });
});

describe('the printable kit', () => {
  it('without contact details, prints a page that says what to add', async () => {
    t = makeTestApp();
    const user = new FormUser(t.app);
    const base = await user.start();
    await answer(user, base, { contact: { whatsappNumber: '', telegram: '', email: '', signupUrl: '' } });
    const { reportPath } = await user.submit(base);
    const kit = await user.get(`${reportPath}/kit`);
    expect(kit.text).toContain('class="kit-sheet kit-empty"');
    expect(kit.text).toContain('Add your WhatsApp number, your Telegram username or your email address');
    expect(kit.text).toContain(`href="${reportPath}/change"`);
  });
});

/** A store whose named methods fail like a full disk; the rest is the real store. */
function failingStore(real: () => Store, failing: Set<string>): Store {
  return new Proxy({} as Store, {
    get: (_target, name: string) => {
      return (...args: unknown[]) => {
        if (failing.has(name)) throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
        return (real()[name as keyof Store] as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
}

describe('error pages tell the truth about the last action', () => {
  it('a failed save or deletion never says the answers are safe; a failed read says nothing changed', async () => {
    const failing = new Set<string>();
    let real: Store | undefined;
    t = makeTestApp({ store: failingStore(() => real!, failing) });
    real = t.store;
    const user = new FormUser(t.app);
    const base = await user.start();
    await answer(user, base, {});
    failing.add('saveDraft');
    const save = await user.post(`${base}/business?change=1`, SALON_PAGES.business!);
    expect(save.status).toBe(500);
    expect(save.text).not.toMatch(/answers are safe|Nothing was changed/);
    expect(save.text).toContain('may not have been saved');
    failing.clear();
    const { reportPath, ownerKey } = await user.submit(base);
    failing.add('deletePlan');
    const del = await user.post(`${reportPath}/delete`, { ownerKey: ownerKey! });
    expect(del.status).toBe(500);
    expect(del.text).toContain('your plan may not have been deleted');
    failing.add('loadPlan');
    const read = await user.get(reportPath);
    expect(read.status).toBe(500);
    expect(read.text).toContain('Nothing was changed');
  });

  it('429 says in words when to come back, and that what was sent was not saved', async () => {
    t = makeTestApp({ config: { RATE_LIMIT: true, RATE_LIMIT_CREATE_PER_HOUR: 1 } });
    const user = new FormUser(t.app);
    await user.start();
    const refused = await user.post('/start', {}, '/');
    expect(refused.status).toBe(429);
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).toBeGreaterThan(3000);
    expect(refused.text).toContain(`try again in about ${Math.ceil(seconds / 60)} minutes`);
    expect(refused.text).toContain('What you just sent was not saved');
  });
});
