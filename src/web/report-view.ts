/**
 * The report's view model: every sentence rendered from the plan's messages in the reader's
 * language (not the stored English text), numbers through Intl.
 */
import type { StoredPlan } from '../db/store.js';
import { ADVISED_CHANNELS, type AdvisedChannel } from '../domain/answers.js';
import { type ChannelState, comparePlans } from '../domain/compare.js';
import { listOf, message } from '../domain/message.js';
import { leadingOtherOf, saysSwitching } from '../domain/plan.js';
import type { Plan, Verdict } from '../domain/plan-schema.js';
import { type QrShape, qrShapeSync } from './qr.js';
import { countryName, dayText, type Words } from './view-models.js';

export interface ChannelCardVM {
  readonly channel: AdvisedChannel;
  readonly id: string;
  readonly name: string;
  readonly verdict: Verdict;
  readonly verdictLabel: string;
  readonly primary: boolean;
  readonly reach: string;
  readonly reachText: string;
  readonly inUse: boolean;
  readonly confidence: string;
  readonly reasons: readonly string[];
  readonly changes: readonly string[];
}

export interface ReportVM {
  readonly heading: string;
  readonly headline: string;
  readonly businessName?: string;
  readonly country: string;
  readonly dataNote?: string;
  readonly cards: readonly ChannelCardVM[];
  readonly others: readonly { name: string; reach?: string; reasons: readonly string[] }[];
  readonly switching: readonly string[];
  /**
   * The fold holding the other channels and the switching cost: its heading, and whether each part
   * has its own (only when both are there); undefined when neither is.
   */
  readonly more?: { readonly title: string; readonly subheadings: boolean };
  readonly weeks: readonly { heading: string; steps: readonly { channel: string; text: string }[] }[];
  readonly notes: readonly string[];
  readonly sources: readonly { title: string; year: string }[];
  readonly method: readonly { key: string; value: string }[];
  readonly created: string;
  readonly expires: string;
  /** "Made on …" or "Last changed on …": the date the printed header shows. */
  readonly dated: string;
  /** "Kanal model 1.0.0, data 2026-11" for the printed header. */
  readonly versions: string;
  /** The report's full address (from BASE_URL or the request's host; never the owner key). */
  readonly reportUrl: string;
  /** A QR code of reportUrl, drawn by partials/qr-svg. */
  readonly reportQr: QrShape;
  /** What changed since the version before the owner's last change (screen only). */
  readonly comparison?: ComparisonVM;
}

export interface ComparisonVM {
  readonly intro: string;
  readonly rows: readonly { name: string; before: string; now: string; changed: boolean }[];
  readonly answers: string;
  readonly model?: string;
}

/** The earlier plan next to this one: each channel before and now, and the answers changed. */
function comparisonOf(w: Words, stored: StoredPlan): ComparisonVM | undefined {
  const previous = stored.previous;
  if (previous === undefined) return undefined;
  const { tr } = w;
  const t = tr.t;
  const diff = comparePlans(previous, stored);
  const stateText = (s: ChannelState) =>
    t(s.primary ? 'web.report.compare_state_primary' : 'web.report.compare_state', {
      verdict: t(`web.verdict.${s.verdict}`),
      reach: tr.formatPercent(s.reach),
    });
  // The poll is said in a sentence of its own: the owner applied it rather than changing an answer.
  const changed = listOf(
    diff.answersChanged.filter((path) => path !== 'customers.poll').map((path) => message(`fields.${path}`)),
  );
  const poll = stored.answers.customers.poll;
  const pollText =
    diff.poll === undefined
      ? undefined
      : diff.poll === 'removed' || poll === undefined
        ? t('poll.compare.removed')
        : t('poll.compare.applied', {
            responses: poll.responses,
            date: dayText(tr, poll.on),
          });
  const answersText =
    changed === ''
      ? undefined
      : t('web.report.compare_answers', {
          answers: typeof changed === 'string' ? changed : tr.render(changed),
        });
  return {
    intro: t(changed === '' && diff.poll === 'applied' ? 'poll.compare.intro' : 'web.report.compare_intro', {
      date: tr.formatDate(previous.at),
    }),
    rows: diff.channels.map((c) => ({
      name: t(`channel.${c.channel}`),
      before: stateText(c.before),
      now: stateText(c.now),
      changed: c.changed,
    })),
    // Both sentences joined as the language joins sentences (no space after "。" in Chinese).
    answers:
      answersText === undefined && pollText === undefined
        ? t('web.report.compare_no_answers')
        : answersText === undefined || pollText === undefined
          ? (answersText ?? pollText!)
          : t('web.report.compare_answers_and_poll', { answers: answersText, poll: pollText }),
    model: diff.modelChanged
      ? t('web.report.compare_model', {
          before: t('web.report.versions', {
            model: previous.plan.modelVersion,
            data: previous.plan.dataVersion,
          }),
        })
      : undefined,
  };
}

export function buildReport(w: Words, stored: StoredPlan, opts: { reportUrl: string }): ReportVM {
  const { tr } = w;
  const { plan, answers } = stored;
  const t = tr.t;
  const channelName = (c: string) => t(`channel.${c}`);
  const order = [...ADVISED_CHANNELS].sort(
    (a, b) => Number(plan.channels[b].primary) - Number(plan.channels[a].primary),
  );

  // Another channel carrying most messages is the main one (the headline says so): no badge then.
  const leadsElsewhere = leadingOtherOf(plan) !== undefined;
  const cards = order.map((c): ChannelCardVM => {
    const advice = plan.channels[c];
    const reach = tr.formatPercent(advice.reach);
    return {
      channel: c,
      id: `channel-${c}`,
      name: channelName(c),
      verdict: advice.verdict,
      verdictLabel: t(`web.verdict.${advice.verdict}`),
      primary: advice.primary && !leadsElsewhere,
      reach,
      reachText: t(advice.measured ? 'web.report.reach_measured' : 'web.report.reach_estimated', { reach }),
      inUse: advice.inUse,
      confidence: t('web.report.confidence', { level: t(`web.confidence.${advice.confidence}`) }),
      reasons: advice.reasons.map((r) => tr.render(r.message)),
      changes: plan.whatWouldChange
        .filter((x) => x.channel === c)
        .map((x) =>
          t('web.report.would_change', { change: tr.render(x.message), verdict: t(`web.verdict.${x.to}`) }),
        ),
    };
  });

  const others = Object.entries(plan.otherChannels).map(([c, o]) => ({
    name: channelName(c),
    reach: o.reach === undefined ? undefined : tr.formatPercent(o.reach),
    reasons: o.reasons.map((r) => tr.render(r.message)),
  }));

  // The channels the plan gives a loss for (the stored shape: leaving WhatsApp for each of them),
  // in the channels' own order.
  // None for a business not on WhatsApp: it has nothing to leave (saysSwitching).
  const switchTargets = saysSwitching(plan)
    ? ADVISED_CHANNELS.filter((c): c is keyof Plan['switching'] => c in plan.switching)
    : [];
  const switching = switchTargets.map((to) =>
    t('web.report.switching_line', {
      channel: channelName(to),
      lost: tr.formatPercent(plan.switching[to].customersLostPercent / 100),
    }),
  );

  const weekNumbers = [...new Set(plan.actionPlan.map((s) => s.week))].sort((a, b) => a - b);
  const weeks = weekNumbers.map((week) => ({
    heading: t('web.report.week', { week: tr.formatNumber(week) }),
    steps: plan.actionPlan
      .filter((s) => s.week === week)
      .map((s) => ({ channel: channelName(s.channel), text: tr.render(s.message) })),
  }));

  const dataNote =
    plan.dataCountry === plan.country
      ? undefined
      : t('web.report.global_data', { country: countryName(tr, plan.country, 'in_text') });

  return {
    heading: t('web.report.title'),
    headline: tr.render(plan.headlineMessage),
    businessName: answers.business.name,
    country: countryName(tr, plan.country, 'in_text'),
    dataNote,
    cards,
    others,
    switching,
    more:
      others.length === 0 && switching.length === 0
        ? undefined
        : {
            title: t(
              others.length === 0
                ? 'web.report.switching_title'
                : switching.length === 0
                  ? 'web.report.others_title'
                  : 'web.report.more_title',
            ),
            subheadings: others.length > 0 && switching.length > 0,
          },
    weeks,
    notes: plan.notes.map((n) => tr.render(n.message)),
    sources: plan.sources.map((s) => ({ title: s.title, year: String(s.year) })),
    method: [
      { key: t('web.report.model_version'), value: plan.modelVersion },
      { key: t('web.report.data_version'), value: plan.dataVersion },
      {
        key: t('web.report.data_country'),
        value: plan.dataCountry === plan.country ? countryName(tr, plan.country) : t('web.report.global'),
      },
    ],
    created: tr.formatDate(stored.createdAt),
    expires: tr.formatDate(stored.expiresAt),
    dated:
      stored.updatedAt.getTime() > stored.createdAt.getTime()
        ? t('web.report.changed_on', { date: tr.formatDate(stored.updatedAt) })
        : t('web.report.made_on', { date: tr.formatDate(stored.createdAt) }),
    versions: t('web.report.versions', { model: plan.modelVersion, data: plan.dataVersion }),
    reportUrl: opts.reportUrl,
    reportQr: qrShapeSync(opts.reportUrl),
    comparison: comparisonOf(w, stored),
  };
}
