/**
 * The bot's durable state: the webhook inbox, the resources it follows (watches) with the ids of
 * their check runs, the GitHub objects it edits in place (the sticky comment of a pull request,
 * the plan check run of a commit, a fleet's aggregate check run), the GitHub write ledger, locks,
 * and what it learnt of pull request heads. Two implementations share this contract: SQLite for
 * one process (`sqlite-store.ts`) and PostgreSQL for several replicas (`postgres-store.ts`).
 *
 * Times are milliseconds since the epoch. The store stamps `createdAt`, `updatedAt` and lease
 * expiries with its own clock (the database's on PostgreSQL, so that replicas never disagree);
 * `lastWriteAt` is whatever the bot passes.
 */

import type { ExpectedDeployments } from "./expected-deployments.ts";
import type { FleetChecks } from "./fleet-checks.ts";
import type { Inbox } from "./inbox.ts";
import type { Locks } from "./locks.ts";
import type { PullHeads } from "./pull-heads.ts";
import type { WriteLedger } from "./write-ledger.ts";

export type WatchKind = "service" | "job";

/** `active` watches are polled; `done` ones reached their end state and are kept for rendering. */
export type WatchState = "active" | "done";

export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * What identifies a watch. The action creates one GitHub Deployment per applied resource, so a
 * redelivered or repeated `deployment` event finds the watch it already started.
 */
export interface WatchKey {
  readonly owner: string;
  readonly repo: string;
  readonly namespace: string;
  readonly kind: WatchKind;
  /** The name on Outpost: the service name, or the job run's name. */
  readonly outpostName: string;
  readonly deploymentId: number;
}

export interface NewWatch extends WatchKey {
  readonly installationId: number;
  readonly headSha: string;
  readonly pullRequest?: number;
  /** The Outpost id, when the deployment's payload names it. */
  readonly outpostId?: string;
}

export interface Watch extends WatchKey {
  readonly id: number;
  readonly installationId: number;
  readonly headSha: string;
  readonly pullRequest: number | null;
  readonly outpostId: string | null;
  readonly state: WatchState;
  readonly checkRunId: number | null;
  /** The Outpost status last seen (`deploying`, `running`, `succeeded`, ...). */
  readonly status: string | null;
  /** The job's `progress` text last seen. */
  readonly progress: string | null;
  /** The poller's own notes between polls (log cursor, metric series); opaque to the store. */
  readonly pollState: JsonValue | null;
  /** Digest of the output last written to GitHub, so an unchanged rendering is not written again. */
  readonly renderedDigest: string | null;
  /** When the bot last wrote this watch's check run (its clock), for a minimum interval. */
  readonly lastWriteAt: number | null;
  /** The replica that holds the lease, if any (it may have expired: see `leaseExpiresAt`). */
  readonly leaseOwner: string | null;
  /** On the store's clock. */
  readonly leaseExpiresAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The fields a poll or a webhook may change; an absent field is left as it is. */
export interface WatchPatch {
  readonly pullRequest?: number | null;
  readonly outpostId?: string | null;
  readonly checkRunId?: number | null;
  readonly status?: string | null;
  readonly progress?: string | null;
  readonly pollState?: JsonValue | null;
  readonly renderedDigest?: string | null;
  readonly lastWriteAt?: number | null;
}

export interface WatchFilter {
  readonly owner: string;
  readonly repo: string;
  readonly headSha?: string;
  readonly kind?: WatchKind;
  readonly pullRequest?: number;
  readonly state?: WatchState;
}

export interface WriteGuard {
  /**
   * Refuse the write (`LeaseLostError`) unless this replica holds the watch's lease. A lease that
   * expired but was not taken by another replica still counts as held.
   */
  readonly expectedLeaseOwner?: string;
}

export interface ClaimOptions {
  /** How long the lease lasts unless renewed by the next claim. */
  readonly leaseMs: number;
  /** The most watches this replica holds; by default only its fair share bounds it. */
  readonly limit?: number;
}

export interface LeaseClaim {
  /** Every active watch this replica holds now, in (installation, namespace, id) order. */
  readonly watches: readonly Watch[];
  /**
   * On the store's `now` clock: the claim's start plus `leaseMs`. Poll and write these watches
   * only until then; measured locally, so clock skew between machines does not matter.
   */
  readonly validUntil: number;
}

export interface StickyComment {
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  readonly commentId: number;
  /** Digest of the body last written. */
  readonly bodyDigest: string;
  readonly updatedAt: number;
}

export type StickyCommentInput = Omit<StickyComment, "updatedAt">;

/** The "Outpost plan" check run of a commit. */
export interface PlanCheck {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  readonly checkRunId: number;
  /** Digest of the output last written. */
  readonly outputDigest: string;
  readonly updatedAt: number;
}

export type PlanCheckInput = Omit<PlanCheck, "updatedAt">;

export interface CompareAndSet {
  /**
   * Write only if the recorded GitHub id is this one; `null`: only if none is recorded yet (so
   * that of two replicas creating the same object, one learns it lost). Absent: always write.
   */
  readonly expectedId?: number | null;
}

/** How long state is kept; `prune` deletes what is older. */
export interface Retention {
  /** Finished deliveries (done or set aside); GitHub lets an app redeliver those of the last 3 days. */
  readonly deliveriesMs: number;
  /** Watches that reached their end state, by `updatedAt`. */
  readonly doneWatchesMs: number;
  /** Sticky comments, plan and fleet check runs not written, pull request heads not seen, for this long. */
  readonly stickyMs: number;
}

const day = 24 * 60 * 60 * 1000;

export const defaultRetention: Retention = {
  deliveriesMs: 7 * day,
  doneWatchesMs: 30 * day,
  stickyMs: 90 * day,
};

export interface PruneCounts {
  readonly deliveries: number;
  readonly watches: number;
  readonly sticky: number;
  readonly replicas: number;
  /** Expired locks and expectations (the write ledger is pruned on the bot's clock: `WriteLedger.prune`). */
  readonly expired: number;
}

export interface BotStore {
  readonly backend: "sqlite" | "postgres";
  /** Where the state lives, for logs: a file path, or host, database and schema (no password). */
  readonly location: string;

  readonly inbox: Inbox;
  readonly writeLedger: WriteLedger;
  readonly locks: Locks;
  readonly fleetChecks: FleetChecks;
  readonly pullHeads: PullHeads;
  readonly expectedDeployments: ExpectedDeployments;

  /** Creates the watch, or returns the one with the same key unchanged (`created: false`). */
  upsertWatch(watch: NewWatch): Promise<{ readonly watch: Watch; readonly created: boolean }>;
  getWatch(id: number): Promise<Watch | undefined>;
  /** Watches of a repository, oldest first. */
  listWatches(filter: WatchFilter): Promise<Watch[]>;
  countWatches(filter: WatchFilter): Promise<number>;
  /** Throws `WatchNotFoundError`, or `LeaseLostError` when the guard refuses. */
  updateWatch(id: number, patch: WatchPatch, guard?: WriteGuard): Promise<Watch>;
  /** Applies the last patch, marks the watch `done` and ends its lease; same errors. */
  completeWatch(id: number, patch: WatchPatch, guard?: WriteGuard): Promise<Watch>;

  /**
   * Renews this replica's leases and claims active watches whose lease is free or expired, up to
   * its fair share (active watches ÷ live replicas, rounded up) and `limit`; a replica holding
   * more than its share hands the excess back. A replica is live while it claimed within its
   * `leaseMs`. Atomic: a watch is never held by two replicas.
   */
  claimWatches(owner: string, options: ClaimOptions): Promise<LeaseClaim>;
  /**
   * Extends the leases this replica holds (no claim, no release): a long cycle keeps writing
   * the watches it polled. `validUntil` as for a claim.
   */
  renewWatches(owner: string, options: Pick<ClaimOptions, "leaseMs">): Promise<LeaseClaim>;
  /** Hands back every lease of this replica (graceful shutdown): others take them at once. */
  releaseWatches(owner: string): Promise<number>;

  getComment(owner: string, repo: string, pullNumber: number): Promise<StickyComment | undefined>;
  /** True when written; false when `expectedId` did not match. */
  setComment(comment: StickyCommentInput, options?: CompareAndSet): Promise<boolean>;
  getPlanCheck(owner: string, repo: string, headSha: string): Promise<PlanCheck | undefined>;
  setPlanCheck(check: PlanCheckInput, options?: CompareAndSet): Promise<boolean>;

  /**
   * Deletes finished deliveries, done watches, sticky and fleet records and pull request heads
   * past their retention, replicas not seen for a day, and whatever expired.
   */
  prune(retention?: Retention): Promise<PruneCounts>;
  close(): Promise<void>;
}
