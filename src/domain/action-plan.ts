/**
 * The action plan: dated steps for each channel's verdict, with the consent rules of the owner's
 * country as they really are (law.ts). Every step is a message; the order is fixed (week, then
 * channel, then step).
 *
 * - add: week 1 set up (with the platform facts that bite), week 2 announce with the consent rule,
 *   weeks 2-6 run side by side, week 6 measure how many joined, week 8 decide.
 *   Moving from personal WhatsApp to the Business app: week 1 move, week 2 profile.
 * - consider, not in use: week 1 poll customers (for email: collect addresses), week 3 enter the
 *   figure; with the owner's own figure already in, week 1 try the channel and week 5 decide.
 * - consider, in use: customers already use it, so no poll: count how many reach you there for
 *   four weeks (email: count the addresses you have), then enter it and decide.
 * - keep: what to keep doing (for audiences over 256, a WhatsApp Channel first), and the consent
 *   rule before sending offers.
 * - skip, in use: week 1 tell customers where to find you and when it stops, week 4 stop, but only
 *   when the main channel is recommended (keep or add) and the channel is not busy; otherwise
 *   keep answering there without promoting it.
 *
 * Never harm: a busy channel is never "skip" (evaluate.ts), so it is never stopped; customers are
 * only ever moved to the main channel, which is never "skip"; a solo owner starts one new channel
 * at a time: the second new channel's steps begin after the first one's decision week.
 */
import type { AdvisedChannel } from './answers.js';
import { CHANNEL_DEFINITIONS } from './channels.js';
import type { Evaluation, Situation } from './evaluate.js';
import { isBusy, personalOnly } from './evaluate.js';
import { isOwnMeasurement as isOwnFigure } from './evidence.js';
import { consentRule } from './law.js';
import { type Message, message } from './message.js';
import { appName, channelKeys, channelName, usedName } from './reasons.js';

export { consentRule };

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

const SETUP_KEY = channelKeys('engine.step.setup.');
const ANNOUNCE_KEY = channelKeys('engine.step.announce.');
const MEASURE_KEY = channelKeys('engine.step.measure.');

/** What every step of one channel names. (Module-level helpers: no closures per plan.) */
interface StepContext {
  readonly c: AdvisedChannel;
  readonly name: Message;
  readonly primary: Message;
  readonly country: string;
  /** Weeks before this channel's first step (a solo owner's later new channel), added to each. */
  readonly start: number;
}

function step(ctx: StepContext, week: number, key: string): Step {
  return {
    week: week + ctx.start,
    channel: ctx.c,
    message: message(key, { channel: ctx.name, primary: ctx.primary }),
  };
}

/** Running the new channel beside the others, from its announcement to its measurement. */
function sideBySide(ctx: StepContext, key: string): Step {
  const from = TRIAL_WEEKS.announce + ctx.start;
  const to = TRIAL_WEEKS.measure + ctx.start;
  return {
    week: from,
    channel: ctx.c,
    message: message(key, { channel: ctx.name, primary: ctx.primary, from, to }),
  };
}

function consent(ctx: StepContext, week: number): Step {
  return {
    week: week + ctx.start,
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
          week: POLL_WEEKS.poll + ctx.start,
          channel: ctx.c,
          message: message('engine.step.poll', { app: appName(ctx.c) }),
        },
        step(ctx, POLL_WEEKS.rerun, 'engine.step.rerun'),
      ];
}

/** A channel in use: customers already use it, so count them rather than ask whether they do. */
function count(ctx: StepContext): Step[] {
  return ctx.c === 'email'
    ? [
        step(ctx, POLL_WEEKS.poll, 'engine.step.count_email'),
        step(ctx, TRIAL_WEEKS.trialDecide, 'engine.step.rerun_email'),
      ]
    : [
        step(ctx, POLL_WEEKS.poll, 'engine.step.count'),
        step(ctx, TRIAL_WEEKS.trialDecide, 'engine.step.rerun'),
      ];
}

/** Does this channel's plan start a new channel (a new inbox to run)? */
function startsNewChannel(sit: Situation, evaluation: Evaluation, c: AdvisedChannel): boolean {
  if (sit.listed[c]) return false;
  const ev = evaluation.channels[c];
  if (ev.verdict === 'add') return true;
  return ev.verdict === 'consider' && isOwnFigure(ev.reach.kind);
}

function stepsFor(
  sit: Situation,
  evaluation: Evaluation,
  c: AdvisedChannel,
  leading: string | undefined,
  start = 0,
): Step[] {
  const ev = evaluation.channels[c];
  const verdict = ev.verdict;
  const ctx: StepContext = {
    c,
    name: channelName(c),
    primary: channelName(evaluation.primary),
    country: sit.country,
    start,
  };
  const isPrimary = evaluation.primary === c;
  const promotes = sit.purposes.includes('promotions');
  switch (verdict) {
    case 'keep': {
      // Where another channel carries most messages, that one is the main channel the headline
      // names; the advised channels are kept beside it.
      const steps =
        leading === undefined
          ? [step(ctx, 1, isPrimary ? 'engine.step.keep_primary' : 'engine.step.keep')]
          : [step({ ...ctx, primary: channelName(leading) }, 1, 'engine.step.keep')];
      if (c === 'whatsapp_business' && sit.broadcastLarge && promotes)
        steps.push(step(ctx, 1, 'engine.step.whatsapp_channel'));
      steps.push(consent(ctx, 1));
      return steps;
    }
    case 'add': {
      if (sit.listed[c]) {
        // Personal WhatsApp to the Business app: the same number, the same customers.
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
        // Its weeks in words too (engine.step.*_weeks), so a later start says its own weeks.
        sideBySide(ctx, isPrimary ? 'engine.step.move_over_weeks' : 'engine.step.side_by_side_weeks'),
        step(ctx, w.measure, MEASURE_KEY[c]),
        step(ctx, w.decide, isPrimary ? 'engine.step.decide_main' : 'engine.step.decide'),
      ];
    }
    case 'consider':
      // Customers already write there: count them, never ask whether they use it.
      if (sit.listed[c] && !isOwnFigure(ev.reach.kind)) return count(ctx);
      // Already measured (a poll, or addresses on file): try the channel (or watch it, if in use).
      if (isOwnFigure(ev.reach.kind))
        return [
          step(ctx, TRIAL_WEEKS.setup, sit.listed[c] ? 'engine.step.watch' : 'engine.step.trial'),
          step(ctx, TRIAL_WEEKS.trialDecide, 'engine.step.trial_decide'),
        ];
      return poll(ctx);
    case 'skip': {
      if (!sit.listed[c]) return [];
      const main = evaluation.channels[evaluation.primary].verdict;
      // Stop only a channel that is not busy, and only to move to a main channel the plan recommends.
      // Named as the app in use: personal WhatsApp has no Business account or automatic reply.
      const used = { ...ctx, name: usedName(sit, c) };
      if (isBusy(sit.share[c]) || (main !== 'keep' && main !== 'add'))
        return [step(used, 1, 'engine.step.keep_quietly')];
      return [
        step(used, STOP_WEEKS.tell, 'engine.step.tell_before_stopping'),
        step(used, STOP_WEEKS.stop, personalOnly(sit, c) ? 'engine.step.stop_personal' : 'engine.step.stop'),
      ];
    }
  }
}

/**
 * The last week of a channel's steps: a solo owner's next new channel starts the week after.
 */
function lastWeek(steps: readonly Step[]): number {
  let last = 0;
  for (const s of steps) last = Math.max(last, s.week);
  return last;
}

/**
 * `leading`: a channel Kanal does not advise on that carries most of the messages
 * (leadingOtherChannel), when there is one.
 */
export function actionPlan(sit: Situation, evaluation: Evaluation, leading?: string): Step[] {
  const perChannel = CHANNEL_DEFINITIONS.map((d) => stepsFor(sit, evaluation, d.id, leading));
  if (sit.team === 'solo') {
    // One new channel at a time: the main channel first, then by score (ties: channel order).
    const starts = CHANNEL_DEFINITIONS.filter((d) => startsNewChannel(sit, evaluation, d.id))
      .map((d) => d.id)
      .sort(
        (a, b) =>
          Number(b === evaluation.primary) - Number(a === evaluation.primary) ||
          evaluation.channels[b].score - evaluation.channels[a].score,
      );
    let offset = 0;
    for (const c of starts) {
      const i = CHANNEL_DEFINITIONS.findIndex((d) => d.id === c);
      const steps = perChannel[i]!;
      if (offset > 0) perChannel[i] = stepsFor(sit, evaluation, c, leading, offset);
      offset += lastWeek(steps);
    }
  }
  const steps: { step: Step; order: number }[] = [];
  let order = 0;
  for (const list of perChannel) for (const s of list) steps.push({ step: s, order: order++ });
  // Stable: week first, then the order above (channel, then step).
  steps.sort((a, b) => a.step.week - b.step.week || a.order - b.order);
  return steps.map((s) => s.step);
}
