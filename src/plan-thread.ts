/**
 * A planning thread's module (piscina loads it in each thread of src/plan-threads.ts): the same
 * adoption data, translations and planner as the request thread's, loaded once per thread.
 */
import { loadAdoptionData } from './adoption-data.js';
import { createI18n } from './i18n.js';
import { preparer } from './prepare-plan.js';
import { createPlanner } from './web/planner.js';

export default preparer(createPlanner(loadAdoptionData(), createI18n()));
