/**
 * The advised channels as data: ONE list of definitions that the engine (evaluate, reasons, the
 * action plan, whatWouldChange), the plan schema, the kit, the report's charts and the method page
 * iterate over. Adding a channel means adding a definition here (and its weights in model.ts,
 * which `satisfies` makes the compiler demand), its words in locales/en/engine.json and kit.json,
 * and its adoption series in the data.
 *
 * The ids themselves are part of the Answers contract (answers.ts: ADVISED_CHANNELS); this list
 * gives each one what the engine needs to know about it.
 */
import { DATA_CHANNELS, type DataChannel } from './adoption.js';
import { ADVISED_CHANNELS, type AdvisedChannel, type Channel } from './answers.js';

export interface ChannelDefinition {
  readonly id: AdvisedChannel;
  /** Its index in ADVISED_CHANNELS (the order of every per-channel array). */
  readonly index: number;
  /** The adoption series that says who uses the app (both WhatsApp apps reach the same people). */
  readonly data: DataChannel;
  /** Listed channels that count as this one being in use (personal WhatsApp counts for WhatsApp Business). */
  readonly sameAudience: readonly Channel[];
  /** Answer paths of an owner's count of customers who use it (the first given wins). */
  readonly knownPaths: readonly Channel[];
  /** A chat app (quick back-and-forth) rather than a mailbox. */
  readonly chat: boolean;
  /** Reachable only at addresses the owner has collected (email): the addresses on file matter. */
  readonly needsAddresses: boolean;
  /** Messages go to phone numbers (Do Not Call rules where they exist). */
  readonly phoneNumbers: boolean;
  /** The kit's link for it. */
  readonly link: 'wa_me' | 't_me' | 'mailto';
  /** Tie order for the main channel: the one customers already have first (lower wins). */
  readonly primaryTieOrder: number;
  /** Message key of its name ("WhatsApp Business"): charts, tables, the method page. */
  readonly label: `channel.${AdvisedChannel}`;
  /**
   * How the report's charts draw its series: a fill pattern that tells it apart without colour
   * (each channel its own) and a dark colour for the pattern's ground and every bar's outline
   * (3:1 against white, WCAG 1.4.11).
   */
  readonly chart: { readonly pattern: ChartPattern; readonly colour: string };
}

/** The fill patterns views/partials/chart-reach.ejs can draw. */
export const CHART_PATTERNS = ['solid', 'hatch', 'dots'] as const;
export type ChartPattern = (typeof CHART_PATTERNS)[number];

const DEFINITIONS: Readonly<Record<AdvisedChannel, Omit<ChannelDefinition, 'id' | 'index' | 'label'>>> = {
  whatsapp_business: {
    data: 'whatsapp',
    sameAudience: ['whatsapp_personal'],
    knownPaths: ['whatsapp_business', 'whatsapp_personal'],
    chat: true,
    needsAddresses: false,
    phoneNumbers: true,
    link: 'wa_me',
    primaryTieOrder: 0,
    chart: { pattern: 'solid', colour: '#1d6b40' },
  },
  telegram: {
    data: 'telegram',
    sameAudience: [],
    knownPaths: ['telegram'],
    chat: true,
    needsAddresses: false,
    phoneNumbers: false,
    link: 't_me',
    primaryTieOrder: 2,
    chart: { pattern: 'hatch', colour: '#1f5f99' },
  },
  email: {
    data: 'email',
    sameAudience: [],
    knownPaths: ['email'],
    chat: false,
    needsAddresses: true,
    phoneNumbers: false,
    link: 'mailto',
    primaryTieOrder: 1,
    chart: { pattern: 'dots', colour: '#6a3d8f' },
  },
};

/** Every advised channel's definition, in ADVISED_CHANNELS order. */
export const CHANNEL_DEFINITIONS: readonly ChannelDefinition[] = Object.freeze(
  ADVISED_CHANNELS.map((id, index) =>
    Object.freeze({ id, index, label: `channel.${id}` as const, ...DEFINITIONS[id] }),
  ),
);

export function channelDefinition(id: AdvisedChannel): ChannelDefinition {
  return CHANNEL_DEFINITIONS[ADVISED_CHANNELS.indexOf(id)]!;
}

/** A record with one value per advised channel, made by iterating the definitions. */
export function perChannel<T>(make: (def: ChannelDefinition) => T): Record<AdvisedChannel, T> {
  const out = {} as Record<AdvisedChannel, T>;
  for (const def of CHANNEL_DEFINITIONS) out[def.id] = make(def);
  return out;
}

/** The advised channels in the main channel's tie order. */
export const PRIMARY_TIE_ORDER: readonly AdvisedChannel[] = Object.freeze(
  [...CHANNEL_DEFINITIONS].sort((a, b) => a.primaryTieOrder - b.primaryTieOrder).map((d) => d.id),
);

/**
 * The adoption series in the order the method page shows them: those the advised channels read,
 * in the definitions' order, each once (both WhatsApp apps read "whatsapp"), then any series in
 * the data that no advised channel reads.
 */
export const DATA_SERIES_ORDER: readonly DataChannel[] = Object.freeze([
  ...new Set([...CHANNEL_DEFINITIONS.map((d) => d.data), ...DATA_CHANNELS]),
]);

/** Message key of an adoption series' name ("WhatsApp", for both WhatsApp apps). */
export const dataSeriesLabel = (channel: DataChannel) => `data.channel.${channel}` as const;
