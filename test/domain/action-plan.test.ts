/**
 * The action plan (week-by-week steps per verdict) and the harm rules it carries. The businesses
 * here pin their reach with their own counts (knownChannelUse), so the steps follow from the
 * owner's figures, not from the survey data.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/plan-schema.js';
import { baseInput, planOf } from './fixtures.js';

const keysOf = (p: Plan, channel: string) =>
  p.actionPlan.filter((s) => s.channel === channel).map((s) => [s.week, s.message.key]);

const mix = { under20: 0, '20s': 20, '30s': 30, '40s': 30, '50s': 20, '60plus': 0 };

describe('action plan', () => {
  const base = baseInput();

  it('adds a channel over eight weeks: set up, announce with consent, side by side, measure, decide', () => {
    const p = planOf({
      ...base,
      customers: { ageMix: mix, emailOnFilePercent: 90 },
      purposes: ['receipts', 'promotions'],
      broadcastAudience: 1200,
      concerns: { customerPrivacy: 'none', competitorDataSharing: true, platformDependence: true },
      team: 'small_team',
    });
    expect(p.channels.email.verdict).toBe('add');
    expect(keysOf(p, 'email')).toEqual([
      [1, 'engine.step.setup.email'],
      [2, 'engine.step.announce.email'],
      [2, 'engine.step.consent'],
      [2, 'engine.step.side_by_side_weeks'],
      [6, 'engine.step.measure.email'],
      [8, 'engine.step.decide'],
    ]);
    // Emails to customers who gave their address and agreed are not unsolicited: no <ADV> demanded.
    const consent = p.actionPlan.find(
      (s) => s.channel === 'email' && s.message.key === 'engine.step.consent',
    );
    expect(consent?.step).toContain('unsolicited');
    expect(consent?.step).toContain('are not unsolicited');
  });

  it('a solo owner starts one new channel at a time: the second begins after the first one’s decision', () => {
    const solo = {
      ...base,
      customers: { ageMix: mix, knownChannelUse: { telegram: 95 }, emailOnFilePercent: 95 },
      channels: [{ channel: 'whatsapp_business', sharePercent: 100 }],
      purposes: ['receipts', 'appointments'],
      concerns: { customerPrivacy: 'none', competitorDataSharing: false, platformDependence: true },
      team: 'solo',
    };
    const p = planOf(solo);
    expect(p.channels.telegram.verdict).toBe('add');
    expect(p.channels.email.verdict).toBe('add');
    const weeks = (c: string) => p.actionPlan.filter((s) => s.channel === c).map((s) => s.week);
    const tg = weeks('telegram');
    const email = weeks('email');
    expect(Math.min(...tg) > Math.max(...email) || Math.min(...email) > Math.max(...tg)).toBe(true);
    // Each side-by-side step names its own weeks: the later channel's are not "week 2 to week 6".
    for (const c of ['telegram', 'email']) {
      const run = p.actionPlan.find(
        (s) => s.channel === c && s.message.key === 'engine.step.side_by_side_weeks',
      );
      const measure = p.actionPlan.find(
        (s) => s.channel === c && s.message.key.startsWith('engine.step.measure.'),
      );
      expect(run?.step).toContain(`From week ${run?.week} to week ${measure?.week},`);
    }
    expect(Math.max(...tg, ...email)).toBeGreaterThan(8);
    // A small team may run both at once.
    const team = planOf({ ...solo, team: 'small_team' });
    const setups = team.actionPlan.filter((s) => s.message.key.startsWith('engine.step.setup.'));
    expect(setups.map((s) => s.week)).toEqual([1, 1]);
  });

  it('where a channel Kanal does not advise on carries most messages, calls no other the main one', () => {
    const p = planOf({
      ...base,
      customers: { ageMix: mix, knownChannelUse: { whatsapp_business: 90 } },
      channels: [
        { channel: 'instagram', sharePercent: 60 },
        { channel: 'whatsapp_business', sharePercent: 20 },
        { channel: 'facebook', sharePercent: 20 },
      ],
    });
    expect(p.headline).toContain('Keep Instagram, your busiest channel');
    expect(p.channels.whatsapp_business.verdict).toBe('keep');
    const keys = p.actionPlan.map((s) => s.message.key);
    expect(keys).not.toContain('engine.step.keep_primary');
    expect(p.actionPlan.map((s) => s.step).join(' ')).not.toContain('main channel');
    expect(p.actionPlan.find((s) => s.channel === 'whatsapp_business')?.step).toBe(
      'Keep using WhatsApp Business alongside Instagram.',
    );
  });

  it('speaks of personal WhatsApp as what it is: never a WhatsApp Business account the owner lacks', () => {
    const older = { under20: 0, '20s': 0, '30s': 0, '40s': 10, '50s': 30, '60plus': 60 };
    const stop = planOf({
      ...base,
      business: { ...base.business, country: 'US' },
      customers: { ageMix: older },
      channels: [
        { channel: 'email', sharePercent: 56 },
        { channel: 'telegram', sharePercent: 32 },
        { channel: 'whatsapp_personal', sharePercent: 12 },
      ],
      whatsappFeatures: [],
      team: 'solo',
    });
    expect(stop.channels.whatsapp_business.verdict).toBe('skip');
    const waSteps = stop.actionPlan.filter((s) => s.channel === 'whatsapp_business');
    expect(waSteps.map((s) => s.message.key)).toEqual([
      'engine.step.tell_before_stopping',
      'engine.step.stop_personal',
    ]);
    for (const s of waSteps) expect(s.step).toContain('personal WhatsApp');
    expect(waSteps.map((s) => s.step).join(' ')).not.toMatch(/WhatsApp Business|automatic reply/);
    expect(stop.headline).toContain('you could stop using personal WhatsApp');
    // Its traffic is WhatsApp's (both apps count), not WhatsApp Business's.
    const busy = planOf({
      ...base,
      business: { ...base.business, country: 'ID' },
      customers: { ageMix: { ...older, '40s': 0, '50s': 40, '60plus': 50, '30s': 10 } },
      channels: [
        { channel: 'whatsapp_personal', sharePercent: 90 },
        { channel: 'phone', sharePercent: 10 },
      ],
      whatsappFeatures: [],
    });
    const traffic = busy.channels.whatsapp_business.reasons.find((r) => r.code === 'reach_traffic');
    expect(traffic?.text).toMatch(/^WhatsApp carries about 90%/);
  });

  it('names the platform facts that bite when setting up Telegram: channels take no replies, Premium, bots', () => {
    const p = planOf({
      ...base,
      customers: { ...base.customers, knownChannelUse: { telegram: 90, whatsapp_business: 90 } },
      channels: [],
      purposes: ['appointments'],
      team: 'small_team',
    });
    expect(p.channels.telegram.verdict).toBe('add');
    const setup = p.actionPlan.find((s) => s.message.key === 'engine.step.setup.telegram');
    expect(setup?.week).toBe(1);
    expect(setup?.step).toContain('cannot reply');
    expect(setup?.step).toContain('Telegram Premium');
    expect(setup?.step).toContain('a bot cannot message a customer until the customer starts the chat');
    const wa = p.actionPlan.find((s) => s.message.key === 'engine.step.setup.whatsapp_business');
    expect(wa?.step).toContain('256');
    expect(wa?.step).toContain('WhatsApp Channel');
  });

  it('for promotions to more than 256 people, a kept WhatsApp starts a WhatsApp Channel first', () => {
    const p = planOf({ ...base, purposes: ['promotions'], broadcastAudience: 900 });
    expect(p.channels.whatsapp_business.verdict).toBe('keep');
    expect(keysOf(p, 'whatsapp_business')).toContainEqual([1, 'engine.step.whatsapp_channel']);
  });

  it('a borderline channel the owner has already measured is tried, not polled again', () => {
    const p = planOf({
      ...base,
      customers: { ageMix: mix, knownChannelUse: { telegram: 65 } },
      team: 'small_team',
    });
    expect(p.channels.telegram.verdict).toBe('consider');
    expect(keysOf(p, 'telegram')).toEqual([
      [1, 'engine.step.trial'],
      [5, 'engine.step.trial_decide'],
    ]);
  });

  it('a borderline channel in use is counted, never polled about whether customers use it', () => {
    const p = planOf({
      ...base,
      channels: [
        { channel: 'whatsapp_business', sharePercent: 90 },
        { channel: 'telegram', sharePercent: 10 },
      ],
      customers: { ageMix: { under20: 0, '20s': 0, '30s': 10, '40s': 30, '50s': 40, '60plus': 20 } },
      team: 'small_team',
    });
    const tg = keysOf(p, 'telegram').map(([, k]) => k);
    expect(tg).not.toContain('engine.step.poll');
    if (p.channels.telegram.verdict === 'consider') expect(tg).toContain('engine.step.count');
  });

  it('keeps with the consent rule before sending offers: Do Not Call for WhatsApp (phone numbers) in Singapore', () => {
    const p = planOf(base);
    expect(p.channels.whatsapp_business.verdict).toBe('keep');
    expect(keysOf(p, 'whatsapp_business')).toEqual([
      [1, 'engine.step.keep_primary'],
      [1, 'engine.step.consent'],
    ]);
    const consent = p.actionPlan.find((s) => s.message.key === 'engine.step.consent')!;
    expect(consent.step).toContain('Do Not Call Register');
    expect(consent.step).toContain('ongoing relationship');
  });

  it('skips a small channel in use: tell customers where to find you and when it stops, then stop', () => {
    const p = planOf({
      ...base,
      customers: { ageMix: mix, knownChannelUse: { telegram: 10 } },
      channels: [
        { channel: 'whatsapp_business', sharePercent: 90 },
        { channel: 'telegram', sharePercent: 10 },
      ],
    });
    expect(p.channels.telegram.verdict).toBe('skip');
    expect(keysOf(p, 'telegram')).toEqual([
      [1, 'engine.step.tell_before_stopping'],
      [4, 'engine.step.stop'],
    ]);
    expect(p.actionPlan.find((s) => s.message.key === 'engine.step.tell_before_stopping')?.step).toBe(
      'Tell your customers on Telegram that you are moving to WhatsApp Business, how to find you there, and the date Telegram stops (for example in three weeks).',
    );
  });

  it('never stops a busy channel: 40% of the messages on Telegram keeps it, whatever the poll', () => {
    const p = planOf({
      ...base,
      customers: { ageMix: mix, knownChannelUse: { telegram: 10 } },
      channels: [
        { channel: 'whatsapp_business', sharePercent: 60 },
        { channel: 'telegram', sharePercent: 40 },
      ],
    });
    expect(p.channels.telegram.verdict).toBe('keep');
    expect(p.channels.telegram.reasons.map((r) => r.code)).toContain('busy_floor');
    expect(keysOf(p, 'telegram').map(([, k]) => k)).not.toContain('engine.step.stop');
  });
});
