/**
 * The step's outputs, as later steps read them (`fromJSON(steps.outpost.outputs.services)`):
 * `plan` (the plan as JSON), `changed` (`true`/`false`), `services` (name → endpoint, status) and
 * `jobs` (name in outpost.yaml → run name, id, status), each JSON document versioned
 * (`format_version`, docs/json/). Pure: main.ts writes them. After an apply
 * they tell what the apply left; after a plan, what is live now and what would run.
 */
import type { ApplyResult } from "../plan/apply.ts";
import { liveService } from "../plan/diff.ts";
import { hasChanges } from "../plan/plan.ts";
import type { PlannedChanges } from "../plan/reconcile.ts";
import {
  actionJobsOutput,
  actionServicesOutput,
  jsonText,
  planOutput,
  type JobOutput,
  type ServiceOutput,
} from "../render/json.ts";
import type { Redact } from "../render/redaction.ts";

export interface ActionOutputs {
  readonly plan: string;
  readonly changed: "true" | "false";
  readonly services: string;
  readonly jobs: string;
}

function servicesAfterPlan(planned: PlannedChanges): Record<string, ServiceOutput> {
  return Object.fromEntries(
    planned.desired.services.map((spec) => {
      const live = liveService(planned.live, spec.name);
      return [spec.name, { endpoint: live?.endpoint ?? null, status: live?.status ?? null }];
    }),
  );
}

/** A run's Outpost id: as read now, or else as its record holds it (a job not due is not read). */
function runId(planned: PlannedChanges, key: string, runName: string): string | null {
  const read = planned.live.jobs.get(runName)?.id;
  const recorded = planned.records.latest.find(
    (record) => record.kind === "job" && record.key === key && record.outpostName === runName,
  )?.outpostId;
  return read ?? recorded ?? null;
}

function jobsAfterPlan(planned: PlannedChanges): Record<string, JobOutput> {
  const entries: [string, JobOutput][] = [];
  for (const change of planned.plan.changes) {
    if (change.kind !== "job" || change.action === "cancel") continue;
    const runName = change.action === "skip" ? change.lastRunName : change.runName;
    const live = planned.live.jobs.get(runName);
    entries.push([
      change.key,
      { run_name: runName, id: runId(planned, change.key, runName), status: live?.status ?? null },
    ]);
  }
  return Object.fromEntries(entries);
}

function servicesAfterApply(result: ApplyResult): Record<string, ServiceOutput> {
  return Object.fromEntries(
    result.results
      .filter((r) => r.kind === "service")
      .map((r) => [r.name, { endpoint: r.endpoint ?? null, status: r.status ?? null }]),
  );
}

function jobsAfterApply(result: ApplyResult, planned: PlannedChanges): Record<string, JobOutput> {
  return Object.fromEntries(
    result.results
      .filter((r) => r.kind === "job" && r.action !== "cancel")
      .map((r) => {
        // A job that was not due is read neither by the plan nor by the apply.
        const live = planned.live.jobs.get(r.outpostName);
        return [
          r.name,
          {
            run_name: r.outpostName,
            id: r.id ?? runId(planned, r.name, r.outpostName),
            status: r.status ?? live?.status ?? null,
          },
        ];
      }),
  );
}

export function actionOutputs(
  planned: PlannedChanges,
  result: ApplyResult | undefined,
  redact: Redact,
): ActionOutputs {
  const services = result ? servicesAfterApply(result) : servicesAfterPlan(planned);
  const jobs = result ? jobsAfterApply(result, planned) : jobsAfterPlan(planned);
  return {
    plan: jsonText(planOutput(planned.plan), redact),
    changed: hasChanges(planned.plan) ? "true" : "false",
    services: jsonText(actionServicesOutput(services), redact),
    jobs: jsonText(actionJobsOutput(jobs), redact),
  };
}
