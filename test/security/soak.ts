/**
 * Soak or quick: the long suites (fuzz corpora, the XSS corpus, crash cycles, the render
 * property) run in full under `npm run test:soak` (the vitest project "soak" sets KANAL_SOAK=1)
 * and as a quick sample of the same checks under `npm test`.
 */
export const SOAK = process.env.KANAL_SOAK === '1';

/** The soak size under `npm run test:soak`, the quick size otherwise. */
export function soakOr<T>(soak: T, quick: T): T {
  return SOAK ? soak : quick;
}

/** A spread sample of `items` (every k-th, always including the first): all of them when soaking. */
export function sample<T>(items: readonly T[], quick: number): readonly T[] {
  if (SOAK || items.length <= quick) return items;
  const step = items.length / quick;
  return Array.from({ length: quick }, (_, i) => items[Math.floor(i * step)]!);
}
