/**
 * The pure diff: (desired, live, applied records, options) → Plan. No I/O: live state and
 * records are read by the caller (live-state.ts, an AppliedRecords store).
 */
import type {
  CreateJobRequest,
  CreateServiceRequest,
  Job,
  JobSummary,
  Service,
} from "../outpost/types.ts";
import { finishedJobStatuses } from "../outpost/types.ts";
import { ownedRecords, type AppliedRecord } from "../records/applied-record.ts";
import { changedEnvKeys, matchesDigest } from "../records/digest.ts";
import type { Change, FieldChange, JobChange, JobReason, Plan, ServiceChange } from "./plan.ts";

export interface DesiredJob {
  /** The job's name in outpost.yaml. */
  readonly key: string;
  /** The Outpost name of this commit's run (e.g. `<job>-<short_sha>`). */
  readonly runName: string;
  readonly body: CreateJobRequest;
  readonly paths: readonly string[];
}

export interface DesiredInput {
  readonly namespace: string;
  readonly services: readonly CreateServiceRequest[];
  readonly jobs: readonly DesiredJob[];
}

export interface LiveState {
  /** Services by name: every desired and every recorded one that exists. */
  readonly services: ReadonlyMap<string, Service>;
  /** Job runs by Outpost name: this commit's runs and the recorded ones that exist. */
  readonly jobs: ReadonlyMap<string, Job | JobSummary>;
}

export interface PlanOptions {
  /** Allow deleting and re-creating a service whose immutable fields changed. */
  readonly allowReplace?: boolean;
  /** Delete services this repository applied before that are gone from the file. */
  readonly prune?: boolean;
  /** Services to redeploy even when nothing changed. */
  readonly redeploy?: readonly string[];
  /** Jobs (keys) to submit now whether or not they are due. */
  readonly runJobs?: readonly string[];
  /** Cancel a job's previous run when a new one is submitted while it is still queued or running. */
  readonly cancelSuperseded?: boolean;
  /** Jobs' input digests (of the files matching their `paths:`), by job key. */
  readonly jobInputs?: ReadonlyMap<string, string>;
  /** Only records of this repository count as owned (for orphans). */
  readonly repository?: string;
}

/** Fields the API lets a PUT change. */
const mutableFields = [
  "min_replicas",
  "max_replicas",
  "target_gpu_utilization",
  "branch",
  "custom_domain",
] as const;
/** Fields fixed at creation: changing one means replacing the service. */
const immutableFields = [
  "repo",
  "image",
  "gpu",
  "gpu_count",
  "cpu",
  "memory_gb",
  "port",
  "health_check_path",
  "region",
] as const;

/** `null` and absent mean the same thing on both sides (e.g. no custom domain). */
function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** What the file says about a job run, without its name: the name changes with every commit. */
export function jobDefinition(body: CreateJobRequest): Omit<CreateJobRequest, "name"> {
  const { name: _name, ...definition } = body;
  return definition;
}

function recordOf(
  records: readonly AppliedRecord[],
  kind: AppliedRecord["kind"],
  key: string,
): AppliedRecord | undefined {
  return records.find((r) => r.kind === kind && r.key === key);
}

function diffService(
  spec: CreateServiceRequest,
  live: Service | undefined,
  record: AppliedRecord | undefined,
  options: PlanOptions,
): ServiceChange {
  const name = spec.name;
  if (!live) return { kind: "service", action: "create", name, spec };

  const immutable: FieldChange[] = immutableFields
    .filter((field) => !same(spec[field], live[field]))
    .map((field) => ({ field, from: live[field] ?? null, to: spec[field] ?? null }));
  if (immutable.length > 0) {
    return {
      kind: "service",
      action: "replace",
      name,
      spec,
      fields: immutable,
      allowed: options.allowReplace === true,
    };
  }

  const fields: FieldChange[] = [];
  const body: Record<string, unknown> = {};
  for (const field of mutableFields) {
    // A service deployed from an image has no branch to compare.
    if (field === "branch" && spec.repo === undefined) continue;
    if (!same(spec[field], live[field])) {
      fields.push({ field, from: live[field] ?? null, to: spec[field] ?? null });
      body[field] = spec[field] ?? null;
    }
  }
  const env = spec.env ?? {};
  const envChange = record
    ? { ...changedEnvKeys(record.digest, env), unknown: false }
    : { added: Object.keys(env).sort(), removed: [], changed: [], unknown: true };
  if (
    envChange.unknown ||
    envChange.added.length + envChange.removed.length + envChange.changed.length > 0
  ) {
    fields.push({ field: "env", ...envChange });
    body["env"] = env;
  }

  if (fields.length > 0) {
    const redeploys = "env" in body || "branch" in body;
    return {
      kind: "service",
      action: "update",
      name,
      spec,
      body: body,
      fields,
      redeploys,
    };
  }
  if (options.redeploy?.includes(name)) return { kind: "service", action: "redeploy", name, spec };
  return { kind: "service", action: "noop", name, spec };
}

/** Why a job is due now, or undefined when it is not. */
export function jobReason(
  job: DesiredJob,
  record: AppliedRecord | undefined,
  options: PlanOptions,
): JobReason | undefined {
  if (options.runJobs?.includes(job.key)) return "requested";
  if (!record) return "new";
  if (!matchesDigest(record.digest, jobDefinition(job.body))) return "definition-changed";
  const inputs = options.jobInputs?.get(job.key);
  if (job.paths.length > 0 && inputs !== record.inputsDigest) return "inputs-changed";
  return undefined;
}

/** A fresh run name when this commit's run already exists and the user asked for another. */
function nextRunName(runName: string, live: LiveState): string {
  for (let attempt = 2; ; attempt++) {
    const candidate = `${runName}-${attempt}`;
    if (!live.jobs.has(candidate)) return candidate;
  }
}

function diffJob(
  job: DesiredJob,
  live: LiveState,
  record: AppliedRecord | undefined,
  options: PlanOptions,
): JobChange[] {
  const reason = jobReason(job, record, options);
  if (reason === undefined) {
    return [
      {
        kind: "job",
        action: "skip",
        key: job.key,
        lastRunName: record?.outpostName ?? job.runName,
        lastCommit: record?.commit,
      },
    ];
  }
  const existing = live.jobs.get(job.runName);
  // An existing run of this name that no record accounts for was submitted by an apply that
  // did not finish: attach to it. One we recorded (its definition changed since, e.g. under a
  // fixed `run_name`), or a finished one asked to run again, needs a run of its own.
  const rerun =
    record?.outpostName === job.runName ||
    (reason === "requested" &&
      existing !== undefined &&
      finishedJobStatuses.includes(existing.status));
  if (existing && !rerun) {
    return [
      {
        kind: "job",
        action: "attach",
        key: job.key,
        runName: job.runName,
        spec: job.body,
        status: existing.status,
      },
    ];
  }
  const runName = existing ? nextRunName(job.runName, live) : job.runName;
  const changes: JobChange[] = [
    {
      kind: "job",
      action: "submit",
      key: job.key,
      runName,
      spec: { ...job.body, name: runName },
      reason,
    },
  ];
  const previous = record ? live.jobs.get(record.outpostName) : undefined;
  if (
    options.cancelSuperseded === true &&
    previous &&
    record &&
    record.outpostName !== runName &&
    !finishedJobStatuses.includes(previous.status)
  ) {
    changes.push({
      kind: "job",
      action: "cancel",
      key: job.key,
      runName: record.outpostName,
      supersededBy: runName,
    });
  }
  return changes;
}

function orphans(
  desired: DesiredInput,
  live: LiveState,
  records: readonly AppliedRecord[],
  options: PlanOptions,
): ServiceChange[] {
  const wanted = new Set(desired.services.map((s) => s.name));
  return records
    .filter((r) => r.kind === "service" && !wanted.has(r.key))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => ({
      kind: "service",
      action: "orphan",
      name: r.outpostName,
      exists: live.services.has(r.outpostName),
      prune: options.prune === true,
    }));
}

export function diff(
  desired: DesiredInput,
  live: LiveState,
  allRecords: readonly AppliedRecord[],
  options: PlanOptions = {},
): Plan {
  const records = ownedRecords(allRecords, options.repository);
  const changes: Change[] = [
    ...desired.services.map((spec) =>
      diffService(
        spec,
        live.services.get(spec.name),
        recordOf(records, "service", spec.name),
        options,
      ),
    ),
    ...orphans(desired, live, records, options),
    ...desired.jobs.flatMap((job) =>
      diffJob(job, live, recordOf(records, "job", job.key), options),
    ),
  ];
  return { namespace: desired.namespace, changes };
}
