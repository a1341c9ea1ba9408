/**
 * Plan v1: what Kanal recommends (design/answers-contract.md). The zod schema documents the
 * shape, lets tests check that every rendered plan conforms, and lets storage re-validate what it
 * reads back.
 *
 * Every sentence comes twice: `text` (rendered by renderPlan in the language the plan was made
 * in, English by default, as the contract shows) and `message` (key + params), so a page can show
 * the same plan in the reader's language without running the engine again.
 *
 * Model 2 plans (modelVersion 2.x) add `dataTier` and each channel's `evidence` (the strongest
 * evidence behind its reach). Plans stored by model 1.x lack them: PlanSchema accepts both and
 * upgrades a 1.x plan on reading (upgradePlan1), so storage never changes.
 */
import { z } from 'zod';
import { ADVISED_CHANNELS, AGE_GROUPS, CHANNELS } from './answers.js';
import type { Message } from './message.js';

export const VERDICTS = ['keep', 'add', 'consider', 'skip'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

const MessageSchema: z.ZodType<Message> = z.lazy(() =>
  z.object({
    key: z.string().min(1),
    params: z.record(z.string(), z.union([z.string(), z.number(), MessageSchema])).optional(),
  }),
);

const share = z.number().min(0).max(1);
const reachBySegment = z.object(
  Object.fromEntries(AGE_GROUPS.map((g) => [g, share])) as Record<(typeof AGE_GROUPS)[number], typeof share>,
);

export const ReasonSchema = z.object({
  code: z.string().min(1),
  text: z.string().min(1),
  message: MessageSchema,
  /** Answer paths this reason came from, e.g. "customers.ageMix". Never empty. */
  from: z.array(z.string().min(1)).min(1),
  /** Source ids (see Plan.sources) of every figure drawn from the data; may be empty for a reason that uses none. */
  sources: z.array(z.string().min(1)),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const FactorSchema = z.object({
  /** Name of the weight in the model table, e.g. "reach", "purpose_fit". */
  factor: z.string().min(1),
  /** Points this factor adds to (or takes from) the score. */
  points: z.number(),
});

/** The evidence behind a channel's reach, strongest first (evidence.ts). */
export const EVIDENCE_KINDS = [
  'measured',
  'on_file',
  'poll',
  'traffic',
  'country',
  'region',
  'world',
] as const;
export const DATA_TIERS = ['country', 'region', 'world'] as const;

const ChannelAdviceV1Schema = z.object({
  verdict: z.enum(VERDICTS),
  primary: z.boolean(),
  score: z.number().int().min(0).max(100),
  reach: share,
  reachBySegment,
  /** Is the channel in use today (listed in Answers.channels)? */
  inUse: z.boolean(),
  /** How far to trust the adoption figures behind `reach` (or "high" when the owner measured it). */
  confidence: z.enum(CONFIDENCE_LEVELS),
  /** True when reach comes from the owner's own figure (knownChannelUse, emailOnFilePercent, customers.poll). */
  measured: z.boolean(),
  factors: z.array(FactorSchema),
  reasons: z.array(ReasonSchema).min(1),
});

const { factors, reasons, ...adviceHead } = ChannelAdviceV1Schema.shape;
export const ChannelAdviceSchema = z.object({
  ...adviceHead,
  /** The strongest evidence behind `reach`: the owner's typed share, addresses or customer poll, their traffic, or the data's tier. */
  evidence: z.enum(EVIDENCE_KINDS),
  factors,
  reasons,
});
export type ChannelAdvice = z.infer<typeof ChannelAdviceSchema>;

/** Channels other than the three advised ones: reach and reasons only (where the data allows). */
export const OtherChannelSchema = z.object({
  reach: share.optional(),
  reasons: z.array(ReasonSchema).min(1),
});

export const WhatWouldChangeSchema = z.object({
  channel: z.enum(ADVISED_CHANNELS),
  /** The verdict the change would lead to. */
  to: z.enum(VERDICTS),
  change: z.string().min(1),
  message: MessageSchema,
  /** The answer path that would change, e.g. "customers.ageMix" or "concerns.platformDependence". */
  path: z.string().min(1),
});

export const ActionStepSchema = z.object({
  week: z.number().int().min(1),
  channel: z.enum(CHANNELS),
  step: z.string().min(1),
  message: MessageSchema,
});

export const SourceSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  year: z.number().int(),
});

const planFields = {
  version: z.literal(1),
  modelVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
  dataVersion: z.string().min(1),
  /** Language the `text` fields were rendered in. */
  language: z.string().min(2),
  country: z.string().length(2),
  /** The country whose data was used: the country itself, or "GLOBAL". */
  dataCountry: z.string().min(2),
  channels: z.object({
    whatsapp_business: ChannelAdviceV1Schema,
    telegram: ChannelAdviceV1Schema,
    email: ChannelAdviceV1Schema,
  }),
  otherChannels: z.record(z.string(), OtherChannelSchema),
  switching: z.object({
    telegram: z.object({ customersLostPercent: z.number().min(0).max(100) }),
    email: z.object({ customersLostPercent: z.number().min(0).max(100) }),
  }),
  whatWouldChange: z.array(WhatWouldChangeSchema),
  actionPlan: z.array(ActionStepSchema).min(1),
  /** Plan-wide notes (global data used, low-confidence data, advice not guarantee...). */
  notes: z.array(z.object({ code: z.string().min(1), text: z.string().min(1), message: MessageSchema })),
  sources: z.array(SourceSchema),
  headline: z.string().min(1),
  headlineMessage: MessageSchema,
};

/** A plan as model 1.x stored it. */
export const PlanV1Schema = z.object({ ...planFields, modelVersion: z.string().regex(/^1\.\d+\.\d+$/) });
export type PlanV1 = z.infer<typeof PlanV1Schema>;

/** A model 2 plan: the 1.x shape plus the tier of the data and each channel's evidence. */
const { channels: _v1Channels, dataCountry, ...planTail } = planFields;
const { version, modelVersion, dataVersion, language, country, ...planRest } = planTail;
export const PlanV2Schema = z.object({
  version,
  modelVersion,
  dataVersion,
  language,
  country,
  /** The table whose data was used: the country itself, a region code (R-...), or "GLOBAL". */
  dataCountry,
  /** Which tier that table is: the owner's country, its region, or the world. */
  dataTier: z.enum(DATA_TIERS),
  channels: z.object({
    whatsapp_business: ChannelAdviceSchema,
    telegram: ChannelAdviceSchema,
    email: ChannelAdviceSchema,
  }),

  ...planRest,
});
export type Plan = z.infer<typeof PlanV2Schema>;

/**
 * A 1.x plan in the model 2 shape, its words and verdicts unchanged: the data's tier from its
 * dataCountry (1.x had countries and the world table), each channel's evidence from `measured`.
 * modelVersion stays as stored, so the report says which model made it.
 */
export function upgradePlan1(p: PlanV1): Plan {
  const tier = p.dataCountry === 'GLOBAL' ? 'world' : 'country';
  const channel = (c: PlanV1['channels']['email']): ChannelAdvice => ({
    ...c,
    evidence: c.measured ? 'measured' : tier,
  });
  const { channels, ...rest } = p;
  return {
    ...rest,
    dataTier: tier,
    channels: {
      whatsapp_business: channel(channels.whatsapp_business),
      telegram: channel(channels.telegram),
      email: channel(channels.email),
    },
  };
}

/** Any stored plan: model 2 as it is, model 1.x upgraded on reading. */
export const PlanSchema = z.union([PlanV2Schema, PlanV1Schema.transform(upgradePlan1)]);
