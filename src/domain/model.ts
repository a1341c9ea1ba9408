/**
 * The model table: every weight and threshold the engine uses, in one frozen, versioned place.
 * Each entry has a message key for its label (engine.json); the method page (GET /method,
 * src/domain/method.ts) prints every one. A change to any number here is a change of
 * MODEL_VERSION (which every plan and printed report carries).
 *
 * Points are on the 0-100 score scale. A score is the sum of named factors, clamped to 0-100
 * and rounded; thresholds turn it into a verdict (docs/decisions/003-recommendation-model.md).
 */
import type { AdvisedChannel, PrivacyLevel, Purpose, Team, WhatsappFeature } from './answers.js';

export const MODEL_VERSION = '1.0.0';

/** A number of the model with the message key of its label (engine.json). */
export interface Weight {
  readonly value: number;
  readonly label: string;
}

type PerChannel = Readonly<Record<AdvisedChannel, number>>;

/** A factor that gives each advised channel its own points. */
export interface ChannelWeight {
  readonly points: PerChannel;
  readonly label: string;
}

function w(value: number, label: string): Weight {
  return Object.freeze({ value, label: `engine.weight.${label}` });
}

function cw(whatsapp_business: number, telegram: number, email: number, label: string): ChannelWeight {
  return Object.freeze({
    points: Object.freeze({ whatsapp_business, telegram, email }),
    label: `engine.weight.${label}`,
  });
}

export const MODEL = Object.freeze({
  version: MODEL_VERSION,

  /** Points for reaching every customer (reach 1.0); the main factor for every channel. */
  reach: w(80, 'reach'),

  /** Continuity: a channel in use today keeps its conversations. Base + share of messages there. */
  inUseBase: w(10, 'in_use_base'),
  inUseShare: w(15, 'in_use_share'),

  /** WhatsApp Business features in use: what moving away would cost to rebuild. */
  whatsappFeatures: Object.freeze({
    catalog: w(5, 'feature_catalog'),
    broadcast: w(3, 'feature_broadcast'),
    quick_replies: w(2, 'feature_quick_replies'),
    labels: w(2, 'feature_labels'),
    away_message: w(2, 'feature_away_message'),
  } satisfies Record<WhatsappFeature, Weight>),

  /** What the messages are for (WhatsApp Business, Telegram, email). */
  purposes: Object.freeze({
    appointments: cw(5, 3, 0, 'purpose_appointments'),
    support: cw(5, 3, 0, 'purpose_support'),
    orders: cw(4, 0, 0, 'purpose_orders'),
    catalog: cw(5, 0, 0, 'purpose_catalog'),
    receipts: cw(0, 0, 8, 'purpose_receipts'),
    promotions: cw(3, 2, 2, 'purpose_promotions'),
  } satisfies Record<Purpose, ChannelWeight>),
  /**
   * Promotions to more people than one WhatsApp broadcast list holds (256, and only contacts who
   * saved your number receive it): a Telegram channel (no subscriber cap) or email fits better.
   */
  promotionsLarge: cw(-4, 6, 6, 'purpose_promotions_large'),
  broadcastListCap: w(256, 'broadcast_list_cap'),

  /** Concerns: Meta seeing customer data; a list you own. */
  privacy: Object.freeze({
    none: cw(0, 0, 0, 'privacy_none'),
    some: cw(-2, 4, 4, 'privacy_some'),
    high: cw(-5, 8, 8, 'privacy_high'),
  } satisfies Record<PrivacyLevel, ChannelWeight>),
  competitorDataSharing: cw(-5, 5, 5, 'competitor_data_sharing'),
  platformDependence: cw(-2, 0, 8, 'platform_dependence'),

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
  /** A channel reaching under this share of customers is never "add" nor "keep". */
  minReachToRecommend: w(0.2, 'min_reach_to_recommend'),

  /**
   * Low-confidence estimates the owner has not measured: the score moves toward the middle of
   * the "consider" band, score' = middle + slope x (score - middle). Affine with a positive
   * slope, so every "never lowers" property still holds.
   */
  lowConfidenceSlope: w(0.6, 'low_confidence_slope'),

  /** Primary: keep/add channels within this reach of the best-reaching one may be primary. */
  primaryReachMargin: w(0.1, 'primary_reach_margin'),

  /** whatWouldChange: the size of a yes/no change or one step of a choice, in percentage points. */
  toggleSize: w(10, 'toggle_size'),
});

export type Model = typeof MODEL;

/** The middle of the "consider" band, where low-confidence scores are pulled. */
export function considerMiddle(inUse: boolean): number {
  const t = MODEL.thresholds;
  return inUse ? (t.considerInUse.value + t.keep.value) / 2 : (t.considerNew.value + t.add.value) / 2;
}
