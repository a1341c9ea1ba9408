import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ADOPTION_DATA_PATH } from '../../src/adoption-data.js';
import {
  BRACKETS,
  bracketsToDecades,
  DATA_CHANNELS,
  DECADE_FROM_BRACKETS,
  parseAdoptionData,
  prepareAdoption,
} from '../../src/domain/adoption.js';
import { AGE_GROUPS } from '../../src/domain/answers.js';
import { COUNTRY_CODES } from '../../src/domain/countries.js';
import { dataTables } from '../../src/domain/method.js';
import { createI18n } from '../../src/i18n.js';
import { data, translator } from './fixtures.js';

const raw = () => JSON.parse(readFileSync(ADOPTION_DATA_PATH, 'utf8'));

describe('adoption data file', () => {
  it('has its own table for SG, ID, MY and the countries owners most often come from, plus GLOBAL', () => {
    const required = ['AU', 'BR', 'DE', 'GB', 'GLOBAL', 'HK', 'ID', 'IN', 'MY', 'PH', 'SG', 'TH', 'US'];
    for (const code of required) expect(Object.keys(data.countries)).toContain(code);
    for (const table of [...Object.values(data.countries), ...Object.values(data.regions)]) {
      for (const c of DATA_CHANNELS) {
        expect(table[c].values).toHaveLength(BRACKETS.length);
        expect(table[c].sources.length).toBeGreaterThan(0);
      }
    }
  });

  it('names only sources it describes, and each series year is its newest source year', () => {
    for (const country of [...Object.values(data.countries), ...Object.values(data.regions)]) {
      for (const c of DATA_CHANNELS) {
        const years = country[c].sources.map((id) => data.sources[id]!.year);
        expect(country[c].year).toBe(Math.max(...years));
      }
    }
  });

  it('is data version 2026-12, with Singapore Telegram at the level GWI measured (47.8% of internet users 16-64)', () => {
    expect(data.version).toBe('2026-12');
    const tg = data.countries.SG!.telegram;
    // Adults = internet use x share; Singapore's internet use 16-64 is 0.95-0.99, so the 16-64
    // mean of the adult values sits just under GWI's 47.8%.
    const mean16to64 = tg.values.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    expect(mean16to64).toBeGreaterThan(0.478 * 0.95);
    expect(mean16to64).toBeLessThan(0.478 + 0.005);
  });

  it('has Singapore email rising with age from 18-24 to 55-64, as GWI measured', () => {
    const em = data.countries.SG!.email.values;
    for (let i = 1; i < 5; i++) expect(em[i]!).toBeGreaterThan(em[i - 1]!);
  });

  it('names the place of every borrowed age pattern: a Mediascope-based Telegram series outside Russia says Russia', () => {
    const tables = { ...data.countries, ...data.regions };
    for (const [code, table] of Object.entries(tables)) {
      const tg = table.telegram;
      if (code !== 'R-CIS' && tg.sources.includes('mediascope-2024'))
        expect(tg.ageShapeFrom?.country).toBe('RU');
      for (const c of DATA_CHANNELS) {
        const s = table[c];
        if (s.levelFrom !== undefined) expect(s.levelFrom.year).toBeLessThanOrEqual(s.year);
        if (s.ageShapeFrom !== undefined) expect(s.ageShapeFrom.year).toBeLessThanOrEqual(s.year);
      }
    }
  });

  it('refuses a file without GLOBAL', () => {
    const bad = raw();
    delete bad.countries.GLOBAL;
    expect(() => parseAdoptionData(bad)).toThrow(/GLOBAL/);
  });

  it('refuses a series citing a source it does not describe', () => {
    const bad = raw();
    bad.countries.SG.email.sources.push('rumour-2026');
    expect(() => parseAdoptionData(bad)).toThrow(/countries\.SG\.email\.sources: source "rumour-2026"/);
  });

  it('accepts age shapes that rise, fall or peak in the middle (the data decides)', () => {
    const ok = raw();
    ok.countries.MY.telegram.values = [0.2, 0.35, 0.4, 0.3, 0.2, 0.1];
    ok.countries.MY.email.values = [0.4, 0.45, 0.5, 0.55, 0.6, 0.6];
    const parsed = parseAdoptionData(ok);
    expect(parsed.countries.MY!.telegram.values[2]).toBe(0.4);
    expect(parsed.countries.MY!.email.values[5]).toBe(0.6);
  });

  it('refuses a regionOf entry naming a region it does not describe', () => {
    const bad = raw();
    bad.regionOf.FR = 'R-XYZ';
    expect(() => parseAdoptionData(bad)).toThrow(/regionOf\.FR: region "R-XYZ" is not in the regions map/);
  });

  it('refuses a regionOf map that leaves a country out, and a table for a code that is no country', () => {
    const bad = raw();
    delete bad.regionOf.FR;
    bad.countries.XX = bad.countries.SG;
    expect(() => parseAdoptionData(bad)).toThrow(/regionOf\.FR: country "FR" has no region/);
    expect(() => parseAdoptionData(bad)).toThrow(/countries\.XX: "XX" is not an ISO/);
  });

  it('refuses a regional series citing a source it does not describe, and a bad borrowed place', () => {
    const bad = raw();
    bad.regions['R-TST'] = withSources(bad.countries.GLOBAL, ['nowhere-2026']);
    bad.countries.SG.telegram.ageShapeFrom = { country: 'Russia', year: 2023 };
    expect(() => parseAdoptionData(bad)).toThrow(/regions\.R-TST\.whatsapp\.sources: source "nowhere-2026"/);
    expect(() => parseAdoptionData(bad)).toThrow(/countries\.SG\.telegram\.ageShapeFrom\.country/);
  });

  it('covers every ISO 3166-1 code of the country list in regionOf', () => {
    const names = JSON.parse(
      readFileSync(new URL('../../locales/en/countries.json', import.meta.url), 'utf8'),
    );
    const listed = Object.keys(names)
      .filter((k) => /^country\.[A-Z]{2}$/.test(k))
      .map((k) => k.slice('country.'.length))
      .sort();
    expect(Object.keys(data.regionOf).sort()).toEqual(listed);
    expect(listed).toEqual([...COUNTRY_CODES].sort());
  });

  it('refuses a share above 1 and a wrong number of brackets', () => {
    const bad = raw();
    bad.countries.ID.email.values[0] = 1.2;
    bad.countries.ID.telegram.values.pop();
    expect(() => parseAdoptionData(bad)).toThrow(/countries\.ID\.email\.values\.0/);
    expect(() => parseAdoptionData(bad)).toThrow(/countries\.ID\.telegram\.values/);
  });
});

describe('bracket -> decade mapping (years of overlap)', () => {
  it('gives each decade weights that sum to 1', () => {
    for (const g of AGE_GROUPS) expect(DECADE_FROM_BRACKETS[g].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it.each([
    ['under20', 'takes 18-24 alone', [1, 0, 0, 0, 0, 0]],
    ['20s', 'is half 18-24 (20-24) and half 25-34 (25-29)', [0.5, 0.5, 0, 0, 0, 0]],
    ['30s', 'is half 25-34 and half 35-44', [0, 0.5, 0.5, 0, 0, 0]],
    ['40s', 'is half 35-44 and half 45-54', [0, 0, 0.5, 0.5, 0, 0]],
    ['50s', 'is half 45-54 and half 55-64', [0, 0, 0, 0.5, 0.5, 0]],
    ['60plus', 'is a third 55-64 (60-64) and two thirds 65+ (65-74)', [0, 0, 0, 0, 1 / 3, 2 / 3]],
  ] as const)('%s %s', (decade, _why, weights) => {
    expect(DECADE_FROM_BRACKETS[decade]).toEqual(weights);
  });

  it('maps a series to decades by years of overlap (Singapore Telegram)', () => {
    const v = data.countries.SG!.telegram.values;
    const decades = bracketsToDecades(v);
    const expected = [
      v[0]!,
      (v[0]! + v[1]!) / 2,
      (v[1]! + v[2]!) / 2,
      (v[2]! + v[3]!) / 2,
      (v[3]! + v[4]!) / 2,
      v[4]! / 3 + (2 * v[5]!) / 3,
    ];
    decades.forEach((d, i) => {
      expect(d).toBeCloseTo(expected[i]!, 10);
    });
  });

  it("falls back to the country's region, and to GLOBAL only where regionOf says so", () => {
    const prepared = prepareAdoption(data);
    expect(prepared.profileFor('MY').code).toBe('MY');
    expect(prepared.profileFor('FR')).toMatchObject({ code: 'R-EUR', tier: 'region' });
    expect(prepared.profileFor('CA')).toMatchObject({ code: 'R-NAM', tier: 'region' });
    expect(prepared.profileFor('AQ')).toMatchObject({ code: 'GLOBAL', tier: 'world' });
  });
});

/** A table copied from `base` with every series citing `sources`. */
function withSources(base: Record<string, unknown>, sources: string[]) {
  const copy = structuredClone(base) as Record<string, { sources: string[] }>;
  for (const c of DATA_CHANNELS) copy[c]!.sources = sources;
  return copy;
}

describe('tiers: the country, else its region, else the world', () => {
  const tiered = () => {
    const d = raw();
    const region = structuredClone(d.countries.GLOBAL);
    region.name = 'Test region';
    region.whatsapp.values = [0.7, 0.7, 0.7, 0.7, 0.7, 0.7];
    region.telegram.ageShapeFrom = { country: 'RU', year: 2024 };
    region.telegram.levelFrom = { country: 'DE', year: 2025 };
    d.regions['R-TST'] = region;
    d.regionOf.FR = 'R-TST';
    d.regionOf.SG = 'R-TST';
    d.regionOf.AQ = 'GLOBAL';
    return prepareAdoption(parseAdoptionData(d));
  };

  it('gives a country with its own table that table, even if regionOf names a region', () => {
    const p = tiered().profileFor('SG');
    expect([p.code, p.tier]).toEqual(['SG', 'country']);
  });

  it("gives a country without a table its region's table", () => {
    const p = tiered().profileFor('FR');
    expect([p.code, p.tier]).toEqual(['R-TST', 'region']);
    expect(p.channels.whatsapp.byDecade).toEqual(
      [0.7, 0.7, 0.7, 0.7, 0.7, 0.7].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('gives a country assigned to GLOBAL, and an unknown code, the world table', () => {
    const prepared = tiered();
    for (const code of ['AQ', 'ZZ']) {
      const p = prepared.profileFor(code);
      expect([p.code, p.tier]).toEqual(['GLOBAL', 'world']);
    }
  });

  it('carries borrowed age shapes and levels into the profile, and leaves them out otherwise', () => {
    const p = tiered().profileFor('FR');
    expect(p.channels.telegram.ageShapeFrom).toEqual({ country: 'RU', year: 2024 });
    expect(p.channels.telegram.levelFrom).toEqual({ country: 'DE', year: 2025 });
    expect('ageShapeFrom' in p.channels.whatsapp).toBe(false);
    expect('levelFrom' in p.channels.whatsapp).toBe(false);
  });

  it('lists country tables, then regions, then the world on the method page, each borrowed part in words', () => {
    const tables = dataTables(tiered());
    expect(tables.map((t) => t.code)).toEqual([
      ...Object.keys(data.countries)
        .filter((c) => c !== 'GLOBAL')
        .sort(),
      ...[...Object.keys(data.regions), 'R-TST'].sort(),
      'GLOBAL',
    ]);
    const region = tables.find((t) => t.code === 'R-TST')!;
    expect(region.tier).toBe('region');
    expect(region.countries).toContain('FR');
    expect(region.countries).not.toContain('SG');
    const telegram = region.series.find((s) => s.channel === 'telegram')!;
    // R-TST has no name or note in the locale: a lenient translator prints those keys as they are.
    const lenient = createI18n({ strict: false }).translator('en').render;
    const text = lenient(telegram.note);
    expect(text).toContain('age pattern from Russia, 2024');
    expect(text).toContain('level from Germany, 2025');
    const whatsapp = lenient(region.series.find((s) => s.channel === 'whatsapp')!.note);
    expect(whatsapp).not.toMatch(/pattern from|level from/);
  });

  it('has a name and a confidence note in English for every table of the real data', () => {
    for (const table of dataTables(prepareAdoption(data))) {
      expect(translator.render(table.name)).not.toMatch(/^(region|country|data)\./);
      for (const s of table.series) {
        const text = translator.render(s.note);
        expect(text).toContain(String(s.year));
        expect(text).toContain(s.confidenceNote.replace(/^(low|medium|high): /, ''));
      }
    }
  });

  it("says on the method page where Singapore's borrowed parts come from, and the US email level's year", () => {
    const tables = dataTables(prepareAdoption(data));
    const note = (code: string, channel: string) =>
      translator.render(tables.find((t) => t.code === code)!.series.find((s) => s.channel === channel)!.note);
    expect(note('SG', 'telegram')).toContain('age pattern from Russia, 2024');
    expect(note('SG', 'telegram')).not.toContain('level from');
    expect(note('SG', 'email')).toContain('level from Europe, 2024');
    // The table's own older figure is an earlier year's, not "from the United States" in the US.
    expect(note('US', 'email')).toContain('level from an earlier year, 2012');
    expect(note('MY', 'telegram')).toContain('level from an earlier year, 2020');
    expect(note('R-NAM', 'email')).toContain('level from the United States, 2012');
    expect(translator.render(tables.find((t) => t.code === 'R-MENA')!.name)).toBe(
      'Middle East and North Africa',
    );
  });
});
