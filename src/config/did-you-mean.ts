/**
 * The candidate a user most likely meant by `input`: the same word in another case or
 * separator style (`gpuCount` → `gpu_count`), a unique candidate it begins (`memory` →
 * `memory_gb`), or the unique closest one within a few typing mistakes (`A100-80G` →
 * `A100-80GB`, `regoin` → `region`). Undefined when nothing is close or two are equally close.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const normalized = normalize(input);
  if (normalized === "") return undefined;
  const sameWord = candidates.filter((candidate) => normalize(candidate) === normalized);
  if (sameWord.length === 1) return sameWord[0];

  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    const allowed = Math.max(1, Math.floor(Math.max(input.length, candidate.length) / 3));
    if (distance > allowed) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  if (best !== undefined && !tied) return best;

  if (normalized.length >= 3) {
    const extended = candidates.filter((candidate) => normalize(candidate).startsWith(normalized));
    if (extended.length === 1) return extended[0];
  }
  return undefined;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, "");
}

/** Levenshtein distance where swapping two neighbouring characters counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const previous = rows[i - 1] ?? [];
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let distance = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution);
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) distance = Math.min(distance, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(distance);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
