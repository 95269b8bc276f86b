/**
 * Repeated measurements and what they are summarised by. The machines the benchmarks run on are
 * shared and noisy, so every figure is a median (or a percentile) over repeats that follow
 * untimed warm-up runs, never a single reading.
 */

/** The value at quantile `q` (0..1) of `values`, by the nearest-rank method. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("no samples");
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("no samples");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export interface Repeats {
  /** Untimed runs first: module loading, JIT and connection set-up are not what is measured. */
  readonly warmUp: number;
  readonly timed: number;
}

/**
 * Runs `measure` `warmUp + timed` times, in order, and returns the timed runs' results. Each run
 * returns what it measured (a duration, or a record of figures).
 */
export async function repeat<T>(repeats: Repeats, measure: (index: number) => Promise<T>) {
  for (let index = 0; index < repeats.warmUp; index++) await measure(index);
  const results: T[] = [];
  for (let index = 0; index < repeats.timed; index++) {
    results.push(await measure(repeats.warmUp + index));
  }
  return results;
}

/** Milliseconds `work` takes, on the monotonic clock. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}
