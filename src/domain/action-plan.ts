/**
 * The action plan: dated steps for each channel's verdict, with the consent rules of the owner's
 * country (data/SOURCES.md, consent section). Every step is a message; the order is fixed (week,
 * then channel, then step).
 *
 * - add: week 1 set up (with the platform facts that bite), week 2 announce with the consent rule,
 *   weeks 2-6 run side by side, week 6 measure how many joined, week 8 decide.
 *   Moving from personal WhatsApp to the Business app: week 1 move, week 2 profile.
 * - consider: week 1 poll customers, week 3 enter the figure and read the updated plan; when the
 *   owner's own figure is already in, week 1 try (or watch) the channel and week 5 decide.
 * - keep: what to keep doing, and the consent rule before sending offers.
 * - skip, in use: week 1 tell customers where to find you and when the channel stops, week 4 stop.
 *   skip, not in use: nothing, unless it is the primary channel (nothing is recommended): then
 *   poll first, as for consider.
 */
import { ADVISED_CHANNELS, type AdvisedChannel } from './answers.js';
import { consentRegime, countryInText } from './countries.js';
import type { Evaluation, Situation } from './evaluate.js';
import { constantMessage, type Message, message } from './message.js';
import { appName, channelKeys, channelName } from './reasons.js';

export interface Step {
  readonly week: number;
  readonly channel: AdvisedChannel;
  readonly message: Message;
}

/** The weeks of a trial of a new channel. */
export const TRIAL_WEEKS = Object.freeze({ setup: 1, announce: 2, measure: 6, decide: 8, trialDecide: 5 });
/** The weeks of a poll, and of stopping a channel. */
export const POLL_WEEKS = Object.freeze({ poll: 1, rerun: 3 });
export const STOP_WEEKS = Object.freeze({ tell: 1, stop: 4 });

const CONSENT = Object.freeze({
  sg_email: constantMessage('engine.consent.sg_email'),
  sg_chat: constantMessage('engine.consent.sg_chat'),
  id: constantMessage('engine.consent.id'),
  my: constantMessage('engine.consent.my'),
});
const consentOther = new Map<string, Message>();

/** The consent rule for marketing on a channel in a country (constant messages, made once). */
export function consentRule(country: string, channel: AdvisedChannel): Message {
  switch (consentRegime(country)) {
    case 'SG':
      return channel === 'email' ? CONSENT.sg_email : CONSENT.sg_chat;
    case 'ID':
      return CONSENT.id;
    case 'MY':
      return CONSENT.my;
    case 'OTHER': {
      let rule = consentOther.get(country);
      if (rule === undefined) {
        rule = constantMessage('engine.consent.other', { country: countryInText(country) });
        consentOther.set(country, rule);
      }
      return rule;
    }
  }
}

const SETUP_KEY = channelKeys('engine.step.setup.');
const ANNOUNCE_KEY = channelKeys('engine.step.announce.');
const MEASURE_KEY = channelKeys('engine.step.measure.');

/** What every step of one channel names. (Module-level helpers: no closures per plan.) */
interface StepContext {
  readonly c: AdvisedChannel;
  readonly name: Message;
  readonly primary: Message;
  readonly country: string;
}

function step(ctx: StepContext, week: number, key: string): Step {
  return { week, channel: ctx.c, message: message(key, { channel: ctx.name, primary: ctx.primary }) };
}

function consent(ctx: StepContext, week: number): Step {
  return {
    week,
    channel: ctx.c,
    message: message('engine.step.consent', { channel: ctx.name, rule: consentRule(ctx.country, ctx.c) }),
  };
}

/** A poll asks which app customers use; for email, how many give you their address. */
function poll(ctx: StepContext): Step[] {
  return ctx.c === 'email'
    ? [
        step(ctx, POLL_WEEKS.poll, 'engine.step.poll_email'),
        step(ctx, POLL_WEEKS.rerun, 'engine.step.rerun_email'),
      ]
    : [
        {
          week: POLL_WEEKS.poll,
          channel: ctx.c,
          message: message('engine.step.poll', { app: appName(ctx.c) }),
        },
        step(ctx, POLL_WEEKS.rerun, 'engine.step.rerun'),
      ];
}

function stepsFor(sit: Situation, evaluation: Evaluation, c: AdvisedChannel): Step[] {
  const verdict = evaluation.channels[c].verdict;
  const ctx: StepContext = {
    c,
    name: channelName(c),
    primary: channelName(evaluation.primary),
    country: sit.country,
  };
  const isPrimary = evaluation.primary === c;
  const promotes = sit.purposes.includes('promotions');
  switch (verdict) {
    case 'keep': {
      const steps = [step(ctx, 1, isPrimary ? 'engine.step.keep_primary' : 'engine.step.keep')];
      if (c === 'whatsapp_business' && sit.broadcastLarge && promotes)
        steps.push(step(ctx, 1, 'engine.step.save_number'));
      steps.push(consent(ctx, 1));
      return steps;
    }
    case 'add': {
      if (c === 'whatsapp_business' && sit.whatsappPersonal) {
        const steps = [
          step(ctx, 1, 'engine.step.move_to_business_app'),
          step(ctx, 2, 'engine.step.whatsapp_profile'),
        ];
        if (promotes) steps.push(consent(ctx, 2));
        return steps;
      }
      const w = TRIAL_WEEKS;
      return [
        step(ctx, w.setup, SETUP_KEY[c]),
        step(ctx, w.announce, ANNOUNCE_KEY[c]),
        consent(ctx, w.announce),
        step(ctx, w.announce, isPrimary ? 'engine.step.move_over' : 'engine.step.side_by_side'),
        step(ctx, w.measure, MEASURE_KEY[c]),
        step(ctx, w.decide, isPrimary ? 'engine.step.decide_main' : 'engine.step.decide'),
      ];
    }
    case 'consider':
      // Already measured (a poll, or the email addresses on file cap the reach): a poll would
      // tell nothing new, so try the channel (or watch it, if in use) and decide.
      if (evaluation.channels[c].reach.polled || evaluation.channels[c].reach.capped)
        return [
          step(ctx, TRIAL_WEEKS.setup, sit.inUse[c] ? 'engine.step.watch' : 'engine.step.trial'),
          step(ctx, TRIAL_WEEKS.trialDecide, 'engine.step.trial_decide'),
        ];
      return poll(ctx);
    case 'skip':
      // The primary channel is skipped only when nothing is recommended: measure before anything.
      if (isPrimary) return poll(ctx);
      if (!sit.inUse[c]) return [];
      return [
        step(ctx, STOP_WEEKS.tell, 'engine.step.tell_before_stopping'),
        step(ctx, STOP_WEEKS.stop, 'engine.step.stop'),
      ];
  }
}

export function actionPlan(sit: Situation, evaluation: Evaluation): Step[] {
  const steps: { step: Step; order: number }[] = [];
  let order = 0;
  for (const c of ADVISED_CHANNELS)
    for (const s of stepsFor(sit, evaluation, c)) steps.push({ step: s, order: order++ });
  // Stable: week first, then the order above (channel, then step).
  steps.sort((a, b) => a.step.week - b.step.week || a.order - b.order);
  return steps.map((s) => s.step);
}
