/**
 * The method page (GET /method) lays open every number of the model and every adoption figure,
 * so that a verdict can be checked by hand: each model entry once with its label and value, each
 * country's table with its sources; valid HTML; linked from the report.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelRows } from '../../src/domain/method.js';
import { MODEL } from '../../src/domain/model.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { expectValidHtml } from '../helpers/html.js';
import { planThroughApi } from '../security/support.js';

let t: TestApp;
let html: string;
beforeAll(async () => {
  t = makeTestApp();
  const res = await request(t.app).get('/method');
  expect(res.status).toBe(200);
  html = res.text;
});
afterAll(() => t.close());

describe('the method page', () => {
  it('shows every number of the model table once, labelled', () => {
    const rows = modelRows();
    // Every labelled entry of MODEL, found by walking it independently of modelRows.
    const labels = JSON.stringify(MODEL).match(/"label":"[^"]+"/g) ?? [];
    expect(rows).toHaveLength(labels.length);
    expect(new Set(rows.map((r) => r.label)).size).toBe(rows.length);
    expect(html).not.toContain('engine.weight.');
    const bodyRows = html.match(/<tr>\s*<th scope="row">/g) ?? [];
    expect(bodyRows.length).toBeGreaterThanOrEqual(rows.length);
    expect(html).toContain('Points for reaching all of your customers');
    expect(html).toMatch(/<th scope="row">Points for reaching all of your customers<\/th>\s*<td>80<\/td>/);
  });

  it('shows each country’s adoption by age with sources, Singapore to the global table', () => {
    for (const name of [
      'Indonesia',
      'Malaysia',
      'Singapore',
      'Rest of Southeast Asia',
      'Every other country (world average)',
    ])
      expect(html, name).toContain(`>${name}</h3>`);
    expect(html).toMatch(/Sources: [^<]+\(\d{4}\)/);
    expect(html).toMatch(/<td>\d{1,3}%<\/td>/);
    expect(html).not.toMatch(/<td>NaN|undefined/);
  });

  it('is valid HTML, and the report links to it', async () => {
    await expectValidHtml(html);
    const { id } = await planThroughApi(t.app);
    const page = await request(t.app).get(`/r/${id}`);
    expect(page.text).toMatch(
      /<a class="link no-print" href="\/method">Every weight and figure Kanal uses<\/a>/,
    );
  });
});
