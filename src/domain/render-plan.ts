/**
 * The plan as the engine makes it (messages only) and renderPlan, the one place that adds the
 * rendered `text` the contract shows (answers-contract.md): the API, the CLI and storage get a
 * rendered Plan; pages render the messages at the edge, in the reader's language.
 */
import type { AdvisedChannel } from './answers.js';
import type { Message, Translate } from './message.js';
import type { ChannelAdvice, Plan } from './plan-schema.js';

/** A reason before rendering. */
export interface PlanReason {
  readonly code: string;
  readonly message: Message;
  readonly from: readonly string[];
  readonly sources: readonly string[];
}

export type MessageChannelAdvice = Omit<ChannelAdvice, 'reasons'> & {
  readonly reasons: readonly PlanReason[];
};

/** What plan() returns: every sentence a Message, no rendered text, no language. */
export interface MessagePlan
  extends Omit<
    Plan,
    'language' | 'channels' | 'otherChannels' | 'whatWouldChange' | 'actionPlan' | 'notes' | 'headline'
  > {
  readonly channels: Readonly<Record<AdvisedChannel, MessageChannelAdvice>>;
  readonly otherChannels: Readonly<Record<string, { readonly reasons: readonly PlanReason[] }>>;
  readonly whatWouldChange: readonly Omit<Plan['whatWouldChange'][number], 'change'>[];
  readonly actionPlan: readonly Omit<Plan['actionPlan'][number], 'step'>[];
  readonly notes: readonly { readonly code: string; readonly message: Message }[];
}

function reasons(list: readonly PlanReason[], translate: Translate): Plan['channels']['email']['reasons'] {
  return list.map((r) => ({
    code: r.code,
    text: translate(r.message),
    message: r.message,
    from: [...r.from],
    sources: [...r.sources],
  }));
}

function advice(a: MessageChannelAdvice, translate: Translate): ChannelAdvice {
  return {
    verdict: a.verdict,
    primary: a.primary,
    score: a.score,
    reach: a.reach,
    reachBySegment: a.reachBySegment,
    inUse: a.inUse,
    confidence: a.confidence,
    measured: a.measured,
    evidence: a.evidence,
    factors: a.factors.map((f) => ({ factor: f.factor, points: f.points })),
    reasons: reasons(a.reasons, translate),
  };
}

/**
 * Adds the rendered text to every sentence of a plan, in the key order of the Plan schema.
 * `language` is the language `translate` renders (recorded in the plan).
 */
export function renderPlan(p: MessagePlan, translate: Translate, language = 'en'): Plan {
  const otherChannels: Plan['otherChannels'] = {};
  for (const [c, o] of Object.entries(p.otherChannels))
    otherChannels[c] = { reasons: reasons(o.reasons, translate) };
  return {
    version: p.version,
    modelVersion: p.modelVersion,
    dataVersion: p.dataVersion,
    language,
    country: p.country,
    dataCountry: p.dataCountry,
    dataTier: p.dataTier,
    channels: {
      whatsapp_business: advice(p.channels.whatsapp_business, translate),
      telegram: advice(p.channels.telegram, translate),
      email: advice(p.channels.email, translate),
    },
    otherChannels,
    switching: {
      telegram: { customersLostPercent: p.switching.telegram.customersLostPercent },
      email: { customersLostPercent: p.switching.email.customersLostPercent },
    },
    whatWouldChange: p.whatWouldChange.map((w) => ({
      channel: w.channel,
      to: w.to,
      change: translate(w.message),
      message: w.message,
      path: w.path,
    })),
    actionPlan: p.actionPlan.map((s) => ({
      week: s.week,
      channel: s.channel,
      step: translate(s.message),
      message: s.message,
    })),
    notes: p.notes.map((n) => ({ code: n.code, text: translate(n.message), message: n.message })),
    sources: p.sources.map((s) => ({ id: s.id, title: s.title, year: s.year })),
    headline: translate(p.headlineMessage),
    headlineMessage: p.headlineMessage,
  };
}
