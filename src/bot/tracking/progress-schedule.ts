/**
 * How often a running resource's progress is written to GitHub: often while it is young (people
 * watch a job start), then less and less — a six-hour fine-tune does not need a write every ten
 * seconds. State changes (queued → running, ready, degraded) and the end are written when they
 * happen; this schedule is only for progress (the bar, the runtime, the cost so far, the charts).
 *
 * | Followed for | At most one progress write every |
 * | --- | --- |
 * | under 10 minutes | 1 min |
 * | 10 minutes to 1 hour | 5 min |
 * | 1 to 6 hours | 10 min |
 * | over 6 hours | 15 min |
 *
 * Six jobs followed for an hour make about 100 writes in all; progress may take half the
 * budget (see budget/write-priority.ts), so a larger number of resources slows it further —
 * past the operator's fleet threshold they share one check run.
 *
 * Never more often than the operator's `minCheckRunWriteIntervalSeconds`.
 */

const minute = 60_000;

export const progressSchedule: readonly { readonly under: number; readonly everyMs: number }[] = [
  { under: 10 * minute, everyMs: minute },
  { under: 60 * minute, everyMs: 5 * minute },
  { under: 6 * 60 * minute, everyMs: 10 * minute },
  { under: Number.POSITIVE_INFINITY, everyMs: 15 * minute },
];

/** The least time between two progress writes of a resource followed for `ageMs`. */
export function progressIntervalMs(ageMs: number, floorMs: number): number {
  const step = progressSchedule.find((entry) => ageMs < entry.under) ?? progressSchedule.at(-1);
  return Math.max(floorMs, step?.everyMs ?? 0);
}
