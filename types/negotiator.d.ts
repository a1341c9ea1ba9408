/**
 * negotiator 1.1 ships no types, and @types/negotiator describes 0.6, whose encodings() has no
 * `preferred` option. Only what src/web/compression.ts calls.
 */
declare module 'negotiator' {
  export default class Negotiator {
    constructor(request: { headers: Record<string, string | string[] | undefined> });
    /** The acceptable ones of `available`, best first; ties go to `preferred`'s order. */
    encodings(available?: readonly string[], options?: { preferred?: readonly string[] }): string[];
  }
}
