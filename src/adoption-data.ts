/**
 * Loads the adoption data file (data/adoption.json) and validates it against the domain's schema.
 * The only I/O of the engine: callers read the data once and pass it to plan().
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type AdoptionData, parseAdoptionData } from './domain/adoption.js';

export const ADOPTION_DATA_PATH = fileURLToPath(new URL('../data/adoption.json', import.meta.url));

/** Reads and validates the data file; throws with the bad fields listed if it is invalid. */
export function loadAdoptionData(path = ADOPTION_DATA_PATH): AdoptionData {
  return parseAdoptionData(JSON.parse(readFileSync(path, 'utf8')) as unknown);
}
