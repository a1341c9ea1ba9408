/**
 * Reasons: every factor of a score as a sentence (a message key with parameters), traced to the
 * answers it came from (`from`) and the data sources behind any figure in it (`sources`).
 */

import type { ChannelProfile } from './adoption.js';
import {
  ADVISED_CHANNELS,
  type AdvisedChannel,
  AGE_GROUPS,
  type Answers,
  POLL_CELL_MIN,
  type WhatsappFeature,
} from './answers.js';
import { channelDefinition } from './channels.js';
import { countryInText } from './countries.js';
import {
  DATA_CHANNEL,
  type Evaluation,
  type Factor,
  isBusy,
  POLL_APP,
  personalOnly,
  round3,
  type Situation,
} from './evaluate.js';
import type { ReachEvidence } from './evidence.js';
import { constantMessage, listOf, type Message, message } from './message.js';
import { borrowedNote, placeName } from './method.js';
import { MODEL } from './model.js';
import { rangePercents, storedAppResult } from './poll.js';

export interface DomainReason {
  readonly code: string;
  readonly message: Message;
  readonly from: readonly string[];
  readonly sources: readonly string[];
}

/** One constant message per name (they recur in every plan; renderers remember them by identity). */
function named(prefix: string): (id: string) => Message {
  const made = new Map<string, Message>();
  return (id) => {
    let msg = made.get(id);
    if (msg === undefined) {
      msg = constantMessage(`${prefix}${id}`);
      made.set(id, msg);
    }
    return msg;
  };
}

/** A channel's name ("WhatsApp Business", "Telegram", "SMS"). */
export const channelName: (c: string) => Message = named('engine.channel.');
/**
 * The app customers use, for sentences about reach: customers use WhatsApp, while the business
 * uses WhatsApp Business (channelName).
 */
export const appName: (c: AdvisedChannel) => Message = named('engine.app.');

/**
 * The name of the channel whose share of the messages a text gives: WhatsApp's share counts both
 * apps (Situation.share), so with personal WhatsApp in use it is "WhatsApp", never "WhatsApp
 * Business" (an account the owner may not have).
 */
export function trafficName(sit: Pick<Situation, 'whatsappPersonal'>, c: AdvisedChannel): Message {
  return c === 'whatsapp_business' && sit.whatsappPersonal ? appName(c) : channelName(c);
}

/**
 * The name of the app the owner uses for a channel today: "personal WhatsApp" where that is the
 * only WhatsApp in use, so stopping it never means closing a Business account they never had.
 */
export function usedName(sit: Pick<Situation, 'inUse' | 'listed'>, c: AdvisedChannel): Message {
  return c === 'whatsapp_business' && personalOnly(sit, c)
    ? channelName('whatsapp_personal')
    : channelName(c);
}

const featureName: (f: WhatsappFeature) => Message = named('engine.feature.');
const pct = (share: number) => Math.round(share * 100);

const DECADE_START = [0, 20, 30, 40, 50, 60];

/**
 * The shortest run of neighbouring decades holding at least half of the customers (ties: the run
 * holding more, then the younger), as words: "aged 20 to 39", "under 30", "aged 50 or over".
 */
export function mainAgeRange(mix: readonly number[]): { first: number; last: number; words: Message } {
  let bestFirst = 0;
  let bestLast = mix.length - 1;
  let bestShare = -1;
  for (let length = 1; length <= mix.length && bestShare < 0; length++) {
    for (let first = 0; first + length <= mix.length; first++) {
      let share = 0;
      for (let d = first; d < first + length; d++) share += mix[d]!;
      // Compare in tenths of a percent so float noise cannot pick a different run.
      const rounded = Math.round(share * 1000);
      if (rounded >= 500 && rounded > bestShare) {
        bestShare = rounded;
        bestFirst = first;
        bestLast = first + length - 1;
      }
    }
  }
  const last = mix.length - 1;
  let words: Message;
  if (bestFirst === 0 && bestLast === last) words = message('engine.ages.all');
  else if (bestFirst === 0) words = message('engine.ages.under', { to: DECADE_START[bestLast + 1]! });
  else if (bestLast === last) words = message('engine.ages.over', { from: DECADE_START[bestFirst]! });
  else
    words = message('engine.ages.range', {
      from: DECADE_START[bestFirst]!,
      to: DECADE_START[bestLast + 1]! - 1,
    });
  return { first: bestFirst, last: bestLast, words };
}

export function countryWords(sit: Situation): Message {
  return countryInText(sit.country);
}

/** The answer path of the owner's poll figure for a channel (WhatsApp may come from either app). */
export function knownPath(answers: Answers, c: AdvisedChannel): string {
  const kcu = answers.customers.knownChannelUse ?? {};
  if (c === 'whatsapp_business' && kcu.whatsapp_business === undefined) {
    return 'customers.knownChannelUse.whatsapp_personal';
  }
  return `customers.knownChannelUse.${c}`;
}

/** A region's name, made once per code (a constant message: the render memo knows it by identity). */
const regionNames = new Map<string, Message>();
export function regionName(code: string): Message {
  let name = regionNames.get(code);
  if (name === undefined) {
    name = placeName(code);
    regionNames.set(code, name);
  }
  return name;
}

/**
 * "Borrowed: age pattern from Russia, 2024." for a series whose shape or level comes from another
 * place or an earlier year (the words of the method page, borrowedNote), made once per series.
 */
const borrowedNotes = new WeakMap<ChannelProfile, Message | string>();
function borrowedOf(data: ChannelProfile, code: string): Message | string {
  let note = borrowedNotes.get(data);
  if (note === undefined) {
    note = borrowedNote(data, code, regionName);
    borrowedNotes.set(data, note);
  }
  return note;
}

const TIER_KEY = Object.freeze({
  country: 'engine.reason.reach_estimate',
  region: 'engine.reason.reach_estimate_region',
  world: 'engine.reason.reach_estimate_global',
});

/** The reach reason: the evidence that decided it, strongest first (evidence.ts). */
function reachReasons(answers: Answers, sit: Situation, c: AdvisedChannel, r: ReachEvidence): DomainReason[] {
  const data = sit.profile.channels[DATA_CHANNEL[c]];
  const sources = data.sources;
  const app = appName(c);
  const out: DomainReason[] = [];
  switch (r.kind) {
    case 'measured':
      out.push({
        code: 'reach_measured',
        message: message('engine.reason.reach_measured', {
          percent: pct(r.reach),
          app,
          estimate: pct(r.unpolled),
        }),
        from: [knownPath(answers, c), 'customers.ageMix', 'business.country'],
        sources,
      });
      break;
    case 'poll':
      out.push(pollReason(sit, c, r, sources));
      break;
    case 'on_file':
      out.push({
        code: 'reach_on_file',
        message: message('engine.reason.reach_on_file', { percent: pct(r.reach), estimate: pct(r.estimate) }),
        from: ['customers.emailOnFilePercent'],
        sources: [],
      });
      break;
    case 'traffic':
      out.push({
        code: 'reach_traffic',
        message: message(
          sit.shareGiven[c] ? 'engine.reason.reach_traffic' : 'engine.reason.reach_traffic_unstated',
          {
            percent: pct(r.reach),
            channel: trafficName(sit, c),
            share: pct(sit.share[c]),
            estimate: pct(r.estimate),
          },
        ),
        from: ['channels', 'customers.ageMix', 'business.country'],
        sources,
      });
      break;
    default: {
      const ages = mainAgeRange(sit.mix);
      let inRange = 0;
      let users = 0;
      const p = data.byDecade;
      for (let d = ages.first; d <= ages.last; d++) {
        inRange += sit.mix[d]!;
        users += sit.mix[d]! * p[d]!;
      }
      out.push({
        code: 'reach_estimate',
        message: message(TIER_KEY[sit.tier], {
          percent: pct(r.estimate),
          app,
          ages: ages.words,
          groupPercent: pct(round3(users / inRange)),
          country: countryWords(sit),
          ...(sit.tier === 'region' ? { region: regionName(sit.profile.code) } : {}),
          sources: data.sourceTitles,
          borrowed: borrowedOf(data, sit.profile.code),
        }),
        from: ['customers.ageMix', 'business.country'],
        sources,
      });
    }
  }
  // A typed share comes before the poll: say that the poll was set aside, and how to use it.
  if (r.kind === 'measured' && sit.poll[c] !== undefined) {
    out.push({
      code: 'poll_set_aside',
      message: message('engine.reason.poll_set_aside', { app }),
      from: [knownPath(answers, c), pollPath(c)],
      sources: [],
    });
  }
  if (r.reach < MODEL.minReachToRecommend.value && !isBusy(sit.share[c])) {
    out.push({
      code: 'reach_too_low',
      message: message(
        channelDefinition(c).chat ? 'engine.reason.reach_too_low' : 'engine.reason.reach_too_low_email',
        {
          app,
          percent: pct(r.reach),
        },
      ),
      from:
        r.kind === 'measured'
          ? [knownPath(answers, c)]
          : r.kind === 'poll'
            ? [pollPath(c), 'customers.poll.responses']
            : ['customers.ageMix', 'business.country'],
      sources,
    });
  }
  return out;
}

/** The answer path of a channel's count in the customer poll. */
export function pollPath(c: AdvisedChannel): string {
  return `customers.poll.counts.${POLL_APP[c]}`;
}

const POLL_KEY = Object.freeze({
  shown: 'engine.reason.reach_poll',
  fewer: 'engine.reason.reach_poll_fewer',
  most: 'engine.reason.reach_poll_most',
});

/**
 * "12 of the 30 customers who answered your poll use Telegram (40%); among all your customers
 * probably between 25% and 58%." Then how the plan uses it: those who answer a QR poll are phone
 * users, so the poll is added to the figure Kanal had (worth MODEL.pollPriorAnswers answers).
 * A withheld count is said as "fewer than 5" or "all but fewer than 5", never as its number.
 */
function pollReason(
  sit: Situation,
  c: AdvisedChannel,
  r: ReachEvidence,
  sources: readonly string[],
): DomainReason {
  const n = sit.poll[c]!.n;
  const count = sit.pollCounts[c]!;
  const shown = storedAppResult(count, n);
  const n0 = MODEL.pollPriorAnswers.value;
  const params = {
    app: appName(c),
    responses: n,
    min: POLL_CELL_MIN,
    ...rangePercents(shown),
    reach: pct(r.reach),
    prior: pct(r.prior),
    priorAnswers: n0,
    own: pct(n / (n + n0)),
    basis: message(
      r.prior > r.estimate ? 'engine.reason.poll_basis.traffic' : 'engine.reason.poll_basis.estimate',
    ),
  };
  return {
    code: 'reach_poll',
    message:
      shown.count === null
        ? message(POLL_KEY[shown.withheld], params)
        : message(POLL_KEY.shown, { ...params, users: shown.count, percent: pct(shown.share) }),
    from: [pollPath(c), 'customers.poll.responses', 'customers.ageMix', 'business.country'],
    sources,
  };
}

/**
 * `<prefix><channel>` for each advised channel, made once: a key built anew for every plan would
 * be a new string each time, which costs more to look up (render memo) than the same string.
 */
export function channelKeys(prefix: string): Readonly<Record<AdvisedChannel, string>> {
  return Object.freeze({
    whatsapp_business: `${prefix}whatsapp_business`,
    telegram: `${prefix}telegram`,
    email: `${prefix}email`,
  });
}

const PROMOTIONS_LARGE_KEY = channelKeys('engine.reason.promotions_large.');

const FEATURE_ORDER: readonly WhatsappFeature[] = [
  'catalog',
  'broadcast',
  'quick_replies',
  'labels',
  'away_message',
];

/** A factor's reason: its sentence names the channel, with no sources. (Module level: no closure per call.) */
function simpleReason(
  code: string,
  name: Message,
  key: string,
  from: readonly string[],
  params: Record<string, Message | string | number>,
): DomainReason {
  return { code, message: message(key, { channel: name, ...params }), from, sources: [] };
}

/**
 * Reasons that depend on nothing but their factor and channel (a concern, a purpose, the effort of
 * a new inbox): made once each, with a constant message, and shared by every plan.
 */
const fixedReasons = new Map<string, (DomainReason | undefined)[]>();

function fixedReason(
  code: string,
  c: AdvisedChannel,
  /** The message key is `engine.reason.<stem>`, with `.<channel>` when the words differ per channel. */
  stem: string,
  perChannel: boolean,
  from: readonly string[],
): DomainReason {
  let row = fixedReasons.get(code);
  if (row === undefined) {
    row = [];
    fixedReasons.set(code, row);
  }
  const i = ADVISED_CHANNELS.indexOf(c);
  let reason = row[i];
  if (reason === undefined) {
    const key = perChannel ? `engine.reason.${stem}.${c}` : `engine.reason.${stem}`;
    reason = Object.freeze({
      code,
      message: constantMessage(key, { channel: channelName(c) }),
      from: Object.freeze([...from]),
      sources: Object.freeze([]),
    });
    row[i] = reason;
  }
  return reason;
}

/** The reason for one non-reach factor of one channel. */
function factorReason(
  answers: Answers,
  sit: Situation,
  c: AdvisedChannel,
  f: Factor,
  r: ReachEvidence,
): DomainReason {
  const name = channelName(c);
  const code = f.factor;
  const given = sit.shareGiven[c];
  switch (code) {
    case 'in_use':
      return given
        ? simpleReason(code, name, 'engine.reason.in_use', ['channels'], { share: pct(sit.share[c]) })
        : simpleReason(code, name, 'engine.reason.in_use_unstated', ['channels'], {});
    case 'in_use_personal':
      return given
        ? simpleReason(code, name, 'engine.reason.in_use_personal', ['channels'], {
            share: pct(sit.share[c]),
          })
        : simpleReason(code, name, 'engine.reason.in_use_personal_unstated', ['channels'], {});
    case 'busy_floor':
      return given
        ? simpleReason(code, trafficName(sit, c), 'engine.reason.busy_floor', ['channels'], {
            share: pct(sit.share[c]),
          })
        : simpleReason(code, trafficName(sit, c), 'engine.reason.busy_floor_unstated', ['channels'], {
            share: pct(sit.share[c]),
          });
    case 'traffic_floor':
      return given
        ? simpleReason(code, trafficName(sit, c), 'engine.reason.traffic_floor', ['channels'], {
            share: pct(sit.share[c]),
          })
        : simpleReason(code, trafficName(sit, c), 'engine.reason.traffic_floor_unstated', ['channels'], {});
    case 'main_floor':
      return simpleReason(
        code,
        name,
        'engine.reason.main_floor',
        ['customers.ageMix', 'business.country'],
        {},
      );
    case 'addresses_to_collect':
      return sit.emailOnFile === undefined
        ? simpleReason(
            code,
            name,
            'engine.reason.addresses_none',
            ['customers.emailOnFilePercent', 'channels'],
            {
              percent: pct(r.reach),
            },
          )
        : simpleReason(code, name, 'engine.reason.addresses_to_collect', ['customers.emailOnFilePercent'], {
            onFile: pct(sit.emailOnFile),
            percent: pct(r.toCollect),
          });
    case 'whatsapp_features':
      return simpleReason(code, name, 'engine.reason.whatsapp_features', ['whatsappFeatures'], {
        features: listOf(FEATURE_ORDER.filter((x) => sit.features.includes(x)).map(featureName)),
      });
    case 'purpose_promotions_large':
      return simpleReason(code, name, PROMOTIONS_LARGE_KEY[c], ['purposes', 'broadcastAudience'], {
        audience: answers.broadcastAudience ?? 0,
      });
    case 'competitor_data_sharing':
      return fixedReason(code, c, 'data_use', true, ['concerns.competitorDataSharing']);
    case 'platform_dependence':
      return fixedReason(code, c, 'platform', true, ['concerns.platformDependence']);
    default:
      if (code.startsWith('privacy_'))
        return fixedReason(code, c, `privacy.${code.slice('privacy_'.length)}`, true, [
          'concerns.customerPrivacy',
        ]);
      if (code.startsWith('effort_')) return fixedReason(code, c, code, false, ['team', 'channels']);
      if (code.startsWith('purpose_')) return fixedReason(code, c, code, true, ['purposes']);
      throw new Error(`No reason text for factor "${code}".`);
  }
}

export function channelReasons(
  answers: Answers,
  sit: Situation,
  evaluation: Evaluation,
  c: AdvisedChannel,
): DomainReason[] {
  const ev = evaluation.channels[c];
  const out = reachReasons(answers, sit, c, ev.reach);
  // Attention: a channel whose messages fewer recipients read than a chat's says so.
  if (MODEL.attention.points[c] < 1 && ev.reach.reach > 0)
    out.push(fixedReason('attention', c, `attention`, true, ['customers.ageMix']));
  for (const f of ev.factors) if (f.factor !== 'reach') out.push(factorReason(answers, sit, c, f, ev.reach));
  if (c === 'whatsapp_business' && (sit.competitor || sit.privacy !== 'none')) {
    out.push({
      code: 'facts_2021',
      message: FACTS_2021,
      from: sit.competitor ? ['concerns.competitorDataSharing'] : ['concerns.customerPrivacy'],
      sources: [],
    });
  }
  // Moving off WhatsApp is a question only for a business that is on it.
  if (c === 'whatsapp_business' && sit.listed.whatsapp_business) {
    out.push({
      code: 'switching_loss',
      message: message('engine.reason.switching_loss', {
        telegram: evaluation.switching.telegram,
        email: evaluation.switching.email,
      }),
      from: ['customers.ageMix', 'business.country'],
      sources: sit.profile.sources,
    });
  }
  return out;
}

const FACTS_2021 = constantMessage('engine.reason.facts_2021');

/** Reasons for a channel in use that Kanal has no age data for. */
export function otherChannelReasons(
  answers: Answers,
  channel: string,
  share: { readonly share: number; readonly given: boolean; readonly carriesMost: boolean },
): DomainReason[] {
  if (channel === 'whatsapp_personal') {
    return [
      {
        code: 'same_as_whatsapp',
        message: message('engine.other.whatsapp_personal'),
        from: ['channels'],
        sources: [],
      },
    ];
  }
  const out: DomainReason[] = [
    {
      code: 'no_age_data',
      message: share.given
        ? message('engine.other.no_age_data', { channel: channelName(channel), share: pct(share.share) })
        : message('engine.other.no_age_data_unstated', { channel: channelName(channel) }),
      from: ['channels'],
      sources: [],
    },
  ];
  if (share.carriesMost) {
    out.push({
      code: 'carries_most',
      message: message('engine.other.carries_most', { channel: channelName(channel) }),
      from: ['channels'],
      sources: [],
    });
  }
  if (channel === 'sms' && answers.business.country === 'SG') {
    out.push({
      code: 'sg_dnc',
      message: message('engine.other.sg_sms_dnc'),
      from: ['business.country'],
      sources: [],
    });
  }
  return out;
}

/** Decades in AGE_GROUPS order, re-exported for callers that label reach by segment. */
export { AGE_GROUPS };
