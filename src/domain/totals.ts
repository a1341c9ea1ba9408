/**
 * Anonymous totals for the operator who hosts Kanal for many shops (product.md: "a view of what
 * their members were advised, anonymous totals only"): how many plans, from which countries, and
 * how often each channel was advised what. No plan is ever shown alone: with fewer than
 * `minGroup` plans there are no totals at all, and countries with fewer plans than that are
 * counted together as "other".
 */
import { ADVISED_CHANNELS, type AdvisedChannel } from './answers.js';
import type { Plan, Verdict } from './plan-schema.js';

export const MIN_GROUP = 5;

export interface ChannelTotals {
  readonly keep: number;
  readonly add: number;
  readonly consider: number;
  readonly skip: number;
  /** Plans where this channel is the primary one. */
  readonly primary: number;
}

export interface AdvisedTotals {
  readonly plans: number;
  /** Plans per country (ISO code), largest first; "other" gathers countries under minGroup. */
  readonly countries: Readonly<Record<string, number>>;
  readonly channels: Readonly<Record<AdvisedChannel, ChannelTotals>>;
}

export type TotalsResult =
  | { readonly ok: true; readonly totals: AdvisedTotals }
  | { readonly ok: false; readonly plans: number; readonly minGroup: number };

export function advisedTotals(
  plans: readonly Pick<Plan, 'country' | 'channels'>[],
  minGroup = MIN_GROUP,
): TotalsResult {
  if (plans.length < minGroup) return { ok: false, plans: plans.length, minGroup };
  const byCountry = new Map<string, number>();
  const channels = Object.fromEntries(
    ADVISED_CHANNELS.map((c) => [c, { keep: 0, add: 0, consider: 0, skip: 0, primary: 0 }]),
  ) as Record<AdvisedChannel, Record<Verdict | 'primary', number>>;
  for (const p of plans) {
    byCountry.set(p.country, (byCountry.get(p.country) ?? 0) + 1);
    for (const c of ADVISED_CHANNELS) {
      const advice = p.channels[c];
      channels[c][advice.verdict]++;
      if (advice.primary) channels[c].primary++;
    }
  }
  let other = 0;
  const shown: [string, number][] = [];
  for (const [country, n] of byCountry) {
    if (n >= minGroup) shown.push([country, n]);
    else other += n;
  }
  shown.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (other > 0) shown.push(['other', other]);
  return { ok: true, totals: { plans: plans.length, countries: Object.fromEntries(shown), channels } };
}
