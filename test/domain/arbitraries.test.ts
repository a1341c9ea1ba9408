/**
 * The shared arbitrary covers the whole Answers schema, so that a property "for any valid
 * Answers" cannot silently skip a field: 2,000 sampled Answers are walked and every path they
 * hold is compared with ANSWER_PATHS (walked from AnswersSchema itself, so a new field fails
 * here until the generator draws it). Each optional path is sometimes present and sometimes
 * absent; every option of every list is drawn; and the edges the schema allows are reached.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGE_GROUPS,
  ANSWER_PATHS,
  type Answers,
  AnswersSchema,
  CHANNELS,
  CUSTOMER_LANGUAGES,
  MAX_COUNT,
  NAME_MAX,
  POLL_CELL_MIN,
  POLL_MIN_RESPONSES,
  PRIVACY_LEVELS,
  PURPOSES,
  SECTORS,
  TEAMS,
  WHATSAPP_FEATURES,
} from '../../src/domain/answers.js';
import { answersArb } from './arbitraries.js';

const SAMPLE = fc.sample(answersArb, { seed: 20261201, numRuns: 2000 });

/**
 * The paths that valid Answers always hold once their parent is there (required fields and
 * fields with a default). Every other schema path must be drawn both present and absent.
 */
const ALWAYS = new Set([
  'version',
  'business',
  'business.country',
  'business.sector',
  'customers',
  'customers.ageMix',
  ...AGE_GROUPS.map((g) => `customers.ageMix.${g}`),
  'customers.poll.responses',
  'customers.poll.counts',
  'customers.poll.counts.whatsapp',
  'customers.poll.counts.telegram',
  'customers.poll.counts.email',
  ...AGE_GROUPS.map((g) => `customers.poll.ages.${g}`),
  'customers.poll.on',
  'channels',
  'channels.*.channel',
  'whatsappFeatures',
  'purposes',
  'concerns',
  'concerns.customerPrivacy',
  'concerns.competitorDataSharing',
  'concerns.platformDependence',
  'team',
]);

/**
 * The object-key paths of a value, array elements as "*" (as ANSWER_PATHS names them), and
 * "<array>.*" for an array that has elements (the parent of its elements' fields).
 */
function pathsOf(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    if (value.length > 0) out.add(`${prefix}.*`);
    for (const x of value) pathsOf(x, `${prefix}.*`, out);
  } else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const path = prefix === '' ? k : `${prefix}.${k}`;
      out.add(path);
      pathsOf(v, path, out);
    }
  return out;
}

const parentOf = (path: string) => (path.includes('.') ? path.replace(/\.[^.]+$/, '') : '');
const isElement = (path: string) => path.endsWith('.*');
const sampled = SAMPLE.map((a) => pathsOf(a));

describe('answersArb covers the whole Answers schema', () => {
  it('every sample is valid Answers exactly as the schema reads them back', () => {
    for (const a of SAMPLE) expect(AnswersSchema.parse(structuredClone(a))).toEqual(a);
  });

  it('every schema path is drawn, and nothing outside the schema', () => {
    const seen = new Set(sampled.flatMap((s) => [...s].filter((p) => !isElement(p))));
    expect([...ANSWER_PATHS].filter((p) => !seen.has(p))).toEqual([]);
    expect([...seen].filter((p) => !ANSWER_PATHS.includes(p))).toEqual([]);
    // The list of always-present paths names only real paths (it cannot hide a removed field).
    expect([...ALWAYS].filter((p) => !ANSWER_PATHS.includes(p))).toEqual([]);
  });

  it('each optional path is sometimes present and sometimes absent; the required ones always are', () => {
    const problems: string[] = [];
    for (const path of ANSWER_PATHS) {
      const parent = parentOf(path);
      const withParent = sampled.filter((s) => parent === '' || s.has(parent));
      const present = withParent.filter((s) => s.has(path)).length;
      if (ALWAYS.has(path)) {
        // An array element's field: present in every sample whose array has elements.
        if (present !== withParent.length) problems.push(`${path}: absent ${withParent.length - present}x`);
      } else if (present === 0 || present === withParent.length)
        problems.push(`${path}: present ${present} of ${withParent.length}`);
    }
    expect(problems).toEqual([]);
  });

  it('every option of every list is drawn', () => {
    const drawn = (f: (a: Answers) => readonly unknown[]) => new Set(SAMPLE.flatMap(f));
    const missing = (all: readonly string[], got: Set<unknown>) => all.filter((x) => !got.has(x));
    expect(
      missing(
        SECTORS,
        drawn((a) => [a.business.sector]),
      ),
    ).toEqual([]);
    expect(
      missing(
        CHANNELS,
        drawn((a) => a.channels.map((c) => c.channel)),
      ),
    ).toEqual([]);
    expect(
      missing(
        WHATSAPP_FEATURES,
        drawn((a) => a.whatsappFeatures),
      ),
    ).toEqual([]);
    expect(
      missing(
        PURPOSES,
        drawn((a) => a.purposes),
      ),
    ).toEqual([]);
    expect(
      missing(
        PRIVACY_LEVELS,
        drawn((a) => [a.concerns.customerPrivacy]),
      ),
    ).toEqual([]);
    expect(
      missing(
        TEAMS,
        drawn((a) => [a.team]),
      ),
    ).toEqual([]);
    expect(
      missing(
        CUSTOMER_LANGUAGES,
        drawn((a) => a.customers.languages ?? []),
      ),
    ).toEqual([]);
    expect(
      missing(
        CUSTOMER_LANGUAGES,
        drawn((a) => a.customers.languages?.slice(1) ?? []),
      ),
    ).toEqual([]);
    const counts = drawn((a) => Object.values(a.customers.poll?.counts ?? {}).map((c) => typeof c));
    expect(counts).toEqual(new Set(['string', 'number']));
    expect(
      missing(
        ['fewer', 'most'],
        drawn((a) => Object.values(a.customers.poll?.counts ?? {})),
      ),
    ).toEqual([]);
    for (const c of [true, false])
      for (const key of ['competitorDataSharing', 'platformDependence'] as const)
        expect(SAMPLE.some((a) => a.concerns[key] === c)).toBe(true);
  });

  it('the edges the schema allows are reached', () => {
    const percents = (a: Answers) => [
      a.customers.emailOnFilePercent,
      ...Object.values(a.customers.knownChannelUse ?? {}),
    ];
    const counts = (a: Answers) => [a.customers.activePerMonth, a.broadcastAudience];
    const poll = (a: Answers) => a.customers.poll;
    const edges: Record<string, (a: Answers) => boolean> = {
      'a percent of 0': (a) => percents(a).includes(0),
      'a percent of 100': (a) => percents(a).includes(100),
      'a percent that is not whole': (a) => percents(a).some((p) => p !== undefined && !Number.isInteger(p)),
      'an age group of 100': (a) => AGE_GROUPS.some((g) => a.customers.ageMix[g] === 100),
      'an age mix off 100 within the tolerance': (a) =>
        Math.abs(AGE_GROUPS.reduce((s, g) => s + a.customers.ageMix[g], 0) - 100) >= 0.5,
      'no channels': (a) => a.channels.length === 0,
      'every channel': (a) => a.channels.length === CHANNELS.length,
      'a channel with all the messages': (a) => a.channels.some((c) => c.sharePercent === 100),
      'no WhatsApp features nor purposes': (a) => a.whatsappFeatures.length + a.purposes.length === 0,
      'every WhatsApp feature and purpose': (a) =>
        a.whatsappFeatures.length === WHATSAPP_FEATURES.length && a.purposes.length === PURPOSES.length,
      'a count of 0': (a) => counts(a).includes(0),
      'the largest count': (a) => counts(a).includes(MAX_COUNT),
      'a name of NAME_MAX characters': (a) => a.business.name?.length === NAME_MAX,
      'a name in Chinese': (a) => /\p{Script=Han}/u.test(a.business.name ?? ''),
      'a name in Tamil, Thai or Arabic': (a) =>
        /[\p{Script=Tamil}\p{Script=Thai}\p{Script=Arabic}]/u.test(a.business.name ?? ''),
      'a name with an emoji': (a) => /\p{Extended_Pictographic}/u.test(a.business.name ?? ''),
      'two languages': (a) => a.customers.languages?.length === 2,
      'a poll of the fewest answers': (a) => poll(a)?.responses === POLL_MIN_RESPONSES,
      'a poll of the most answers': (a) => poll(a)?.responses === MAX_COUNT,
      'a poll count at its lowest (5)': (a) => Object.values(poll(a)?.counts ?? {}).includes(POLL_CELL_MIN),
      'a poll count at its highest (answers - 5)': (a) =>
        Object.values(poll(a)?.counts ?? {}).includes((poll(a)?.responses ?? 0) - POLL_CELL_MIN),
      'poll ages with none withheld': (a) =>
        poll(a)?.ages !== undefined && !Object.values(poll(a)!.ages!).includes('withheld'),
      'poll ages all withheld': (a) =>
        poll(a)?.ages !== undefined && Object.values(poll(a)!.ages!).every((c) => c === 'withheld'),
      'poll ages partly withheld': (a) =>
        new Set(Object.values(poll(a)?.ages ?? {}).map((c) => typeof c)).size === 2,
      'a poll on a leap day': (a) => poll(a)?.on === '2024-02-29',
      'a contact block with one detail': (a) => Object.keys(a.contact ?? {}).length === 1,
      'a full contact block': (a) => Object.keys(a.contact ?? {}).length === 4,
      'a sign-up address of 500 characters': (a) => (a.contact?.signupUrl?.length ?? 0) >= 490,
      'a country other than SG, ID, MY': (a) => !['SG', 'ID', 'MY'].includes(a.business.country),
    };
    const unreached = Object.entries(edges)
      .filter(([, reached]) => !SAMPLE.some(reached))
      .map(([name]) => name);
    expect(unreached).toEqual([]);
  });
});
