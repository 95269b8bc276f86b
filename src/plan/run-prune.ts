/**
 * Which finished job runs `jobs prune` deletes: only runs the project's records name — never by
 * name — keeping the newest `keep` finished runs of each job, and never a run still queued or
 * running. Pure: the caller lists Outpost's runs and reads the records.
 */
import type { JobSummary } from "../outpost/types.ts";
import { finishedJobStatuses } from "../outpost/types.ts";
import type { AppliedRecord } from "../records/applied-record.ts";

export interface RunDecision {
  /** The job's key in outpost.yaml. */
  readonly key: string;
  /** The run's name on Outpost. */
  readonly run: string;
  readonly delete: boolean;
  /** Why, in words for people. */
  readonly why: string;
}

/**
 * One decision per run the records name (newest first per job), and the runs on Outpost that
 * look like the jobs' (`<key>` or `<key>-…`) but no record names, which are never touched.
 */
export function decideRunPrune(
  records: readonly AppliedRecord[],
  runs: readonly JobSummary[],
  keep: number,
  keys: readonly string[],
): { decisions: RunDecision[]; unrecorded: JobSummary[] } {
  const live = new Map(runs.map((run) => [run.name, run]));
  const recorded = new Map<string, AppliedRecord>();
  for (const record of [...records].sort((a, b) => b.appliedAt.localeCompare(a.appliedAt))) {
    // A record whose write failed never made the run: a run of that name is someone else's.
    if (record.kind === "job" && record.state !== "failed" && !recorded.has(record.outpostName))
      recorded.set(record.outpostName, record);
  }
  const finishedSeen = new Map<string, number>();
  const decisions: RunDecision[] = [];
  const byNewestRun = [...recorded.values()].sort((a, b) => {
    const at = (r: AppliedRecord) => live.get(r.outpostName)?.created_at ?? r.appliedAt;
    return at(b).localeCompare(at(a));
  });
  for (const record of byNewestRun) {
    const run = live.get(record.outpostName);
    const base = { key: record.key, run: record.outpostName };
    if (run === undefined) continue; // gone from Outpost already: nothing to do
    if (!finishedJobStatuses.includes(run.status)) {
      decisions.push({ ...base, delete: false, why: `still ${run.status}` });
      continue;
    }
    const rank = (finishedSeen.get(record.key) ?? 0) + 1;
    finishedSeen.set(record.key, rank);
    decisions.push(
      rank <= keep
        ? {
            ...base,
            delete: false,
            why: `${run.status}; one of the ${keep} newest finished runs of ${record.key} kept`,
          }
        : {
            ...base,
            delete: true,
            why: `${run.status} on ${run.created_at}; older than the ${keep} newest finished run${keep === 1 ? "" : "s"} of ${record.key}`,
          },
    );
  }
  const unrecorded = runs.filter(
    (run) =>
      !recorded.has(run.name) &&
      keys.some((key) => run.name === key || run.name.startsWith(`${key}-`)),
  );
  return { decisions, unrecorded };
}
