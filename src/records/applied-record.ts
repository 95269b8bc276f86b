/**
 * What a project applied, per resource: the records a plan compares against (the API never
 * returns `env`), that tell which resources are the project's (prune, `jobs prune`), and that keep
 * a job from being submitted twice. Two stores keep them: a local file per config file
 * (local-records.ts) and GitHub Deployments (deployment-records.ts).
 *
 * A record is begun before its write is sent and counts once Outpost acknowledged the write
 * (`written`); readiness, or a watched job's end, is settled on it afterwards. So an interrupted
 * apply leaves records of exactly what reached Outpost, and a write whose answer was lost leaves
 * a `begun` record that the next plan resolves by reading Outpost.
 */
import type { JobStatus } from "../outpost/types.ts";
import type { SpecDigest } from "./digest.ts";
import type { ProjectIdentity } from "./identity.ts";

export type ResourceKind = "service" | "job";

/**
 * `begun`: about to be written; the write may or may not have reached Outpost. `written`:
 * Outpost acknowledged it — the record counts. `failed`: the write was refused, failed, or was
 * never sent.
 */
export type RecordState = "begun" | "written" | "failed";

/**
 * What a service's list entry showed once the apply that wrote it was done: a later plan that
 * finds the same entry in Outpost's list knows the service is as it left it, and reads nothing
 * more of it. Nothing here is secret.
 */
export interface ObservedService {
  readonly id: string;
  readonly updatedAt: string;
  readonly status: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

/** What asked for a job run when it was due because its definition or inputs changed. */
export const changeRequest = "change";

export interface AppliedRecord {
  readonly kind: ResourceKind;
  readonly namespace: string;
  /** The resource's name in outpost.yaml (a service's name, a job's key). */
  readonly key: string;
  /** The name on Outpost: the service name, or the job run's name. */
  readonly outpostName: string;
  readonly outpostId?: string;
  readonly identity: ProjectIdentity;
  readonly digest: SpecDigest;
  /** Jobs: digest of the files matching the job's `paths:` when it was submitted. */
  readonly inputsDigest?: string;
  readonly commit?: string;
  /**
   * Jobs: what caused the run — `change` (its definition or inputs changed) or the id of the
   * request that asked for it (a workflow run, a comment, a CLI invocation). With the key, the
   * definition and the commit it identifies the run: one run per identity, however often asked.
   */
  readonly request?: string;
  readonly state: RecordState;
  readonly appliedAt: string;
  /** Services: the list entry once ready (see ObservedService). */
  readonly observed?: ObservedService;
}

/** A record about to be written; the store adds its identity and state. */
export type RecordDraft = Omit<AppliedRecord, "identity" | "state">;

/** What a plan reads of a project's records, once. */
export interface ProjectRecords {
  /** The latest written record of every resource. */
  readonly latest: readonly AppliedRecord[];
  /** The job-run records made at the commit planned, in every state, newest first. */
  readonly runsAtCommit: readonly AppliedRecord[];
  /** Every run name the project's records hold, by job key: names it does not give another run. */
  readonly runNames: ReadonlyMap<string, ReadonlySet<string>>;
}

/** What became of a written resource. */
export type Settlement =
  /** A service became ready: its endpoint, and what its list entry showed then. */
  | { readonly type: "ready"; readonly url?: string; readonly observed?: ObservedService }
  /** A service failed, or was not ready by the deadline. */
  | { readonly type: "unready"; readonly reason: string }
  /** A watched job run ended. */
  | { readonly type: "ended"; readonly status: JobStatus; readonly reason: string }
  /** The wait was cut short (Ctrl-C, a cancelled workflow run): the resource is still on its way. */
  | { readonly type: "interrupted"; readonly reason: string };

/**
 * How a write failed: Outpost `refused` it; it was `not-sent` (the run was stopped first); or it
 * is `uncertain` — its answer was lost, so it may have taken effect — and the record stays begun
 * for the next plan to resolve by reading Outpost.
 */
export type WriteFailure = "refused" | "not-sent" | "uncertain";

export interface PendingRecord {
  /** Outpost acknowledged the write: from now on the record counts. */
  written(observed: { readonly outpostId?: string | undefined }): Promise<void>;
  failed(reason: string, how: WriteFailure): Promise<void>;
  settle(settlement: Settlement): Promise<void>;
}

export interface RecordStore {
  readonly identity: ProjectIdentity;
  /** Where the records are, for people: a file, or `owner/name (GitHub Deployments)`. */
  readonly location: string;
  /** The project's records in a namespace, for planning at `commit`. */
  read(namespace: string, commit: string | undefined): Promise<ProjectRecords>;
  /** Every job-run record of the project in the namespace, in every state, newest first. */
  jobRuns(namespace: string): Promise<readonly AppliedRecord[]>;
  begin(draft: RecordDraft): Promise<PendingRecord>;
  /** Takes up a record this store returned (from `read`), to settle it: a begun run found on Outpost. */
  resume(record: AppliedRecord): PendingRecord;
  /** Forgets a deleted (pruned) service: it is no longer the project's. */
  forgetService(namespace: string, key: string): Promise<void>;
  /**
   * Forgets the records of job runs deleted from Outpost (`jobs prune`), except each job's
   * latest written record, which decides whether the job is due. A store that keeps a history
   * of its own (GitHub Deployments) may keep them all.
   */
  forgetRuns(namespace: string, outpostNames: ReadonlySet<string>): Promise<void>;
  /**
   * Replaces a written record with the same record under new digests (the current records key;
   * out of version 1) or what was observed since. Nothing is sent to Outpost. `url`: a
   * service's endpoint, shown again.
   */
  rewrite(record: AppliedRecord, url?: string): Promise<void>;
}

/** `service/<name>`, `job/<key>`: a resource of a project, whatever its run. */
export function resourceId(kind: ResourceKind, key: string): string {
  return `${kind}/${key}`;
}

/** The resources a config declares, as `resourceId`s. */
export function declaredResources(declared: {
  readonly services: Iterable<string>;
  readonly jobs: Iterable<string>;
}): Set<string> {
  return new Set([
    ...[...declared.services].map((name) => resourceId("service", name)),
    ...[...declared.jobs].map((key) => resourceId("job", key)),
  ]);
}

/** The records of one resource kind and key. */
export function recordsOf(
  records: readonly AppliedRecord[],
  kind: ResourceKind,
  key: string,
): AppliedRecord[] {
  return records.filter((record) => record.kind === kind && record.key === key);
}

/** Builds the part of `ProjectRecords` every store computes alike, from records newest first. */
export function projectRecords(
  newestFirst: readonly AppliedRecord[],
  commit: string | undefined,
): ProjectRecords {
  const latest = new Map<string, AppliedRecord>();
  const runNames = new Map<string, Set<string>>();
  for (const record of newestFirst) {
    const id = resourceId(record.kind, record.key);
    if (record.state === "written" && !latest.has(id)) latest.set(id, record);
    if (record.kind === "job") {
      const names = runNames.get(record.key) ?? new Set<string>();
      names.add(record.outpostName);
      runNames.set(record.key, names);
    }
  }
  return {
    latest: [...latest.values()],
    runsAtCommit: newestFirst.filter(
      (record) => record.kind === "job" && commit !== undefined && record.commit === commit,
    ),
    runNames,
  };
}
