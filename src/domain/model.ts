/**
 * The model table: every weight and threshold the engine uses, in one frozen, versioned place.
 * Each entry is a named record with the message key of its label (engine.json); the method page
 * (GET /method, src/domain/method.ts) prints every one. Points per channel are named records
 * ({ whatsapp_business, telegram, email }), never positional numbers. A change to any number here
 * is a change of MODEL_VERSION (which every plan and printed report carries).
 *
 * Points are on the 0-100 score scale. A score is the sum of named factors, clamped to 0-100 and
 * rounded; thresholds turn it into a verdict; the order of evidence (evidence.ts) and the rules
 * that never harm (evaluate.ts) bound it. Reasoning: docs/decisions/014-model-2-order-of-evidence.md.
 */
import type { AdvisedChannel, PrivacyLevel, Purpose, Team, WhatsappFeature } from './answers.js';

export const MODEL_VERSION = '2.1.0';

/** A number of the model with the message key of its label (engine.json). */
export interface Weight {
  readonly value: number;
  readonly label: string;
}

export type PerChannel = Readonly<Record<AdvisedChannel, number>>;

/** A factor that gives each advised channel its own points. */
export interface ChannelWeight {
  readonly points: PerChannel;
  readonly label: string;
}

function w(value: number, label: string): Weight {
  return Object.freeze({ value, label: `engine.weight.${label}` });
}

function cw(points: PerChannel, label: string): ChannelWeight {
  return Object.freeze({ points: Object.freeze({ ...points }), label: `engine.weight.${label}` });
}

export const MODEL = Object.freeze({
  version: MODEL_VERSION,

  /** Points for reaching every customer (reach 1.0), before attention. */
  reach: w(80, 'reach'),
  /**
   * Attention: the share of a message's reach that reads it. A chat message is read by nearly
   * everyone who gets it; a Telegram channel post only by those who joined and did not mute it; a
   * newsletter by a minority (advice-review §5). Multiplies the reach points.
   */
  attention: cw({ whatsapp_business: 1, telegram: 0.9, email: 0.75 }, 'attention'),
  /**
   * Customers who use email but whose address the owner does not have cannot be reached until
   * the owner collects it: points taken per unit of that gap (reach minus the addresses on file).
   */
  addressesToCollect: w(-10, 'addresses_to_collect'),

  /** Continuity: a channel in use today keeps its conversations. Base + share of messages there. */
  inUseBase: w(10, 'in_use_base'),
  inUseShare: w(15, 'in_use_share'),

  /**
   * The owner's traffic (order of evidence, second): a channel carrying a share of the messages
   * is used by at least this fraction of that share of the customers (a few customers may write
   * more than others).
   */
  trafficReachFloor: w(0.8, 'traffic_reach_floor'),
  /**
   * A channel carrying at least this share of the messages is busy: its score is at least the
   * keep threshold (the floor rises in proportion below it), and it is never told to stop.
   */
  busyShare: w(0.3, 'busy_share'),

  /** WhatsApp Business features in use: what moving away would cost to rebuild. */
  whatsappFeatures: Object.freeze({
    catalog: w(5, 'feature_catalog'),
    broadcast: w(3, 'feature_broadcast'),
    quick_replies: w(2, 'feature_quick_replies'),
    labels: w(2, 'feature_labels'),
    away_message: w(2, 'feature_away_message'),
  } satisfies Record<WhatsappFeature, Weight>),

  /** What the messages are for: chat apps for bookings and support, email for receipts. */
  purposes: Object.freeze({
    appointments: cw({ whatsapp_business: 5, telegram: 3, email: 0 }, 'purpose_appointments'),
    support: cw({ whatsapp_business: 5, telegram: 3, email: 0 }, 'purpose_support'),
    orders: cw({ whatsapp_business: 4, telegram: 0, email: 0 }, 'purpose_orders'),
    catalog: cw({ whatsapp_business: 5, telegram: 0, email: 0 }, 'purpose_catalog'),
    receipts: cw({ whatsapp_business: 0, telegram: 0, email: 8 }, 'purpose_receipts'),
    promotions: cw({ whatsapp_business: 3, telegram: 2, email: 2 }, 'purpose_promotions'),
  } satisfies Record<Purpose, ChannelWeight>),
  /**
   * Promotions to more people than one WhatsApp broadcast list holds (256, only contacts who saved
   * the number). A WhatsApp Channel (one-way, unlimited followers, no saved number) answers that
   * first, so WhatsApp loses nothing; a Telegram channel or an email list also carry them.
   */
  promotionsLarge: cw({ whatsapp_business: 0, telegram: 3, email: 3 }, 'purpose_promotions_large'),
  broadcastListCap: w(256, 'broadcast_list_cap'),

  /**
   * Concerns, by what actually differs. Customers' privacy: WhatsApp chats (personal and Business
   * app) are end-to-end encrypted by default; Telegram's normal chats, groups and channels are not.
   * Customer data and competitors: Meta may use some WhatsApp Business activity (shopping) for its
   * advertising; Telegram shows sponsored messages in large public channels; an email list is the
   * business's own. One platform: an email list can move to any provider.
   */
  privacy: Object.freeze({
    none: cw({ whatsapp_business: 0, telegram: 0, email: 0 }, 'privacy_none'),
    some: cw({ whatsapp_business: 1, telegram: -2, email: 0 }, 'privacy_some'),
    high: cw({ whatsapp_business: 2, telegram: -4, email: 0 }, 'privacy_high'),
  } satisfies Record<PrivacyLevel, ChannelWeight>),
  competitorDataSharing: cw({ whatsapp_business: -3, telegram: 1, email: 3 }, 'competitor_data_sharing'),
  platformDependence: cw({ whatsapp_business: -2, telegram: 0, email: 6 }, 'platform_dependence'),

  /** Effort of one more inbox that is not in use yet, by who answers messages. */
  effort: Object.freeze({
    solo: w(-8, 'effort_solo'),
    small_team: w(-3, 'effort_small_team'),
    outsourced: w(-5, 'effort_outsourced'),
  } satisfies Record<Team, Weight>),

  /**
   * Verdict thresholds. In use: keep / consider / skip. Not in use: add / consider / skip.
   * Scores at or above a threshold get that verdict.
   */
  thresholds: Object.freeze({
    keep: w(55, 'threshold_keep'),
    considerInUse: w(35, 'threshold_consider_in_use'),
    add: w(60, 'threshold_add'),
    considerNew: w(40, 'threshold_consider_new'),
  }),
  /** A channel reaching under this share of customers is never "add" nor "keep" (unless busy). */
  minReachToRecommend: w(0.2, 'min_reach_to_recommend'),

  /** Main channel: keep/add channels within this reach of the best-reaching one may be main. */
  primaryReachMargin: w(0.1, 'primary_reach_margin'),

  /**
   * The owner's customer poll (Answers customers.poll, decision 025): the estimate Kanal would
   * show without the poll counts as this many answers, and the poll's k of n answers are added to
   * it: reach = (n0 * estimate + k) / (n0 + n). With 20, a poll of 20 answers counts for half.
   */
  pollPriorAnswers: w(20, 'poll_prior_answers'),

  /** whatWouldChange: the size of one step of who answers messages, in percentage points. */
  toggleSize: w(10, 'toggle_size'),
});

export type Model = typeof MODEL;
