/**
 * What was last applied, per resource: the record a plan compares against, since the API never
 * returns `env`. The GitHub Action keeps these records in GitHub Deployments; the CLI in a local
 * state file or, given a token and repository, in the same Deployments.
 */
import type { SpecDigest } from "./digest.ts";

export type ResourceKind = "service" | "job";

export interface AppliedRecord {
  readonly kind: ResourceKind;
  readonly namespace: string;
  /** The resource's name in outpost.yaml (a service's name, a job's key). */
  readonly key: string;
  /** The name on Outpost: the service name, or the job run's name. */
  readonly outpostName: string;
  readonly outpostId?: string;
  readonly digest: SpecDigest;
  /** Jobs: digest of the files matching the job's `paths:` when it was submitted. */
  readonly inputsDigest?: string;
  /** The repository (`owner/name`) whose outpost.yaml applied it: the owner of the resource. */
  readonly repository?: string;
  readonly commit?: string;
  readonly appliedAt: string;
}

/** A record being applied: settled once the resource reached its goal or failed. */
export interface PendingRecord {
  /** The goal was reached: a service is ready, a job run was submitted. */
  succeed(outcome: { readonly url?: string }): Promise<void>;
  /** The apply of this resource failed; the previous successful record stays the latest. */
  fail(reason: string): Promise<void>;
}

export interface AppliedRecords {
  /**
   * The latest successful record of every resource in the namespace: for a service, the last
   * apply that made it ready; for a job, its last successful submission.
   */
  latest(namespace: string): Promise<readonly AppliedRecord[]>;
  /**
   * Announces that a resource is being applied. Stores that show progress (GitHub Deployments)
   * make it visible now; the record counts once `succeed` is called.
   */
  begin(record: AppliedRecord): Promise<PendingRecord>;
  /** Forgets a resource that was deleted (a pruned orphan). */
  forget(kind: ResourceKind, namespace: string, key: string): Promise<void>;
}

/** The records a repository owns: another repository's records in the same namespace are not ours. */
export function ownedRecords(
  records: readonly AppliedRecord[],
  repository: string | undefined,
): AppliedRecord[] {
  return records.filter(
    (r) => repository === undefined || r.repository === undefined || r.repository === repository,
  );
}
