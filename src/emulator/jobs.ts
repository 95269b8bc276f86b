/**
 * Emulated jobs: a submitted job becomes a record with a planned timeline (job-timeline.ts); its
 * API views (as listed, in detail, cancelled), analytics and log are read off that timeline at
 * the requested emulated time. `env` is kept but never shown.
 */
import type {
  Artifacts,
  CreateJobRequest,
  Env,
  Job,
  JobAnalytics,
  JobCancellation,
  JobSummary,
} from "../outpost/types.ts";
import { toTimestamp } from "./clock.ts";
import { checkMachine, checkSource } from "./combinations.ts";
import { jobLogLines, lastLineAt, lastPathSegment, type JobLogInputs } from "./job-log.ts";
import {
  attemptAt,
  cancelAt,
  finalAttempt,
  planAttempts,
  runtimeAt,
  statusAt,
  stepAt,
  type Attempt,
} from "./job-timeline.ts";
import type { TimedLine } from "./log-window.ts";
import { centsPerHour, costCents, money } from "./pricing.ts";
import { hash32, noise } from "./random.ts";
import type { JobScript } from "./scenario.ts";
import type { Timings } from "./timings.ts";
import { progressText, trainingShape, type TrainingShape } from "./training-log.ts";

/** The machine and limits of a job, with the documented defaults applied. */
type Spec = Pick<
  Job,
  | "name"
  | "gpu"
  | "gpu_count"
  | "cpu"
  | "memory_gb"
  | "disk_gb"
  | "region"
  | "timeout_minutes"
  | "retries"
>;

export interface JobRecord {
  readonly id: string;
  readonly namespace: string;
  readonly request: CreateJobRequest;
  readonly spec: Spec;
  /** Kept for inspection by tests; no API response carries it. */
  readonly env: Env;
  readonly commitSha: string | undefined;
  readonly createdAt: number;
  readonly centsPerHour: number;
  readonly shape: TrainingShape;
  readonly log: JobLogInputs;
  attempts: Attempt[];
}

export interface NewJob {
  readonly id: string;
  readonly namespace: string;
  readonly request: CreateJobRequest;
  readonly commitSha: string | undefined;
  readonly createdAt: number;
  readonly script: JobScript;
  readonly timings: Timings;
}

const exitCodeKilled = 137;

/** Checks combinations (422) and builds the record with the documented defaults. */
export function createJob(input: NewJob): JobRecord {
  const { request, timings, script } = input;
  const spec: Spec = {
    name: request.name,
    gpu: request.gpu,
    gpu_count: request.gpu_count ?? 1,
    cpu: request.cpu ?? 8,
    memory_gb: request.memory_gb ?? 32,
    disk_gb: request.disk_gb ?? 100,
    region: request.region ?? "us-east-1",
    timeout_minutes: request.timeout_minutes ?? 1440,
    retries: request.retries ?? 0,
  };
  checkSource(request);
  checkMachine(spec);
  const shape = trainingShape(request.command, timings.jobStepsPerEpoch, input.id);
  const h = hash32(input.id);
  const gpus = spec.gpu === "none" ? "no GPU" : `${spec.gpu_count}x ${spec.gpu}`;
  const log: JobLogInputs = {
    id: input.id,
    namespace: input.namespace,
    command: request.command,
    source:
      request.image !== undefined
        ? `Pulling image ${request.image}`
        : `Cloning ${request.repo ?? ""}@${request.branch ?? "main"} (${(input.commitSha ?? "").slice(0, 7)})`,
    machine: `${gpus}, ${spec.cpu} vCPU, ${spec.memory_gb} GB memory, ${spec.disk_gb} GB disk in ${spec.region}`,
    retries: spec.retries,
    timeoutMinutes: spec.timeout_minutes,
    outputPath: request.output_path,
    artifactsGb: 1 + (h % 400) / 10,
    exitCode: script.exitCode ?? 1,
    failMessage:
      script.failMessage ?? "RuntimeError: CUDA error: an illegal memory access was encountered",
    shape,
    timings,
  };
  return {
    id: input.id,
    namespace: input.namespace,
    request,
    spec,
    env: { ...request.env },
    commitSha: input.commitSha,
    createdAt: input.createdAt,
    centsPerHour: centsPerHour(spec),
    shape,
    log,
    attempts: planAttempts({
      createdAt: input.createdAt,
      shape,
      timeoutMinutes: spec.timeout_minutes,
      retries: spec.retries,
      hasOutput: request.output_path !== undefined,
      script,
      timings,
    }),
  };
}

export function jobStatus(job: JobRecord, t: number) {
  return statusAt(job.attempts, t);
}

export function isFinished(job: JobRecord, t: number): boolean {
  const status = jobStatus(job, t);
  return status !== "queued" && status !== "running";
}

function exitCode(job: JobRecord): number | null {
  const last = finalAttempt(job.attempts);
  switch (last.outcome) {
    case "succeeded":
      return 0;
    case "failed":
      return job.log.exitCode;
    case "timed_out":
      return exitCodeKilled;
    case "cancelled":
      return last.endAt < last.startAt ? null : exitCodeKilled;
  }
}

/** The state a view shows; `progress` only while running, as in the seed page's examples. */
function stateAt(job: JobRecord, t: number) {
  const status = jobStatus(job, t);
  const first = job.attempts[0];
  const startedAt =
    first !== undefined && first.startAt <= t && first.startAt < first.endAt
      ? first.startAt
      : undefined;
  const finished = status !== "queued" && status !== "running";
  return {
    status,
    finished,
    progress:
      status === "running"
        ? { progress: progressText(job.shape, stepAt(attemptAt(job.attempts, t), job.shape, t)) }
        : {},
    runtimeMs: runtimeAt(job.attempts, t),
    startedAt,
    timestamps: {
      created_at: toTimestamp(job.createdAt),
      started_at: startedAt === undefined ? null : toTimestamp(startedAt),
      completed_at: finished ? toTimestamp(finalAttempt(job.attempts).endAt) : null,
    },
  };
}

const seconds = (milliseconds: number) => Math.floor(milliseconds / 1000);

export function jobSummary(job: JobRecord, t: number): JobSummary {
  const state = stateAt(job, t);
  return {
    id: job.id,
    name: job.spec.name,
    namespace: job.namespace,
    status: state.status,
    gpu: job.spec.gpu,
    gpu_count: job.spec.gpu_count,
    region: job.spec.region,
    ...state.progress,
    cost_per_hour: money(job.centsPerHour),
    ...(state.startedAt !== undefined ? { runtime_seconds: seconds(state.runtimeMs) } : {}),
    ...state.timestamps,
  };
}

function totalCost(job: JobRecord, t: number): string {
  return money(costCents(job.centsPerHour, runtimeAt(job.attempts, t)));
}

function artifacts(job: JobRecord): Artifacts | null {
  const output = job.request.output_path;
  if (finalAttempt(job.attempts).outcome !== "succeeded" || output === undefined) return null;
  return {
    path: output,
    size_bytes: Math.round(job.log.artifactsGb * 2 ** 30),
    files: 2 + (hash32(`${job.id}/files`) % 20),
    download_url: `https://artifacts.outpost.run/${job.namespace}/${job.id}/${lastPathSegment(output)}`,
  };
}

/** A job in detail, its keys in the seed page's order. */
export function jobView(job: JobRecord, t: number): Job {
  const state = stateAt(job, t);
  const { request, spec } = job;
  const started = state.startedAt !== undefined;
  return {
    id: job.id,
    name: spec.name,
    namespace: job.namespace,
    status: state.status,
    ...state.progress,
    command: request.command,
    ...(request.repo !== undefined
      ? { repo: request.repo, branch: request.branch ?? "main", commit_sha: job.commitSha ?? "" }
      : {}),
    ...(request.image !== undefined ? { image: request.image } : {}),
    gpu: spec.gpu,
    gpu_count: spec.gpu_count,
    cpu: spec.cpu,
    memory_gb: spec.memory_gb,
    disk_gb: spec.disk_gb,
    region: spec.region,
    timeout_minutes: spec.timeout_minutes,
    retries: spec.retries,
    retry_count: attemptAt(job.attempts, t).index,
    ...(request.output_path !== undefined ? { output_path: request.output_path } : {}),
    ...(state.finished ? { exit_code: exitCode(job) } : {}),
    cost_per_hour: money(job.centsPerHour),
    ...(started
      ? { total_cost: totalCost(job, t), runtime_seconds: seconds(state.runtimeMs) }
      : {}),
    ...(state.finished ? { artifacts: artifacts(job) } : {}),
    ...state.timestamps,
  };
}

/** Cancels a queued or running job at `t` (the caller checks that it is not finished). */
export function cancelJob(job: JobRecord, t: number): JobCancellation {
  job.attempts = cancelAt(job.attempts, t);
  return {
    id: job.id,
    name: job.spec.name,
    namespace: job.namespace,
    status: "cancelled",
    message: "Job cancellation initiated. Running processes will be terminated.",
    runtime_seconds: seconds(runtimeAt(job.attempts, t)),
    total_cost: totalCost(job, t),
    completed_at: toTimestamp(t),
  };
}

export function jobAnalytics(job: JobRecord, t: number): JobAnalytics {
  const runtime = runtimeAt(job.attempts, t);
  const attempt = attemptAt(job.attempts, t);
  // A queued job has used nothing yet; a finished one reports its last running minute.
  const at = Math.min(t, attempt.endAt);
  const running = runtime > 0;
  const minute = Math.floor(at / 60_000);
  const wobble = (metric: string) => noise(`${job.id}/${metric}/${minute}`);
  const progress = Math.min(
    1,
    Math.max(0, (at - attempt.startAt) / (attempt.endAt - attempt.startAt)),
  );
  const round1 = (value: number) => Math.round(value * 10) / 10;
  return {
    name: job.spec.name,
    namespace: job.namespace,
    gpu_utilization_percent:
      running && job.spec.gpu !== "none" ? Math.round(92 + 4 * wobble("gpu")) : 0,
    cpu_utilization_percent: running ? Math.round(65 + 8 * wobble("cpu")) : 0,
    memory_used_gb: running ? round1(job.spec.memory_gb * (0.8 + 0.04 * wobble("mem"))) : 0,
    disk_used_gb: running ? round1(job.spec.disk_gb * (0.1 + 0.66 * progress)) : 0,
    runtime_seconds: seconds(runtime),
  };
}

/** The job's log lines by `t` (only those after `after`, when given). */
export function jobLog(job: JobRecord, t: number, after?: number): TimedLine[] {
  return jobLogLines(job.log, job.attempts, t, after);
}

/** When the job's log is complete: its end, or the SIGKILL notice after it. */
export function jobLogEndsAt(job: JobRecord): number {
  return lastLineAt(job.log, job.attempts);
}
