/**
 * Plan and apply a resolved outpost.yaml: the sequence every front end runs (CLI, action, bot),
 * so none of them re-implements it. Each front end brings its own records store and renders the
 * outcome to its own channel.
 */
import type { DesiredState } from "../config/desired-state.ts";
import {
  ownedRecords,
  type AppliedRecord,
  type AppliedRecords,
} from "../records/applied-record.ts";
import { apply, type ApplyOptions, type ApplyResult } from "./apply.ts";
import { diff, type LiveState, type PlanOptions } from "./diff.ts";
import { jobInputDigests } from "./job-inputs.ts";
import type { OutpostPort } from "./outpost-port.ts";
import { readLiveState } from "./live-state.ts";
import type { Plan } from "./plan.ts";

export interface ReconcileSettings extends Omit<PlanOptions, "jobInputs"> {
  /** Where the repository's files are, for the jobs' `paths:` digests. */
  readonly root: string;
  readonly concurrency?: number;
}

export interface PlannedChanges {
  readonly plan: Plan;
  readonly live: LiveState;
  /** The records this repository owns, as the plan compared against them. */
  readonly records: readonly AppliedRecord[];
  readonly desired: DesiredState;
  readonly jobInputs: ReadonlyMap<string, string>;
}

/** Reads records and live state and diffs them against the desired state. Read-only. */
export async function planChanges(
  desired: DesiredState,
  api: OutpostPort,
  records: AppliedRecords,
  settings: ReconcileSettings,
): Promise<PlannedChanges> {
  const jobInputs = await jobInputDigests(settings.root, desired.jobs);
  const options = { ...settings, jobInputs };
  const owned = ownedRecords(await records.latest(desired.namespace), settings.repository);
  const live = await readLiveState(api, desired, owned, {
    ...options,
    concurrency: settings.concurrency ?? 8,
  });
  return { plan: diff(desired, live, owned, options), live, records: owned, desired, jobInputs };
}

export type ApplySettings = Omit<ApplyOptions, "live" | "records" | "jobInputs" | "repository">;

/** Applies a planned change set with the records it was planned against. */
export function applyChanges(
  planned: PlannedChanges,
  api: OutpostPort,
  records: AppliedRecords,
  settings: ApplySettings & { readonly repository?: string },
): Promise<ApplyResult> {
  return apply(planned.plan, api, {
    ...settings,
    live: planned.live,
    records,
    jobInputs: planned.jobInputs,
  });
}
