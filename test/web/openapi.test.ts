/** docs/openapi.yaml describes the routes the app really serves (checked without a YAML parser). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AnswersSchema } from '../../src/domain/answers.js';
import { PlanV2Schema } from '../../src/domain/plan-schema.js';

const yaml = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');

describe('docs/openapi.yaml', () => {
  it('is OpenAPI 3.1 with the plan endpoints and methods', () => {
    expect(yaml).toMatch(/^openapi: 3\.1\.0$/m);
    expect(yaml).toMatch(/^ {2}\/api\/v1\/plans:\n {4}post:/m);
    const item = yaml.split(/^ {2}\/api\/v1\/plans\/\{id\}:$/m)[1] ?? '';
    for (const method of ['get', 'put', 'delete']) expect(item).toMatch(new RegExp(`^ {4}${method}:`, 'm'));
    expect(yaml).toContain('X-Owner-Key');
    for (const status of ['201', '200', '204', '400', '401', '403', '404', '413', '415']) {
      expect(yaml).toMatch(new RegExp(`["']${status}["']:`));
    }
  });

  it('names every top-level field of Answers and Plan', () => {
    for (const key of Object.keys(AnswersSchema.shape))
      expect(yaml, key).toMatch(new RegExp(`^ {8}${key}:`, 'm'));
    for (const key of Object.keys(PlanV2Schema.shape))
      expect(yaml, key).toMatch(new RegExp(`^ {8}${key}:`, 'm'));
  });

  it('has no tab characters (YAML forbids them for indentation)', () => {
    expect(yaml).not.toContain('\t');
  });
});
