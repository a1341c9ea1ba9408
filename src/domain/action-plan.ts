/**
 * The action plan: week-by-week steps for each channel's verdict (announce, run side by side,
 * measure, decide), with the consent rules of the owner's country (data/SOURCES.md, consent
 * section). Every step is a message; the order is fixed (week, then channel, then step).
 */
import { ADVISED_CHANNELS, type AdvisedChannel } from './answers.js';
import type { Evaluation, Situation } from './evaluate.js';
import { type Message, message } from './message.js';

export interface Step {
  readonly week: number;
  readonly channel: AdvisedChannel;
  readonly message: Message;
}

/** The consent rule for marketing on a channel in a country. */
export function consentRule(country: string, channel: AdvisedChannel): Message {
  if (country === 'SG')
    return message(channel === 'email' ? 'engine.consent.sg_email' : 'engine.consent.sg_chat');
  if (country === 'ID') return message('engine.consent.id');
  if (country === 'MY') return message('engine.consent.my');
  return message('engine.consent.other');
}

function stepsFor(sit: Situation, evaluation: Evaluation, c: AdvisedChannel): Step[] {
  const verdict = evaluation.channels[c].verdict;
  const name = message(`engine.channel.${c}`);
  const primary = message(`engine.channel.${evaluation.primary}`);
  const isPrimary = evaluation.primary === c;
  const promotes = sit.purposes.includes('promotions');
  const consent = (week: number): Step => ({
    week,
    channel: c,
    message: message('engine.step.consent', { channel: name, rule: consentRule(sit.country, c) }),
  });
  const step = (week: number, key: string): Step => ({
    week,
    channel: c,
    message: message(key, { channel: name, primary }),
  });
  switch (verdict) {
    case 'keep': {
      const steps = [step(1, isPrimary ? 'engine.step.keep_primary' : 'engine.step.keep')];
      if (c === 'whatsapp_business' && sit.broadcastLarge && promotes)
        steps.push(step(1, 'engine.step.save_number'));
      if (promotes) steps.push(consent(1));
      return steps;
    }
    case 'add': {
      const steps: Step[] = [];
      if (c === 'whatsapp_business' && sit.whatsappPersonal) {
        steps.push(step(1, 'engine.step.move_to_business_app'), step(2, 'engine.step.whatsapp_profile'));
        if (promotes) steps.push(consent(2));
        return steps;
      }
      steps.push(step(1, `engine.step.create.${c}`), step(2, `engine.step.announce.${c}`), consent(2));
      steps.push(step(2, isPrimary ? 'engine.step.move_over' : 'engine.step.side_by_side'));
      steps.push(step(6, `engine.step.measure.${c}`));
      return steps;
    }
    case 'consider':
      return [step(1, 'engine.step.poll'), step(3, 'engine.step.decide')];
    case 'skip':
      // Nothing to do for an unused channel, unless nothing else is better: then measure first.
      if (!sit.inUse[c]) return isPrimary ? [step(1, 'engine.step.poll'), step(3, 'engine.step.decide')] : [];
      return [step(1, 'engine.step.tell_before_stopping'), step(4, 'engine.step.stop')];
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
