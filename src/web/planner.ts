/**
 * The app's planner: the engine's plan() over the loaded adoption data, with texts rendered in
 * the reader's language. Built once in server.ts (and in the tests' app factory).
 */
import type { AdoptionData } from '../domain/adoption.js';
import { plan } from '../domain/plan.js';
import type { createI18n } from '../i18n.js';
import type { Planner } from './app.js';

export function createPlanner(data: AdoptionData, i18n: ReturnType<typeof createI18n>): Planner {
  return (answers, language) => {
    const tr = i18n.translator(language);
    return plan(answers, data, { translate: tr.render, language: tr.language });
  };
}
