/**
 * A plan is data: the list of changes that would bring Outpost to the desired state. Diffing
 * produces it (diff.ts, pure); applying consumes it (apply.ts); rendering shows it (src/render).
 */
import type {
  CreateJobRequest,
  CreateServiceRequest,
  UpdateServiceRequest,
} from "../outpost/types.ts";

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
    }
  | {
      readonly kind: "service";
      readonly action: "orphan";
      readonly name: string;
      /** Whether the service still exists on Outpost. */
      readonly exists: boolean;
      /** Whether apply deletes it (pruning enabled). */
      readonly prune: boolean;
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
    }
  | {
      readonly kind: "job";
      readonly action: "attach";
      readonly key: string;
      readonly runName: string;
      readonly spec: CreateJobRequest;
      /** The run already exists on Outpost (the same commit was applied before). */
      readonly status: string;
    }
  | {
      readonly kind: "job";
      readonly action: "skip";
      readonly key: string;
      /** The run that is still current. */
      readonly lastRunName: string;
      readonly lastCommit: string | undefined;
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
      return change.prune && change.exists;
    case "replace":
      return change.allowed;
    default:
      return true;
  }
}

/** Replacements the user has not allowed: applying refuses to start while there are any. */
export function blockedChanges(plan: Plan): ServiceChange[] {
  return plan.changes.filter(
    (change): change is ServiceChange => change.action === "replace" && !change.allowed,
  );
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.some(writes);
}
