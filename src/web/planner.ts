/**
 * The app's planner: the engine's plan() over the loaded adoption data, its messages rendered by
 * renderPlan in the reader's language (the stored and API shape carries `text` fields, as the
 * contract shows). Built once in server.ts (and in the tests' app factory).
 */
import type { AdoptionData } from '../domain/adoption.js';
import { plan, renderPlan } from '../domain/plan.js';
import type { createI18n } from '../i18n.js';
import type { Planner } from './app.js';

export function createPlanner(data: AdoptionData, i18n: ReturnType<typeof createI18n>): Planner {
  return (answers, language) => {
    const tr = i18n.translator(language);
    return renderPlan(plan(answers, data), tr.render, tr.language);
  };
}
