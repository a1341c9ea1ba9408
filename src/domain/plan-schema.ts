/**
 * Plan v1: what Kanal recommends (design/answers-contract.md). The zod schema documents the
 * shape, lets tests check that every plan() output conforms, and lets storage re-validate what
 * it reads back.
 *
 * Every sentence comes twice: `text` (rendered in the language the plan was made in, English
 * by default, as the contract shows) and `message` (key + params), so a page can show the same
 * plan in the reader's language without running the engine again.
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

export const ChannelAdviceSchema = z.object({
  verdict: z.enum(VERDICTS),
  primary: z.boolean(),
  score: z.number().int().min(0).max(100),
  reach: share,
  reachBySegment,
  /** Is the channel in use today (listed in Answers.channels)? */
  inUse: z.boolean(),
  /** How far to trust the adoption figures behind `reach` (or "high" when the owner measured it). */
  confidence: z.enum(CONFIDENCE_LEVELS),
  /** True when reach comes from the owner's own figure (knownChannelUse / emailOnFilePercent). */
  measured: z.boolean(),
  factors: z.array(FactorSchema),
  reasons: z.array(ReasonSchema).min(1),
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

export const PlanSchema = z.object({
  version: z.literal(1),
  modelVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
  dataVersion: z.string().min(1),
  /** Language the `text` fields were rendered in. */
  language: z.string().min(2),
  country: z.string().length(2),
  /** The country whose data was used: the country itself, or "GLOBAL". */
  dataCountry: z.string().min(2),
  channels: z.object({
    whatsapp_business: ChannelAdviceSchema,
    telegram: ChannelAdviceSchema,
    email: ChannelAdviceSchema,
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
});
export type Plan = z.infer<typeof PlanSchema>;
