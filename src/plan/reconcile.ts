/**
 * Plan and apply a resolved outpost.yaml: the sequence every front end runs (CLI, action, bot),
 * so none of them re-implements it. Each front end brings its own records store and renders the
 * outcome to its own channel.
 */
import type { DesiredState } from "../config/desired-state.ts";
import type { AppliedRecords } from "./applied-records.ts";
import { apply, type ApplyOptions, type ApplyResult } from "./apply.ts";
import type { PlanOptions } from "./diff.ts";
import { jobInputDigests } from "./job-inputs.ts";
import type { OutpostPort } from "./outpost-port.ts";
import { preparePlan, type PreparedPlan } from "./prepare.ts";

export interface ReconcileSettings extends Omit<PlanOptions, "jobInputs"> {
  /** Where the repository's files are, for the jobs' `paths:` digests. */
  readonly root: string;
  readonly concurrency?: number;
}

export interface PlannedChanges extends PreparedPlan {
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
  const prepared = await preparePlan(desired, api, records, { ...settings, jobInputs });
  return { ...prepared, desired, jobInputs };
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
