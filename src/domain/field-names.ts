/**
 * The nearest real field for a misspelled or misplaced one: "broadcastAudiance" →
 * "broadcastAudience", a top-level "knownChannelUse" → "customers.knownChannelUse". Pure.
 */

/** Levenshtein distance between two strings (case-insensitive), stopping early above `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[t.length]!;
}

/** How many edits a name of this length may be away and still be "close". */
function tolerance(name: string): number {
  return name.length <= 4 ? 1 : name.length <= 9 ? 2 : 3;
}

const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('.')));
const lastOf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/**
 * The known path nearest to an unknown `path` (dotted, array indices as "*"): first a sibling
 * (same parent) within a few edits of its name; else a field of the same name, or within a few
 * edits of it, anywhere else (the field put at the wrong level). Undefined when none is close.
 */
export function nearestField(path: string, known: readonly string[]): string | undefined {
  const parent = parentOf(path);
  const name = lastOf(path);
  const max = tolerance(name);
  const ranked = (candidates: readonly string[]) => {
    let best: { path: string; d: number } | undefined;
    for (const c of candidates) {
      const d = editDistance(name, lastOf(c), max);
      if (d <= max && (best === undefined || d < best.d)) best = { path: c, d };
    }
    return best?.path;
  };
  const siblings = known.filter((k) => parentOf(k) === parent && k !== path);
  return ranked(siblings) ?? ranked(known.filter((k) => parentOf(k) !== parent));
}
