/**
 * Whether a resource read back from the API is the one a create sent, as far as a read shows:
 * fields the API never returns (`env`) cannot be compared and are not.
 */

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields of `sent` that `seen` shows with another value. */
export function visibleDifferences(sent: object, seen: object): string[] {
  const shown = new Map(Object.entries(seen));
  return Object.entries(sent)
    .filter(([key, value]) => value !== undefined && shown.has(key))
    .filter(([key, value]) => !sameValue(value, shown.get(key)))
    .map(([key]) => key);
}
