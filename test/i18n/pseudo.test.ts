/**
 * No English by accident: every page state reachable through the test app (test/helpers/app.ts,
 * unchanged) is rendered in the pseudo-locale, and no plain English word may reach the page
 * except the user's own input. The walk: start, every question page empty, every page sent with
 * the salon's answers, check answers, the report, its kit, change and delete forms, privacy,
 * method, 404. A word written straight into a template fails here with the text it stood in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAdoptionData } from '../../src/adoption-data.js';
import { KIT_SOURCES } from '../../src/domain/kit.js';
import { createPlanner } from '../../src/web/planner.js';
import { SALON_PAGE_ORDER, SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { englishOnPage, PSEUDO_LANGUAGE, pseudoI18n, pseudoText } from './pseudo.js';
import { expectedStatus, type PageState, walkPages } from './walk.js';

/**
 * The salon's own words (its name and handles), which no translation changes, and the titles of
 * the documents the report cites (names of English documents, kept as published).
 */
const USER_INPUT = [
  ...Object.values(SALON_PAGES)
    .flatMap((fields) => Object.values(fields))
    .filter((v): v is string => typeof v === 'string'),
  ...Object.values(KIT_SOURCES).map((s) => s.title),
];

let t: TestApp;
let pages: Map<string, PageState>;

beforeAll(async () => {
  const i18n = pseudoI18n();
  t = makeTestApp({ i18n, planner: createPlanner(loadAdoptionData(), i18n) });
  pages = await walkPages(t.app, PSEUDO_LANGUAGE);
}, 60_000);
afterAll(() => t?.close());

describe('pseudo-locale', () => {
  it('is generated from English, placeholders kept', () => {
    expect(pseudoText('Your plan for {{name}}')).toBe('⟦Ýöûŕ þļåñ ƒöŕ {{name}}⟧');
  });

  it('renders every page with the pseudo language in <html lang>', () => {
    expect(pages.size).toBeGreaterThanOrEqual(SALON_PAGE_ORDER.length + 10);
    for (const [state, { status, html }] of pages) {
      expect(html, state).toContain(`<html lang="${PSEUDO_LANGUAGE}"`);
      expect(html, state).toContain('⟦');
      expect(status, state).toBe(expectedStatus(state));
    }
  });

  it('finds English on a page that has it (the check can fail)', () => {
    expect(englishOnPage('<p>⟦Ĥéļļö⟧ Save</p><img alt="Logo">')).toEqual([
      'Logo (in "Logo")',
      'Save (in "⟦Ĥéļļö⟧ Save")',
    ]);
  });

  it('leaves no English on any page but the user’s own words', () => {
    const leaks = Object.fromEntries(
      [...pages].map(([state, { html }]) => [state, englishOnPage(html, { allowed: USER_INPUT })]),
    );
    expect(Object.fromEntries(Object.entries(leaks).filter(([, found]) => found.length > 0))).toEqual({});
  });
});
