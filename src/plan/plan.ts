/**
 * A plan is data: the list of changes that would bring Outpost to the desired state. Diffing
 * produces it (diff.ts, pure); applying consumes it (apply.ts); rendering shows it (src/render).
 */
import type {
  CreateJobRequest,
  CreateServiceRequest,
  UpdateServiceRequest,
} from "../outpost/types.ts";
import type { AppliedRecord } from "../records/applied-record.ts";
import type { ProjectIdentity } from "../records/identity.ts";

/** One field's change. Env values are never carried: only the keys that changed. */
export type FieldChange =
  | { readonly field: string; readonly from: unknown; readonly to: unknown }
  | {
      readonly field: "env";
      readonly added: readonly string[];
      readonly removed: readonly string[];
      readonly changed: readonly string[];
      /** True when no record tells what env was applied last, so all of it is sent. */
      readonly unknown: boolean;
      /**
       * Why it is unknown: no record of this service (`no-record`), or a record made with
       * another records key (`other-key`: a rotated credential or key, the bot's own key).
       */
      readonly why?: "no-record" | "other-key";
    };

export type ServiceChange =
  | {
      readonly kind: "service";
      readonly action: "create";
      readonly name: string;
      readonly spec: CreateServiceRequest;
    }
  | {
      readonly kind: "service";
      readonly action: "update";
      readonly name: string;
      readonly spec: CreateServiceRequest;
      /** Exactly the body of the one PUT: the changed mutable fields (`env` whole). */
      readonly body: UpdateServiceRequest;
      readonly fields: readonly FieldChange[];
      /** Whether the update rolls the replicas (env or branch changed). */
      readonly redeploys: boolean;
    }
  | {
      readonly kind: "service";
      readonly action: "replace";
      readonly name: string;
      readonly spec: CreateServiceRequest;
      /** The immutable fields that differ. */
      readonly fields: readonly FieldChange[];
      /** Replacement deletes the running service; it happens only when the user allowed it. */
      readonly allowed: boolean;
      /**
       * Whether this project's record and the live service agree that it is the project's (its
       * record names the live service's id). A service that is not is never deleted.
       */
      readonly owned: boolean;
    }
  | {
      readonly kind: "service";
      readonly action: "redeploy";
      readonly name: string;
      readonly spec: CreateServiceRequest;
    }
  | {
      readonly kind: "service";
      readonly action: "noop";
      readonly name: string;
      readonly spec: CreateServiceRequest;
      /** Its record, rewritten under the current records key (nothing is sent to Outpost). */
      readonly rewrite?: AppliedRecord;
    }
  | {
      readonly kind: "service";
      readonly action: "orphan";
      readonly name: string;
      /** Whether the service still exists on Outpost. */
      readonly exists: boolean;
      /** Whether apply deletes it (pruning enabled). */
      readonly prune: boolean;
      /** Whether the live service is the one the project's record names (see `replace`). */
      readonly owned: boolean;
      /** The Outpost id the record names, checked again right before a delete. */
      readonly recordedId?: string;
    };

export type JobReason = "new" | "definition-changed" | "inputs-changed" | "requested";

export type JobChange =
  | {
      readonly kind: "job";
      readonly action: "submit";
      readonly key: string;
      readonly runName: string;
      readonly spec: CreateJobRequest;
      readonly reason: JobReason;
      /** What asks for the run: `change`, or the request's id (see AppliedRecord.request). */
      readonly request: string;
      /** A record of this very run begun by an apply that did not finish: settled, not doubled. */
      readonly resumes?: AppliedRecord;
      /**
       * The names the run takes, in order, if another run already holds `runName`: the plan does
       * not read Outpost to know (a run no record of the project names is never attached to).
       */
      readonly alternatives: readonly string[];
    }
  | {
      readonly kind: "job";
      readonly action: "attach";
      readonly key: string;
      readonly runName: string;
      readonly spec: CreateJobRequest;
      /** The run's Outpost status; undefined when Outpost no longer has it. */
      readonly status: string | undefined;
      /**
       * The project's record of this run: submitted for the same request before (a re-run of a
       * workflow run, a redelivered command), or begun by an apply that did not finish.
       */
      readonly record: AppliedRecord;
    }
  | {
      readonly kind: "job";
      readonly action: "skip";
      readonly key: string;
      /** The run that is still current. */
      readonly lastRunName: string;
      readonly lastCommit: string | undefined;
      /** Its record, rewritten under the current records key (nothing is sent to Outpost). */
      readonly rewrite?: AppliedRecord;
    }
  | {
      readonly kind: "job";
      readonly action: "cancel";
      readonly key: string;
      /** The superseded run, still queued or running. */
      readonly runName: string;
      readonly supersededBy: string;
    };

export type Change = ServiceChange | JobChange;

export interface Plan {
  readonly namespace: string;
  /** The project planned: its records are the ones compared against. */
  readonly identity: ProjectIdentity;
  readonly changes: readonly Change[];
}

/** Whether applying the change writes to Outpost. */
export function writes(change: Change): boolean {
  switch (change.action) {
    case "noop":
    case "skip":
    case "attach":
      return false;
    case "orphan":
      return change.prune && change.exists && change.owned;
    case "replace":
      return change.allowed && change.owned;
    default:
      return true;
  }
}

/**
 * Replacements the user has not allowed, or of services the project does not own: applying
 * refuses to start while there are any.
 */
export function blockedChanges(plan: Plan): Extract<ServiceChange, { action: "replace" }>[] {
  return plan.changes.filter(
    (change): change is Extract<ServiceChange, { action: "replace" }> =>
      change.action === "replace" && (!change.allowed || !change.owned),
  );
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.some(writes);
}
