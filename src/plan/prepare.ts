/** Reads what a plan needs (applied records, live state) and diffs: the one call front ends make to plan. */
import { ownedRecords, type AppliedRecord, type AppliedRecords } from "./applied-records.ts";
import { diff, type DesiredInput, type LiveState, type PlanOptions } from "./diff.ts";
import { readLiveState } from "./live-state.ts";
import type { OutpostPort } from "./outpost-port.ts";
import type { Plan } from "./plan.ts";

export interface PreparedPlan {
  readonly plan: Plan;
  readonly live: LiveState;
  readonly records: readonly AppliedRecord[];
}

export async function preparePlan(
  desired: DesiredInput,
  api: Pick<OutpostPort, "findService" | "findJob">,
  store: Pick<AppliedRecords, "latest">,
  options: PlanOptions & { readonly concurrency?: number } = {},
): Promise<PreparedPlan> {
  const records = ownedRecords(await store.latest(desired.namespace), options.repository);
  const live = await readLiveState(api, desired, records, {
    concurrency: options.concurrency ?? 8,
    ...(options.runJobs === undefined ? {} : { runJobs: options.runJobs }),
    ...(options.jobInputs === undefined ? {} : { jobInputs: options.jobInputs }),
  });
  return { plan: diff(desired, live, records, options), live, records };
}
