/**
 * Plan and apply a resolved outpost.yaml: the sequence every front end runs (CLI, action, bot),
 * so none of them re-implements it. Each front end brings its own records store (whose identity
 * is the project planned) and records key, and renders the outcome to its own channel.
 */
import { randomUUID } from "node:crypto";
import type { DesiredState } from "../config/desired-state.ts";
import type { FileSource } from "../files/file-source.ts";
import { jobInputDigests } from "../files/job-inputs.ts";
import { legacyJobInputsDigestFrom } from "../files/legacy-job-inputs.ts";
import type { AppliedRecord, ProjectRecords, RecordStore } from "../records/applied-record.ts";
import { Digester } from "../records/digest.ts";
import type { RecordKey } from "../records/record-key.ts";
import { apply, type ApplyOptions, type ApplyResult } from "./apply.ts";
import { diff, type JobInputs, type LiveState, type PlanOptions } from "./diff.ts";
import type { OutpostPort } from "./outpost-port.ts";
import { readLiveState } from "./live-state.ts";
import type { Plan } from "./plan.ts";

export interface ReconcileSettings extends Omit<
  PlanOptions,
  "jobInputs" | "digester" | "identity" | "commit" | "request"
> {
  /** The repository's files (a checkout, a Git tree), for the jobs' `paths:` digests. */
  readonly files: FileSource;
  readonly concurrency?: number;
  /** The key records' digests are made with (record-key.ts). */
  readonly recordKey: RecordKey;
  /** The commit planned (new records are made for it). */
  readonly commit?: string;
  /**
   * What asks for `runJobs`: a workflow run's id, a comment's, … — so that asking again (a
   * re-run attempt, a redelivery) submits nothing twice. A fresh id when not given.
   */
  readonly request?: string;
}

export interface PlannedChanges {
  readonly plan: Plan;
  readonly live: LiveState;
  /** The project's records, as the plan compared against them. */
  readonly records: ProjectRecords;
  readonly desired: DesiredState;
  readonly jobInputs: ReadonlyMap<string, JobInputs>;
  readonly digester: Digester;
}

/**
 * Each job's input digest; and, where the job's latest record holds another one, the digest of
 * the same files as records before Git blob ids made it, so an upgrade makes no job due.
 */
async function readJobInputs(
  files: FileSource,
  desired: DesiredState,
  latest: readonly AppliedRecord[],
): Promise<Map<string, JobInputs>> {
  const digests = await jobInputDigests(files, desired.jobs);
  const inputs = new Map<string, JobInputs>();
  for (const job of desired.jobs) {
    const digest = digests.get(job.key);
    if (digest === undefined) continue;
    const recorded = latest.find((r) => r.kind === "job" && r.key === job.key)?.inputsDigest;
    const legacyDigest =
      recorded === undefined || recorded === digest
        ? undefined
        : await legacyJobInputsDigestFrom(files, job);
    inputs.set(job.key, legacyDigest === undefined ? { digest } : { digest, legacyDigest });
  }
  return inputs;
}

/** Reads records and live state and diffs them against the desired state. Read-only. */
export async function planChanges(
  desired: DesiredState,
  api: OutpostPort,
  store: RecordStore,
  settings: ReconcileSettings,
): Promise<PlannedChanges> {
  const records = await store.read(desired.namespace, settings.commit);
  const jobInputs = await readJobInputs(settings.files, desired, records.latest);
  const digester = new Digester(settings.recordKey, (value) => desired.secrets.mask(value));
  const options: PlanOptions = {
    ...settings,
    digester,
    identity: store.identity,
    jobInputs,
    ...(settings.runJobs?.length ? { request: settings.request ?? `cli:${randomUUID()}` } : {}),
  };
  const live = await readLiveState(api, desired, records, {
    ...options,
    concurrency: settings.concurrency ?? 8,
  });
  return {
    plan: diff(desired, live, records, options),
    live,
    records,
    desired,
    jobInputs,
    digester,
  };
}

export type ApplySettings = Omit<ApplyOptions, "live" | "records" | "jobInputs" | "digester">;

/** Applies a planned change set with the records it was planned against. */
export function applyChanges(
  planned: PlannedChanges,
  api: OutpostPort,
  store: RecordStore,
  settings: ApplySettings,
): Promise<ApplyResult> {
  return apply(planned.plan, api, {
    ...settings,
    live: planned.live,
    records: store,
    jobInputs: planned.jobInputs,
    digester: planned.digester,
  });
}
