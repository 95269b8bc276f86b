/**
 * The pure diff: (desired, live, the project's records, options) → Plan. No I/O: live state and
 * records are read by the caller (live-state.ts, a RecordStore).
 *
 * Ownership comes from records only: a service is the project's to delete (prune, replace) when
 * its record names the live service's id; names never decide. A job run is identified by the
 * job, its definition and inputs, the commit and what asked for it (`request`): one run per
 * identity, whatever the number of attempts, and never an unrelated run attached to.
 */
import type {
  CreateJobRequest,
  CreateServiceRequest,
  Job,
  JobSummary,
  Service,
  ServiceSummary,
} from "../outpost/types.ts";
import { finishedJobStatuses } from "../outpost/types.ts";
import {
  changeRequest,
  recordsOf,
  type AppliedRecord,
  type ProjectRecords,
} from "../records/applied-record.ts";
import type { Digester } from "../records/digest.ts";
import type { ProjectIdentity } from "../records/identity.ts";
import { observationOf, sameObservation } from "./observation.ts";
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
  /** Services read in full: those whose list entry or file changed since their record. */
  readonly services: ReadonlyMap<string, Service>;
  /** The list entry of every desired or recorded service that exists. */
  readonly listed: ReadonlyMap<string, ServiceSummary>;
  /** How many services the namespace held: what listing all of them costs (100 a page). */
  readonly serviceCount: number;
  /** Job runs by Outpost name: the runs the plan needs to know of that exist. */
  readonly jobs: ReadonlyMap<string, Job | JobSummary>;
}

/** A service as the plan knows it: read in full, or its list entry. */
export function liveService(live: LiveState, name: string): Service | ServiceSummary | undefined {
  return live.services.get(name) ?? live.listed.get(name);
}

/** A job's input digest (the files its `paths:` match), as records of each version hold it. */
export interface JobInputs {
  readonly digest: string;
  /** The same files digested as version-1 records did, when it differs. */
  readonly legacyDigest?: string;
}

export interface PlanOptions {
  /** Makes and compares records' digests with the current records key. */
  readonly digester: Digester;
  /** The project planned (named in the plan). */
  readonly identity: ProjectIdentity;
  /** The commit planned: job runs of other commits are never this commit's runs. */
  readonly commit?: string;
  /** Allow deleting and re-creating a service whose immutable fields changed. */
  readonly allowReplace?: boolean;
  /** Delete services this project applied before that are gone from the file. */
  readonly prune?: boolean;
  /** Services to redeploy even when nothing changed. */
  readonly redeploy?: readonly string[];
  /**
   * Redeploy each service whose latest record is of another commit than `commit`, even when
   * nothing changed: a pull request's previews follow its pushes.
   */
  readonly redeployOtherCommits?: boolean;
  /** Jobs (keys) to submit now whether or not they are due. */
  readonly runJobs?: readonly string[];
  /** What asks for `runJobs` (a workflow run, a comment, a CLI invocation): one run per request. */
  readonly request?: string;
  /** Cancel a job's previous run when a new one is submitted while it is still queued or running. */
  readonly cancelSuperseded?: boolean;
  /** Jobs' input digests (of the files matching their `paths:`), by job key. */
  readonly jobInputs?: ReadonlyMap<string, JobInputs>;
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

function latestRecord(
  records: ProjectRecords,
  kind: AppliedRecord["kind"],
  key: string,
): AppliedRecord | undefined {
  return recordsOf(records.latest, kind, key)[0];
}

/** Whether the live service is the one the record names: the project's to delete. */
function owns(
  record: AppliedRecord | undefined,
  live: Service | ServiceSummary | undefined,
): boolean {
  if (record === undefined || live === undefined) return false;
  return record.outpostId === undefined || record.outpostId === live.id;
}

/**
 * The record of a resource whose spec (as far as can be told) is unchanged, rewritten: under the
 * current key, with its inputs digested as records now do, or — a running service — with what
 * its list entry shows now, so that the next plan need not read it in full.
 */
function rewritten(
  record: AppliedRecord,
  spec: object,
  env: Readonly<Record<string, string>>,
  options: PlanOptions,
  inputs?: JobInputs,
  live?: Service,
): AppliedRecord | undefined {
  const staleInputs =
    inputs !== undefined &&
    record.inputsDigest !== undefined &&
    record.inputsDigest !== inputs.digest;
  const observed = live?.status === "running" ? observationOf(live) : undefined;
  const staleObservation = observed !== undefined && !sameObservation(record.observed, observed);
  const staleKey = options.digester.isStale(record.digest);
  if (!staleKey && !staleInputs && !staleObservation) return undefined;
  return {
    ...record,
    digest: staleKey ? options.digester.digest(spec, env) : record.digest,
    ...(inputs === undefined ? {} : { inputsDigest: inputs.digest }),
    ...(observed === undefined ? {} : { observed }),
  };
}

function envChange(
  spec: CreateServiceRequest,
  record: AppliedRecord | undefined,
  options: PlanOptions,
): Extract<FieldChange, { field: "env" }> | undefined {
  const env = spec.env ?? {};
  const compared = record ? options.digester.envChanges(record.digest, env) : undefined;
  if (
    record &&
    compared === undefined &&
    options.digester.sameEnvInPublic(record.digest, spec, env)
  )
    return undefined;
  if (compared === undefined) {
    return {
      field: "env",
      added: Object.keys(env).sort(),
      removed: [],
      changed: [],
      unknown: true,
      why: record ? "other-key" : "no-record",
    };
  }
  const changes = compared.added.length + compared.removed.length + compared.changed.length;
  return changes > 0 ? { field: "env", ...compared, unknown: false } : undefined;
}

function diffService(
  spec: CreateServiceRequest,
  listed: ServiceSummary | undefined,
  live: Service | undefined,
  record: AppliedRecord | undefined,
  options: PlanOptions,
): ServiceChange {
  const name = spec.name;
  if (!listed) return { kind: "service", action: "create", name, spec };
  const redeploy =
    options.redeploy?.includes(name) === true ||
    (options.redeployOtherCommits === true &&
      record !== undefined &&
      record.commit !== options.commit);
  if (!live) {
    // Its list entry is as its record observed, and the file is as applied: nothing to compare.
    if (redeploy) return { kind: "service", action: "redeploy", name, spec };
    return { kind: "service", action: "noop", name, spec };
  }

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
      owned: owns(record, live),
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
  const env = envChange(spec, record, options);
  if (env !== undefined) {
    fields.push(env);
    body["env"] = spec.env ?? {};
  }

  if (fields.length > 0) {
    const redeploys = "env" in body || "branch" in body;
    return { kind: "service", action: "update", name, spec, body, fields, redeploys };
  }
  if (redeploy) return { kind: "service", action: "redeploy", name, spec };
  const rewrite = record && rewritten(record, spec, spec.env ?? {}, options, undefined, live);
  return { kind: "service", action: "noop", name, spec, ...(rewrite ? { rewrite } : {}) };
}

/** Whether a record's inputs digest is the one these files give, in the record's own format. */
function sameInputs(record: AppliedRecord, inputs: JobInputs | undefined): boolean {
  if (inputs === undefined) return record.inputsDigest === undefined;
  return (
    record.inputsDigest === inputs.digest ||
    (inputs.legacyDigest !== undefined && record.inputsDigest === inputs.legacyDigest)
  );
}

/** Why a job is due now, or undefined when it is not. */
export function jobReason(
  job: DesiredJob,
  record: AppliedRecord | undefined,
  options: PlanOptions,
): JobReason | undefined {
  if (options.runJobs?.includes(job.key)) return "requested";
  if (!record) return "new";
  if (options.digester.compare(record.digest, jobDefinition(job.body)) === "different")
    return "definition-changed";
  if (job.paths.length > 0 && !sameInputs(record, options.jobInputs?.get(job.key)))
    return "inputs-changed";
  return undefined;
}

/** What asks for a due job's run. */
export function jobRequest(reason: JobReason, options: PlanOptions): string {
  return reason === "requested" ? (options.request ?? changeRequest) : changeRequest;
}

/**
 * The project's records of this very run — same job, definition, inputs, commit and request —
 * newest first. A record that failed never reached Outpost, so it is not the run.
 */
export function recordsOfRun(
  job: DesiredJob,
  request: string,
  records: ProjectRecords,
  options: PlanOptions,
): AppliedRecord[] {
  const definition = jobDefinition(job.body);
  const inputs = options.jobInputs?.get(job.key);
  return recordsOf(records.runsAtCommit, "job", job.key).filter(
    (record) =>
      record.state !== "failed" &&
      (record.request ?? changeRequest) === request &&
      options.digester.compare(record.digest, definition) !== "different" &&
      (job.paths.length === 0 || sameInputs(record, inputs)),
  );
}

/**
 * The names a new run of `job` may take, in order: its run name, then `<run>-2`, `<run>-3`…,
 * leaving out every name the project's records hold.
 */
export function* candidateRunNames(
  job: DesiredJob,
  records: ProjectRecords,
): Generator<string, never, undefined> {
  const held = records.runNames.get(job.key) ?? new Set<string>();
  for (let attempt = 1; ; attempt++) {
    const name = attempt === 1 ? job.runName : `${job.runName}-${attempt}`;
    if (!held.has(name)) yield name;
  }
}

/** How many further names a new run may try when others hold the first ones. */
export const runNameAlternatives = 9;

/**
 * The names a new run would take, in order: those no record holds and the plan did not find
 * on Outpost (it looks for none: the apply moves on when a create finds a name taken).
 */
function freeRunNames(job: DesiredJob, live: LiveState, records: ProjectRecords): string[] {
  const names: string[] = [];
  for (const name of candidateRunNames(job, records)) {
    if (live.jobs.has(name)) continue;
    names.push(name);
    if (names.length > runNameAlternatives) break;
  }
  return names;
}

function diffJob(
  job: DesiredJob,
  live: LiveState,
  records: ProjectRecords,
  options: PlanOptions,
): JobChange[] {
  const record = latestRecord(records, "job", job.key);
  const reason = jobReason(job, record, options);
  if (reason === undefined) {
    const inputs = job.paths.length > 0 ? options.jobInputs?.get(job.key) : undefined;
    const rewrite =
      record && rewritten(record, jobDefinition(job.body), job.body.env ?? {}, options, inputs);
    return [
      {
        kind: "job",
        action: "skip",
        key: job.key,
        lastRunName: record?.outpostName ?? job.runName,
        lastCommit: record?.commit,
        ...(rewrite ? { rewrite } : {}),
      },
    ];
  }
  const request = jobRequest(reason, options);
  const earlier = recordsOfRun(job, request, records, options)[0];
  if (earlier !== undefined) {
    const existing = live.jobs.get(earlier.outpostName);
    // Submitted already, or begun and found on Outpost: this run exists; attach to it.
    if (earlier.state === "written" || existing !== undefined) {
      return [
        {
          kind: "job",
          action: "attach",
          key: job.key,
          runName: earlier.outpostName,
          spec: { ...job.body, name: earlier.outpostName },
          status: existing?.status,
          record: earlier,
        },
      ];
    }
  }
  // Begun but not on Outpost: the submission never arrived; send it under the same name.
  const [first = job.runName, ...alternatives] =
    earlier === undefined ? freeRunNames(job, live, records) : [earlier.outpostName];
  const runName = first;
  const changes: JobChange[] = [
    {
      kind: "job",
      action: "submit",
      key: job.key,
      runName,
      spec: { ...job.body, name: runName },
      reason,
      request,
      ...(earlier === undefined ? {} : { resumes: earlier }),
      alternatives,
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
  records: ProjectRecords,
  options: PlanOptions,
): ServiceChange[] {
  const wanted = new Set(desired.services.map((s) => s.name));
  return records.latest
    .filter((r) => r.kind === "service" && !wanted.has(r.key))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((r) => {
      const service = liveService(live, r.outpostName);
      return {
        kind: "service",
        action: "orphan",
        name: r.outpostName,
        exists: service !== undefined,
        prune: options.prune === true,
        owned: owns(r, service),
        ...(r.outpostId === undefined ? {} : { recordedId: r.outpostId }),
      };
    });
}

export function diff(
  desired: DesiredInput,
  live: LiveState,
  records: ProjectRecords,
  options: PlanOptions,
): Plan {
  const changes: Change[] = [
    ...desired.services.map((spec) =>
      diffService(
        spec,
        live.listed.get(spec.name),
        live.services.get(spec.name),
        latestRecord(records, "service", spec.name),
        options,
      ),
    ),
    ...orphans(desired, live, records, options),
    ...desired.jobs.flatMap((job) => diffJob(job, live, records, options)),
  ];
  return { namespace: desired.namespace, identity: options.identity, changes };
}
