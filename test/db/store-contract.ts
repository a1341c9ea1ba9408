/**
 * The store contract: what every Store must do, run against SQLite (test/db/store.test.ts, in
 * `npm test`) and PostgreSQL (test/pg/store.test.ts, `npm run test:pg`). A harness gives a
 * fresh, migrated, empty store and two raw hooks: run SQL on its database, and dump every row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import type { Store } from '../../src/db/store.js';
import type { Answers } from '../../src/domain/answers.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON } from '../helpers/answers.js';

export interface StoreHarness {
  readonly store: Store;
  /** Runs SQL (no parameters) on the store's database, e.g. to damage a row. */
  exec(sql: string): Promise<void>;
  /** Every row of plans and drafts, as JSON text. */
  dump(): Promise<string>;
  close(): Promise<void>;
}

const answers = SALON;
const tr = createI18n().translator('en');
const adoption = loadAdoptionData();
const planOf = (a: Answers) => plan(a, adoption, { translate: tr.render });
const thePlan = planOf(answers);
const now = new Date('2026-01-01T00:00:00.123Z');
const later = new Date('2026-07-01T00:00:00.456Z');
const h = (s: string) => hashSecret(s);
const named = (name: string): Answers => ({ ...answers, business: { ...answers.business, name } });

export function storeContract(kind: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`the ${kind} store (contract)`, () => {
    let x: StoreHarness;
    let store: Store;
    beforeEach(async () => {
      x = await makeHarness();
      store = x.store;
    });
    afterEach(async () => {
      await x.close();
    });

    const makePlan = (id: string, extra: Partial<Parameters<Store['createPlan']>[0]> = {}) =>
      store.createPlan({
        idHash: h(id),
        ownerKeyHash: h('key'),
        answers,
        plan: thePlan,
        now,
        expiresAt: later,
        ...extra,
      });

    it('creates, loads and saves drafts by token hash (times to the millisecond)', async () => {
      await store.createDraft({ tokenHash: h('t1'), data: { version: 1, pages: {} }, now });
      expect(
        await store.saveDraft(h('t1'), { version: 1, pages: { business: { country: 'SG' } } }, later),
      ).toBe(true);
      const draft = await store.loadDraft(h('t1'));
      expect(draft?.data.pages.business).toEqual({ country: 'SG' });
      expect(draft?.createdAt).toEqual(now);
      expect(draft?.updatedAt).toEqual(later);
      expect(draft?.planIdHash).toBeUndefined();
      expect(await store.loadDraft(h('nope'))).toBeUndefined();
      expect(await store.saveDraft(h('nope'), { version: 1, pages: {} }, now)).toBe(false);
    });

    it('keeps a change draft’s plan and sealed id', async () => {
      await makePlan('id');
      await store.createDraft({
        tokenHash: h('t'),
        data: { version: 1, pages: { channels: { channels: ['email', 'telegram'] } } },
        planIdHash: h('id'),
        sealedPlanId: 'sealed',
        now,
      });
      const d = await store.loadDraft(h('t'));
      expect(d).toMatchObject({ planIdHash: h('id'), sealedPlanId: 'sealed' });
      expect(d?.data.pages.channels).toEqual({ channels: ['email', 'telegram'] });
    });

    it('stores a plan made from a draft and removes the draft in the same transaction', async () => {
      await store.createDraft({ tokenHash: h('t1'), data: { version: 1, pages: {} }, now });
      await makePlan('id', { fromDraftHash: h('t1') });
      expect(await store.loadDraft(h('t1'))).toBeUndefined();
      const stored = await store.loadPlan(h('id'), now);
      expect(stored?.plan).toEqual(thePlan);
      expect(stored?.answers).toEqual(answers);
      expect(stored?.ownerKeyHash).toBe(h('key'));
      expect(stored?.createdAt).toEqual(now);
      expect(stored?.expiresAt).toEqual(later);
      expect(stored?.previous).toBeUndefined();
    });

    it('refuses a second plan with the same id, and keeps the first', async () => {
      await makePlan('id');
      await expect(makePlan('id', { answers: named('Other') })).rejects.toThrow();
      expect((await store.loadPlan(h('id'), now))?.answers.business.name).toBe(answers.business.name);
    });

    it('keeps the draft a refused plan was made from: the plan and the removal go together', async () => {
      await makePlan('id');
      await store.createDraft({ tokenHash: h('t2'), data: { version: 1, pages: {} }, now });
      await expect(makePlan('id', { answers: named('Other'), fromDraftHash: h('t2') })).rejects.toThrow();
      expect(await store.loadDraft(h('t2'))).toBeDefined();
    });

    it('reads a plan’s answers alone, as loadPlan has them; none when gone or expired', async () => {
      await makePlan('id');
      expect(await store.loadAnswers(h('id'), now)).toEqual((await store.loadPlan(h('id'), now))?.answers);
      const changed = { ...answers, team: 'small_team' as const };
      expect(await store.replacePlan(h('id'), { answers: changed, plan: thePlan, now })).toBe(true);
      expect(await store.loadAnswers(h('id'), now)).toEqual(changed);
      expect(await store.loadAnswers(h('id'), later)).toBeUndefined();
      expect(await store.loadAnswers(h('none'), now)).toBeUndefined();
      await store.deletePlan(h('id'));
      expect(await store.loadAnswers(h('id'), now)).toBeUndefined();
    });

    it('hides expired plans, replaces (keeping the version before) and deletes with its drafts', async () => {
      await makePlan('id');
      expect(await store.loadPlan(h('id'), later)).toBeUndefined();
      const changed = { ...answers, team: 'small_team' as const };
      const changedAt = new Date(now.getTime() + 60_000);
      expect(await store.replacePlan(h('id'), { answers: changed, plan: thePlan, now: changedAt })).toBe(
        true,
      );
      const stored = await store.loadPlan(h('id'), changedAt);
      expect(stored?.answers.team).toBe('small_team');
      expect(stored?.updatedAt).toEqual(changedAt);
      expect(stored?.previous?.answers).toEqual(answers);
      expect(stored?.previous?.plan).toEqual(thePlan);
      expect(stored?.previous?.at).toEqual(now);
      await store.createDraft({
        tokenHash: h('t2'),
        data: { version: 1, pages: {} },
        planIdHash: h('id'),
        sealedPlanId: 'x',
        now,
      });
      expect(await store.deletePlan(h('id'))).toBe(true);
      expect(await store.loadPlan(h('id'), now)).toBeUndefined();
      expect(await store.loadDraft(h('t2'))).toBeUndefined();
      expect(await store.deletePlan(h('id'))).toBe(false);
      expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now })).toBe(false);
    });

    it('removes the draft a change came from, with the change', async () => {
      await makePlan('id');
      await store.createDraft({
        tokenHash: h('c'),
        data: { version: 1, pages: {} },
        planIdHash: h('id'),
        now,
      });
      expect(
        await store.replacePlan(h('id'), {
          answers: named('Changed'),
          plan: thePlan,
          now,
          fromDraftHash: h('c'),
        }),
      ).toBe(true);
      expect(await store.loadDraft(h('c'))).toBeUndefined();
    });

    it('does not change an expired plan (it reads as gone)', async () => {
      await makePlan('id');
      const afterExpiry = new Date(later.getTime() + 1);
      expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now: afterExpiry })).toBe(false);
      expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now })).toBe(true);
    });

    it('two changes at once: the earlier version is one whole version, never a mix', async () => {
      await makePlan('id');
      const a = named('Change A');
      const b = named('Change B');
      const at = new Date(now.getTime() + 1000);
      const results = await Promise.all([
        store.replacePlan(h('id'), { answers: a, plan: planOf(a), now: at }),
        store.replacePlan(h('id'), { answers: b, plan: planOf(b), now: at }),
      ]);
      expect(results).toEqual([true, true]);
      const s = await store.loadPlan(h('id'), at);
      const names = [s?.answers.business.name, s?.previous?.answers.business.name].sort();
      expect(names).toEqual(['Change A', 'Change B']);
      expect(s?.plan).toEqual(planOf(s?.answers ?? answers));
      expect(s?.previous?.plan).toEqual(planOf(s?.previous?.answers ?? answers));
    });

    it('lists the plans not expired, in the order they were made', async () => {
      for (const [i, name] of ['First', 'Second', 'Third'].entries()) {
        const a = named(name);
        await store.createPlan({
          idHash: h(`p${i}`),
          ownerKeyHash: h('k'),
          answers: a,
          plan: planOf(a),
          now: new Date(now.getTime() + i * 1000),
          expiresAt: i === 1 ? new Date(now.getTime() + 5000) : later,
        });
      }
      const listed = await store.listPlans(new Date(now.getTime() + 6000));
      expect(listed).toEqual([planOf(named('First')), planOf(named('Third'))]);
    });

    it('purges expired plans (with their drafts) and stale drafts, and says how many', async () => {
      await makePlan('old', { expiresAt: new Date(now.getTime() + 1000) });
      await makePlan('young');
      await store.createDraft({
        tokenHash: h('of-old'),
        data: { version: 1, pages: {} },
        planIdHash: h('old'),
        now: later,
      });
      await store.createDraft({ tokenHash: h('stale'), data: { version: 1, pages: {} }, now });
      await store.createDraft({ tokenHash: h('fresh'), data: { version: 1, pages: {} }, now: later });
      const result = await store.purgeExpired(new Date(now.getTime() + 1000), new Date(now.getTime() + 1));
      expect(result).toEqual({ plans: 1, drafts: 1 }); // the draft of the old plan went by cascade
      expect(await store.loadDraft(h('of-old'))).toBeUndefined();
      expect(await store.loadDraft(h('stale'))).toBeUndefined();
      expect(await store.loadDraft(h('fresh'))).toBeDefined();
      expect(await store.loadPlan(h('young'), now)).toBeDefined();
      expect(await store.purgeExpired(new Date(now.getTime() + 1000), new Date(now.getTime() + 1))).toEqual({
        plans: 0,
        drafts: 0,
      });
    });

    it('purges from two callers at once without error, each row once', async () => {
      for (let i = 0; i < 20; i++) await makePlan(`e${i}`, { expiresAt: new Date(now.getTime() + 1) });
      const at = new Date(now.getTime() + 1);
      const [r1, r2] = await Promise.all([store.purgeExpired(at, now), store.purgeExpired(at, now)]);
      expect((r1?.plans ?? 0) + (r2?.plans ?? 0)).toBe(20);
      expect(await store.listPlans(now)).toEqual([]);
    });

    it('refuses a stored row that no longer validates', async () => {
      await makePlan('id');
      await x.exec(`UPDATE plans SET answers = '{"version":2}'`);
      await expect(store.loadPlan(h('id'), now)).rejects.toThrow();
    });

    it('keeps no secret in clear', async () => {
      await makePlan('the-id', { ownerKeyHash: h('the-key') });
      await store.createDraft({ tokenHash: h('the-token'), data: { version: 1, pages: {} }, now });
      const dump = await x.dump();
      expect(dump).toContain(h('the-id'));
      for (const secret of ['the-id', 'the-key', 'the-token']) expect(dump).not.toContain(`"${secret}"`);
    });

    it('keeps the language of a draft and a plan, replacing it only when given (decision 027)', async () => {
      await store.createDraft({ tokenHash: h('t1'), data: { version: 1, pages: {} }, now, language: 'id' });
      expect((await store.loadDraft(h('t1')))?.language).toBe('id');
      expect(await store.saveDraft(h('t1'), { version: 1, pages: {} }, later)).toBe(true);
      expect((await store.loadDraft(h('t1')))?.language).toBe('id');
      expect(await store.saveDraft(h('t1'), { version: 1, pages: {} }, later, 'zh')).toBe(true);
      expect((await store.loadDraft(h('t1')))?.language).toBe('zh');
      await store.createDraft({ tokenHash: h('t2'), data: { version: 1, pages: {} }, now });
      expect(await store.loadDraft(h('t2'))).not.toHaveProperty('language');

      await makePlan('id', { language: 'ms' });
      await makePlan('old');
      expect((await store.loadPlan(h('id'), now))?.language).toBe('ms');
      expect(await store.loadPlan(h('old'), now)).not.toHaveProperty('language');
      expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now })).toBe(true);
      expect((await store.loadPlan(h('id'), now))?.language).toBe('ms');
      expect(await store.replacePlan(h('id'), { answers, plan: thePlan, now, language: 'en' })).toBe(true);
      expect((await store.loadPlan(h('id'), now))?.language).toBe('en');
      // The column holds only the served codes.
      await expect(x.exec(`UPDATE plans SET language = 'fr'`)).rejects.toThrow();
      await expect(x.exec(`UPDATE drafts SET language = 'zh-TW'`)).rejects.toThrow();
    });

    it('answers ping (the health check, with its write probe)', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
