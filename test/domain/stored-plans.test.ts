/**
 * Plans stored by model 1.x still load and render: PlanSchema (which the store uses to re-validate
 * every row) accepts them and upgrades them to the model 2 shape, their words and verdicts as
 * they were; every message in them still renders. The files in stored-1x/ are the 1.0.0 output
 * for three examples, kept as they were stored.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/domain/message.js';
import { PlanSchema, PlanV1Schema, PlanV2Schema, upgradePlan1 } from '../../src/domain/plan-schema.js';
import { translator } from './fixtures.js';

const DIR = new URL('./stored-1x/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

function messagesOf(value: unknown, out: Message[] = []): Message[] {
  if (Array.isArray(value)) for (const v of value) messagesOf(v, out);
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.key === 'string' && (o.params === undefined || typeof o.params === 'object'))
      out.push(o as unknown as Message);
    else for (const v of Object.values(o)) messagesOf(v, out);
  }
  return out;
}

describe.each(files)('a plan stored by model 1.0.0: %s', (file) => {
  const raw = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as unknown;

  it('is a 1.x plan, not a model 2 one', () => {
    expect(PlanV1Schema.safeParse(raw).success).toBe(true);
    expect(PlanV2Schema.safeParse(raw).success).toBe(false);
  });

  it('loads through PlanSchema, upgraded to the model 2 shape with its verdicts and texts unchanged', () => {
    const p = PlanSchema.parse(raw);
    const v1 = PlanV1Schema.parse(raw);
    expect(PlanV2Schema.parse(p)).toEqual(p);
    expect(p).toEqual(upgradePlan1(v1));
    expect(p.modelVersion).toBe('1.0.0');
    expect(p.dataTier).toBe(v1.dataCountry === 'GLOBAL' ? 'world' : 'country');
    for (const c of ['whatsapp_business', 'telegram', 'email'] as const) {
      expect(p.channels[c].verdict).toBe(v1.channels[c].verdict);
      expect(p.channels[c].reasons).toEqual(v1.channels[c].reasons);
      expect(p.channels[c].evidence).toBe(v1.channels[c].measured ? 'measured' : p.dataTier);
    }
    expect(p.headline).toBe(v1.headline);
  });

  it('renders every message it holds (strict: a missing key throws)', () => {
    const messages = messagesOf(PlanSchema.parse(raw));
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) expect(translator.render(m).length).toBeGreaterThan(0);
  });
});
