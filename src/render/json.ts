/**
 * The JSON outputs (`--json`, the action's outputs) as public documents: every one carries
 * `format_version` and has the shape its schema in docs/json/ describes (the types below are
 * generated from those schemas). This module is the one place where internal types — plans,
 * results, problems, errors, Outpost's answers — are mapped to them, so that changing an
 * internal type changes no public interface, and extending an output is one edit here and one in
 * its schema. Env values never appear: only the names of the variables. Every document is
 * serialised through the redaction, so a secret inside free text is masked too.
 */
import type { Problem } from "../config/problems.ts";
import type { JobCancellation, JobSummary, LogLine, ServiceSummary } from "../outpost/types.ts";
import type { ApplyResult, ResourceResult } from "../plan/apply.ts";
import type { Change, FieldChange, Plan } from "../plan/plan.ts";
import type { RunDecision } from "../plan/run-prune.ts";
import type { PullRequestPrune } from "../plan/preview-prune.ts";
import { hasChanges, writes } from "../plan/plan.ts";
import { planHeadline } from "./describe.ts";
import type {
  ApplyOutput,
  CancelOutput,
  Change as ChangeOutput,
  ErrorOutput,
  FieldChange as FieldChangeOutput,
  FormatVersion,
  JobRunStatus,
  JobsPruneOutput,
  PreviewsPruneOutput,
  LogsOutput,
  PlanOutput,
  Problem as ProblemOutput,
  ResourceResult as ResourceResultOutput,
  ServiceStatus,
  StatusOutput,
  ValidateOutput,
  ActionJobsOutput,
  ActionServicesOutput,
} from "./json-format.generated.ts";
import { noRedaction, type Redact } from "./redaction.ts";

export type * from "./json-format.generated.ts";

/** The version every JSON output carries; a new minor only adds fields (docs/json.md). */
export const formatVersion: FormatVersion = "1.0";

/** A document as one line of JSON, every secret masked. */
export function jsonText(
  document: { readonly format_version: FormatVersion },
  redact: Redact = noRedaction,
): string {
  return redact(JSON.stringify(document));
}

function problemOutput(problem: Problem): ProblemOutput {
  return {
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
    file: problem.file,
    line: problem.line,
    column: problem.column,
    end_line: problem.endLine,
    end_column: problem.endColumn,
    path: problem.path,
    ...(problem.expected === undefined ? {} : { expected: problem.expected }),
    ...(problem.suggestion === undefined ? {} : { suggestion: problem.suggestion }),
  };
}

export function validationOutput(file: string, problems: readonly Problem[]): ValidateOutput {
  const errors = problems.filter((problem) => problem.severity === "error").length;
  return {
    format_version: formatVersion,
    file,
    valid: errors === 0,
    errors,
    warnings: problems.length - errors,
    problems: problems.map(problemOutput),
  };
}

function fieldOutput(field: FieldChange): FieldChangeOutput {
  if ("added" in field) {
    const { added, removed, changed, unknown, why } = field;
    return {
      field: "env",
      added: [...added],
      removed: [...removed],
      changed: [...changed],
      unknown,
      ...(why === undefined ? {} : { why }),
    };
  }
  return { field: field.field, from: field.from ?? null, to: field.to };
}

/** A request to Outpost as the plan shows it: env as the names of its variables. */
function specOutput(spec: {
  readonly env?: Readonly<Record<string, string>>;
}): NonNullable<ChangeOutput["spec"]> {
  const { env, ...fields } = spec;
  return { ...fields, ...(env === undefined ? {} : { env: Object.keys(env) }) };
}

function changeOutput(change: Change): ChangeOutput {
  const common = { writes: writes(change), action: change.action };
  switch (change.action) {
    case "create":
    case "redeploy":
    case "noop":
      return {
        kind: "service",
        name: change.name,
        ...common,
        outpost_name: change.name,
        spec: specOutput(change.spec),
      };
    case "update":
      return {
        kind: "service",
        name: change.name,
        ...common,
        outpost_name: change.name,
        fields: change.fields.map(fieldOutput),
        redeploys: change.redeploys,
        spec: specOutput(change.spec),
      };
    case "replace":
      return {
        kind: "service",
        name: change.name,
        ...common,
        outpost_name: change.name,
        fields: change.fields.map(fieldOutput),
        allowed: change.allowed,
        owned: change.owned,
        spec: specOutput(change.spec),
      };
    case "orphan":
      return {
        kind: "service",
        name: change.name,
        ...common,
        outpost_name: change.name,
        exists: change.exists,
        prune: change.prune,
        owned: change.owned,
      };
    case "submit":
      return {
        kind: "job",
        name: change.key,
        ...common,
        outpost_name: change.runName,
        reason: change.reason,
        spec: specOutput(change.spec),
      };
    case "attach":
      return {
        kind: "job",
        name: change.key,
        ...common,
        outpost_name: change.runName,
        ...(change.status === undefined ? {} : { status: change.status }),
        spec: specOutput(change.spec),
      };
    case "skip":
      return {
        kind: "job",
        name: change.key,
        ...common,
        outpost_name: change.lastRunName,
        last_commit: change.lastCommit ?? null,
      };
    case "cancel":
      return {
        kind: "job",
        name: change.key,
        ...common,
        outpost_name: change.runName,
        superseded_by: change.supersededBy,
      };
  }
}

export function planOutput(plan: Plan): PlanOutput {
  return {
    format_version: formatVersion,
    namespace: plan.namespace,
    summary: planHeadline(plan),
    changed: hasChanges(plan),
    changes: plan.changes.map(changeOutput),
  };
}

function resultOutput(result: ResourceResult): ResourceResultOutput {
  const r = result;
  return {
    kind: r.kind,
    name: r.name,
    outpost_name: r.outpostName,
    action: r.action,
    ok: r.ok,
    ...(r.status === undefined ? {} : { status: r.status }),
    ...(r.id === undefined ? {} : { id: r.id }),
    ...(r.endpoint === undefined ? {} : { endpoint: r.endpoint }),
    ...(r.readyReplicas === undefined ? {} : { ready_replicas: r.readyReplicas }),
    ...(r.progress === undefined ? {} : { progress: r.progress }),
    ...(r.runtimeSeconds === undefined ? {} : { runtime_seconds: r.runtimeSeconds }),
    ...(r.totalCost === undefined ? {} : { total_cost: r.totalCost }),
    ...(r.artifactsUrl === undefined ? {} : { artifacts_url: r.artifactsUrl }),
    ...(r.message === undefined ? {} : { message: r.message }),
    ...(r.logTail === undefined ? {} : { log_tail: [...r.logTail] }),
  };
}

export function applyOutput(plan: Plan, result: ApplyResult): ApplyOutput {
  return {
    format_version: formatVersion,
    namespace: result.namespace,
    ok: result.ok,
    duration_ms: result.durationMs,
    changes: plan.changes.map(changeOutput),
    results: result.results.map(resultOutput),
  };
}

function serviceStatus(service: ServiceSummary): ServiceStatus {
  return {
    name: service.name,
    id: service.id,
    status: service.status,
    gpu: service.gpu,
    gpu_count: service.gpu_count,
    current_replicas: service.current_replicas,
    ready_replicas: service.ready_replicas,
    min_replicas: service.min_replicas,
    max_replicas: service.max_replicas,
    endpoint: service.endpoint,
    region: service.region,
    cost_per_hour_per_replica: service.cost_per_hour_per_replica,
    created_at: service.created_at,
    updated_at: service.updated_at,
  };
}

function jobRunStatus(job: JobSummary): JobRunStatus {
  return {
    name: job.name,
    id: job.id,
    status: job.status,
    gpu: job.gpu,
    gpu_count: job.gpu_count,
    region: job.region,
    progress: job.progress ?? null,
    cost_per_hour: job.cost_per_hour,
    runtime_seconds: job.runtime_seconds ?? null,
    created_at: job.created_at,
    started_at: job.started_at,
    completed_at: job.completed_at,
  };
}

export function statusOutput(status: {
  readonly namespace: string;
  readonly services: readonly ServiceSummary[];
  readonly jobs: readonly JobSummary[];
}): StatusOutput {
  return {
    format_version: formatVersion,
    namespace: status.namespace,
    services: status.services.map(serviceStatus),
    jobs: status.jobs.map(jobRunStatus),
  };
}

export function logLineOutput(line: LogLine): LogsOutput {
  return {
    format_version: formatVersion,
    type: "line",
    timestamp: line.timestamp,
    message: line.message,
  };
}

/** The last line of `logs --follow --json` on a job: the run ended (`status` null: unknown). */
export function logEndOutput(runName: string, status: string | undefined): LogsOutput {
  return { format_version: formatVersion, type: "end", run_name: runName, status: status ?? null };
}

export function cancellationOutput(namespace: string, cancellation: JobCancellation): CancelOutput {
  return {
    format_version: formatVersion,
    namespace,
    run_name: cancellation.name,
    status: cancellation.status,
    runtime_seconds: cancellation.runtime_seconds,
    total_cost: cancellation.total_cost,
    message: cancellation.message,
  };
}

export function pruneOutput(
  namespace: string,
  deleted: readonly string[],
  options: {
    readonly dryRun: boolean;
    readonly deleteArtifacts: boolean;
    readonly decisions: readonly RunDecision[];
    readonly unrecorded: readonly string[];
  },
): JobsPruneOutput {
  return {
    format_version: formatVersion,
    namespace,
    dry_run: options.dryRun,
    delete_artifacts: options.deleteArtifacts,
    deleted: [...deleted],
    decisions: options.decisions.map((d) => ({
      job: d.key,
      run_name: d.run,
      delete: d.delete,
      reason: d.why,
    })),
    unrecorded: [...options.unrecorded],
  };
}

/** `outpost previews prune --json`. */
export function previewsPruneOutput(
  namespace: string,
  prunes: readonly PullRequestPrune[],
  options: { readonly dryRun: boolean; readonly deleted: readonly string[] },
): PreviewsPruneOutput {
  return {
    format_version: formatVersion,
    namespace,
    dry_run: options.dryRun,
    deleted: [...options.deleted],
    previews: prunes.flatMap((prune) =>
      prune.verdicts.map((verdict) => ({
        name: verdict.preview.entry.name,
        service: verdict.preview.service,
        pull_request: verdict.preview.pull,
        expired: verdict.expired !== undefined,
        reason: verdict.expired ?? null,
        recorded: verdict.owned,
        delete: verdict.owned && verdict.expired !== undefined,
      })),
    ),
  };
}

export type ErrorCode = ErrorOutput["error"]["code"];

/** What a failed command prints under `--json`: its one-line message, and what a script needs. */
export function errorOutput(
  code: ErrorCode,
  message: string,
  details: {
    readonly problems?: readonly Problem[];
    readonly status?: number;
    readonly apiCode?: string | undefined;
    readonly requestId?: string | undefined;
  } = {},
): ErrorOutput {
  return {
    format_version: formatVersion,
    error: {
      code,
      message,
      ...(details.problems === undefined ? {} : { problems: details.problems.map(problemOutput) }),
      ...(details.status === undefined ? {} : { status: details.status }),
      ...(details.apiCode === undefined ? {} : { api_code: details.apiCode }),
      ...(details.requestId === undefined ? {} : { request_id: details.requestId }),
    },
  };
}

export function actionServicesOutput(
  services: Readonly<
    Record<string, { readonly endpoint: string | null; readonly status: string | null }>
  >,
): ActionServicesOutput {
  return { format_version: formatVersion, services: { ...services } };
}

export function actionJobsOutput(
  jobs: Readonly<
    Record<
      string,
      { readonly run_name: string; readonly id: string | null; readonly status: string | null }
    >
  >,
): ActionJobsOutput {
  return { format_version: formatVersion, jobs: { ...jobs } };
}
