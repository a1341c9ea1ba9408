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
import { data } from './fixtures.js';

const raw = () => JSON.parse(readFileSync(ADOPTION_DATA_PATH, 'utf8'));

describe('adoption data file', () => {
  it('has Singapore, Indonesia, Malaysia and GLOBAL, each with WhatsApp, Telegram and email', () => {
    expect(Object.keys(data.countries).sort()).toEqual(['GLOBAL', 'ID', 'MY', 'SG']);
    for (const country of Object.values(data.countries)) {
      for (const c of DATA_CHANNELS) {
        expect(country[c].values).toHaveLength(BRACKETS.length);
        expect(country[c].sources.length).toBeGreaterThan(0);
      }
    }
  });

  it('names only sources it describes, and each series year is its newest source year', () => {
    for (const country of Object.values(data.countries)) {
      for (const c of DATA_CHANNELS) {
        const years = country[c].sources.map((id) => data.sources[id]!.year);
        expect(country[c].year).toBe(Math.max(...years));
      }
    }
  });

  it('matches the shared figures (SG Telegram 18-24 is 0.59, ID WhatsApp 65+ is 0.49)', () => {
    expect(data.countries.SG!.telegram.values[0]).toBe(0.59);
    expect(data.countries.ID!.whatsapp.values[5]).toBe(0.49);
    expect(data.version).toBe('2026-11');
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

  it('refuses Telegram use rising with age (the age-shift invariant rests on it)', () => {
    const bad = raw();
    bad.countries.MY.telegram.values[5] = 0.5;
    expect(() => parseAdoptionData(bad)).toThrow(/Telegram use must not rise with age/);
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

  it('maps Singapore Telegram to decades: 0.59, 0.54, 0.485, 0.435, 0.33, 0.157', () => {
    const decades = bracketsToDecades(data.countries.SG!.telegram.values);
    const expected = [0.59, 0.54, 0.485, 0.435, 0.33, 0.27 / 3 + (2 * 0.1) / 3];
    decades.forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 10);
    });
  });

  it('falls back to GLOBAL for a country without its own table', () => {
    const prepared = prepareAdoption(data);
    expect(prepared.profileFor('BR').code).toBe('GLOBAL');
    expect(prepared.profileFor('MY').code).toBe('MY');
  });
});
