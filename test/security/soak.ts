/**
 * Soak or quick: the sized suites (the render property, the domain properties, the page walk in
 * every language, the change property) run in full under `npm run test:soak` (the vitest project
 * "soak" sets KANAL_SOAK=1) and as a quick sample of the same checks under `npm test`. The
 * attack corpora (fuzz, XSS) and the suites that drive a real process (crash cycles among them)
 * run only under `npm run test:soak`, at their full size.
 */
export const SOAK = process.env.KANAL_SOAK === '1';

/** The soak size under `npm run test:soak`, the quick size otherwise. */
export function soakOr<T>(soak: T, quick: T): T {
  return SOAK ? soak : quick;
}
