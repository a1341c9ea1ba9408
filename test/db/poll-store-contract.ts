/**
 * The poll-store contract: what every PollStore must do, run against SQLite
 * (test/db/poll-store.test.ts, in `npm test`) and PostgreSQL (test/pg/poll-store.test.ts,
 * `npm run test:pg`). A harness gives a fresh, migrated, empty database with its plans Store and
 * PollStore, and two raw reads: how many rows a poll table holds, and the stored cells' counts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { appsToBits, bitsToApps, type NewAnswer, type PollStore } from '../../src/db/poll-store.js';
import type { Store } from '../../src/db/store.js';
import { plan } from '../../src/domain/plan.js';
import { createI18n } from '../../src/i18n.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON } from '../helpers/answers.js';

export interface PollStoreHarness {
  readonly store: Store;
  readonly polls: PollStore;
  /** Rows in one of the poll's tables. */
  rows(table: 'polls' | 'poll_answers' | 'poll_seen'): Promise<number>;
  /** The `answers` column of every poll_answers row (how many answered in that cell), sorted. */
  cells(): Promise<number[]>;
  close(): Promise<void>;
}

const answers = SALON;
const thePlan = plan(answers, loadAdoptionData(), { translate: createI18n().translator('en').render });
export const now = new Date('2026-03-01T00:00:00Z');
export const h = (s: string) => hashSecret(s);
export const SEALED = 'A'.repeat(43);

/** Stores the salon's plan under id `id` (hashed), for a poll to hang on. */
export async function makePollPlan(store: Store, id: string, expiresAt = new Date('2026-09-01T00:00:00Z')) {
  await store.createPlan({
    idHash: h(id),
    ownerKeyHash: h(`${id}-owner`),
    answers,
    plan: thePlan,
    now,
    expiresAt,
  });
}

export function pollStoreContract(kind: string, makeHarness: () => Promise<PollStoreHarness>): void {
  describe(`the ${kind} poll store (contract)`, () => {
    let x: PollStoreHarness;
    let store: Store;
    let polls: PollStore;

    const makePlan = (id: string, expiresAt?: Date) => makePollPlan(store, id, expiresAt);

    beforeEach(async () => {
      x = await makeHarness();
      store = x.store;
      polls = x.polls;
      await makePlan('plan-1');
    });
    afterEach(async () => {
      await x.close();
    });

    const open = (plan = 'plan-1', token = 'token-1', day = '2026-03-01') =>
      polls.openPoll({ planIdHash: h(plan), tokenHash: h(token), sealedToken: SEALED, day });
    const answer = (extra: Partial<NewAnswer> = {}): NewAnswer => ({
      planIdHash: h('plan-1'),
      ageGroup: '30s',
      apps: ['telegram'],
      day: '2026-03-01',
      ...extra,
    });
    const counts = async () => [
      await x.rows('polls'),
      await x.rows('poll_answers'),
      await x.rows('poll_seen'),
    ];

    describe('opening, closing, resetting', () => {
      it('opens once; opening again answers the same poll', async () => {
        const first = await open();
        expect(first.opened).toBe(true);
        expect(first.poll).toEqual({
          planIdHash: h('plan-1'),
          tokenHash: h('token-1'),
          sealedToken: SEALED,
          openedOn: '2026-03-01',
        });
        const again = await open('plan-1', 'token-2');
        expect(again.opened).toBe(false);
        expect(again.poll.tokenHash).toBe(h('token-1'));
        expect(await polls.findByToken(h('token-1'))).toEqual(first.poll);
        expect(await polls.findByPlan(h('plan-1'))).toEqual(first.poll);
        expect(await polls.findByToken(h('token-2'))).toBeUndefined();
        expect(await polls.findByPlan(h('plan-2'))).toBeUndefined();
      });

      it('opening five times at once makes one poll with one link', async () => {
        const results = await Promise.all([1, 2, 3, 4, 5].map((i) => open('plan-1', `token-${i}`)));
        expect(results.filter((r) => r.opened)).toHaveLength(1);
        expect(new Set(results.map((r) => r.poll.tokenHash)).size).toBe(1);
        expect(await x.rows('polls')).toBe(1);
      });

      it('needs the plan to exist', async () => {
        await expect(open('no-such-plan')).rejects.toThrow(/foreign key/i);
      });

      it('a closed poll takes no answers, forgets which browsers answered, and reopens with its link and answers', async () => {
        await open();
        expect(await polls.recordAnswer(answer({ browserMac: h('b1') }))).toBe('counted');
        expect(await polls.closePoll(h('plan-1'), '2026-03-02')).toBe(true);
        expect(await polls.closePoll(h('plan-1'), '2026-03-02')).toBe(false);
        expect((await polls.findByPlan(h('plan-1')))?.closedOn).toBe('2026-03-02');
        expect(await polls.recordAnswer(answer({ apps: [], day: '2026-03-02', browserMac: h('b2') }))).toBe(
          'closed',
        );
        expect(await polls.recordAnswer(answer({ day: '2026-03-02' }))).toBe('closed'); // nor the tablet
        expect(await x.rows('poll_seen')).toBe(0);
        const reopened = await open('plan-1', 'token-other', '2026-03-05');
        expect(reopened.opened).toBe(true);
        expect(reopened.poll.tokenHash).toBe(h('token-1'));
        expect(reopened.poll.openedOn).toBe('2026-03-05');
        expect(reopened.poll.closedOn).toBeUndefined();
        expect(await polls.listAnswers(h('plan-1'))).toHaveLength(1);
        expect(await polls.closePoll(h('plan-2'), '2026-03-02')).toBe(false);
      });

      it('reset removes answers and marks but keeps the link', async () => {
        await open();
        await polls.recordAnswer(answer({ apps: ['email'], browserMac: h('b1') }));
        expect(await polls.resetPoll(h('plan-1'))).toBe(true);
        expect(await polls.listAnswers(h('plan-1'))).toEqual([]);
        expect(await counts()).toEqual([1, 0, 0]);
        expect((await polls.findByPlan(h('plan-1')))?.tokenHash).toBe(h('token-1'));
        // The same browser may answer again after a reset.
        expect(await polls.recordAnswer(answer({ apps: ['email'], browserMac: h('b1') }))).toBe('counted');
        expect(await polls.resetPoll(h('plan-2'))).toBe(false);
      });
    });

    describe('answers', () => {
      it('one per browser mark; counter-tablet answers (no mark) count each time, marked as such', async () => {
        await open();
        const a = answer({ ageGroup: '20s', apps: ['whatsapp', 'telegram'] });
        expect(await polls.recordAnswer({ ...a, browserMac: h('b1') })).toBe('counted');
        expect(await polls.recordAnswer({ ...a, browserMac: h('b1') })).toBe('already');
        expect(await polls.recordAnswer({ ...a, browserMac: h('b1'), ageGroup: '60plus' })).toBe('already');
        expect(await polls.recordAnswer({ ...a, browserMac: h('b2') })).toBe('counted');
        expect(await polls.recordAnswer(a)).toBe('counted');
        expect(await polls.recordAnswer(a)).toBe('counted');
        const listed = await polls.listAnswers(h('plan-1'));
        expect(listed).toHaveLength(4);
        expect(listed.filter((y) => y.counter)).toHaveLength(2);
        for (const y of listed)
          expect(y).toMatchObject({ ageGroup: '20s', apps: ['whatsapp', 'telegram'], day: '2026-03-01' });
        expect(await polls.recordAnswer({ ...a, planIdHash: h('plan-2') })).toBe('gone');
        expect(await polls.recordAnswer({ ...a, planIdHash: h('plan-2'), browserMac: h('b9') })).toBe('gone');
        expect(await x.rows('poll_seen')).toBe(2);
      });

      it('the same browser mark sent ten times at once counts once', async () => {
        await open();
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, () => polls.recordAnswer(answer({ browserMac: h('same') }))),
        );
        expect(outcomes.filter((o) => o === 'counted')).toHaveLength(1);
        expect(outcomes.filter((o) => o === 'already')).toHaveLength(9);
        expect(await polls.listAnswers(h('plan-1'))).toHaveLength(1);
      });

      it('keeps counts per cell, not single answers; lists each answer with its day, group, apps and mark', async () => {
        await open();
        for (let i = 0; i < 3; i++)
          await polls.recordAnswer(answer({ ageGroup: '40s', apps: [], browserMac: h(`b${i}`) }));
        await polls.recordAnswer(
          answer({ ageGroup: '40s', apps: [], day: '2026-03-02', browserMac: h('b3') }),
        );
        await polls.recordAnswer(answer({ ageGroup: 'under20', apps: ['email', 'whatsapp'] }));
        expect(await x.cells()).toEqual([1, 1, 3]);
        const listed = await polls.listAnswers(h('plan-1'));
        const key = (y: (typeof listed)[number]) => `${y.day} ${y.ageGroup} ${y.apps.join('+')} ${y.counter}`;
        expect(listed.map(key).sort()).toEqual([
          '2026-03-01 40s  false',
          '2026-03-01 40s  false',
          '2026-03-01 40s  false',
          '2026-03-01 under20 whatsapp+email true',
          '2026-03-02 40s  false',
        ]);
      });

      it('apps round-trip through bits', () => {
        expect(bitsToApps(appsToBits(['email', 'whatsapp']))).toEqual(['whatsapp', 'email']);
        expect(appsToBits([])).toBe(0);
        expect(bitsToApps(7)).toEqual(['whatsapp', 'telegram', 'email']);
      });

      it('counter-tablet key on and off; closing switches it off', async () => {
        await open();
        expect(await polls.setCounterKey(h('plan-1'), h('tablet'))).toBe(true);
        expect((await polls.findByPlan(h('plan-1')))?.counterKeyHash).toBe(h('tablet'));
        expect(await polls.setCounterKey(h('plan-1'), null)).toBe(true);
        expect((await polls.findByPlan(h('plan-1')))?.counterKeyHash).toBeUndefined();
        await polls.setCounterKey(h('plan-1'), h('tablet'));
        await polls.closePoll(h('plan-1'), '2026-03-02');
        expect((await polls.findByPlan(h('plan-1')))?.counterKeyHash).toBeUndefined();
        expect(await polls.setCounterKey(h('plan-2'), null)).toBe(false);
      });

      it('answers racing a close: each is counted or refused, none counts after it, no mark is left', async () => {
        await open();
        const racing = Array.from({ length: 20 }, (_, i) =>
          polls.recordAnswer(answer({ browserMac: h(`r${i}`) })),
        );
        const closed = polls.closePoll(h('plan-1'), '2026-03-01');
        const outcomes = await Promise.all(racing);
        expect(await closed).toBe(true);
        expect(outcomes.every((o) => o === 'counted' || o === 'closed')).toBe(true);
        expect(await polls.listAnswers(h('plan-1'))).toHaveLength(
          outcomes.filter((o) => o === 'counted').length,
        );
        expect(await x.rows('poll_seen')).toBe(0);
        expect(await polls.recordAnswer(answer({ browserMac: h('late') }))).toBe('closed');
      });
    });

    describe('deleted with the plan', () => {
      async function fill() {
        await open();
        await polls.recordAnswer(answer({ ageGroup: '50s', browserMac: h('b1') }));
        expect(await counts()).toEqual([1, 1, 1]);
      }

      it('deleting the plan deletes its poll, answers and marks', async () => {
        await fill();
        expect(await store.deletePlan(h('plan-1'))).toBe(true);
        expect(await counts()).toEqual([0, 0, 0]);
        expect(await polls.findByToken(h('token-1'))).toBeUndefined();
        expect(await polls.recordAnswer(answer({ browserMac: h('b2') }))).toBe('gone');
      });

      it('purging the expired plan purges its poll, and keeps the others', async () => {
        await fill();
        await makePlan('plan-2', new Date('2027-01-01T00:00:00Z'));
        await polls.openPoll({
          planIdHash: h('plan-2'),
          tokenHash: h('token-2'),
          sealedToken: SEALED,
          day: '2026-03-01',
        });
        await store.purgeExpired(new Date('2026-10-01T00:00:00Z'), new Date('2026-10-01T00:00:00Z'));
        expect(await counts()).toEqual([1, 0, 0]);
        expect(await polls.findByToken(h('token-1'))).toBeUndefined();
        expect(await polls.findByToken(h('token-2'))).toBeDefined();
      });

      it('deletePoll alone removes the poll and what hangs on it', async () => {
        await fill();
        expect(await polls.deletePoll(h('plan-1'))).toBe(true);
        expect(await polls.deletePoll(h('plan-1'))).toBe(false);
        expect(await counts()).toEqual([0, 0, 0]);
        expect(await store.loadPlan(h('plan-1'), now)).toBeDefined();
      });
    });
  });
}
