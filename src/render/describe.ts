/**
 * The words for plans and results, shared by every output format: one summary per change, the
 * details of what differs, and the headline counts. Env values never appear: only env keys.
 */
import type { ApplyResult, ResourceResult } from "../plan/apply.ts";
import type { Change, FieldChange, Plan } from "../plan/plan.ts";
import { blockedChanges, writes } from "../plan/plan.ts";
import { defaultEnvironment } from "../records/identity.ts";
import { formatDuration } from "./quantities.ts";

export interface ChangeLine {
  readonly symbol: string;
  readonly resource: string;
  readonly action: string;
  readonly details: string;
}

const symbols: Record<Change["action"], string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  redeploy: "↻",
  noop: "=",
  orphan: "?",
  submit: "▶",
  attach: "⇢",
  skip: "=",
  cancel: "✕",
};

function value(v: unknown): string {
  return v === null || v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v);
}

export function describeField(change: FieldChange): string {
  if ("added" in change) {
    if (change.unknown)
      return change.why === "other-key"
        ? "`env`: set in full (its record was made with another records key, so it cannot be compared; values hidden)"
        : "`env`: set in full (no record of the env applied before; values hidden)";
    const parts = [
      change.added.length > 0 ? `added ${change.added.join(", ")}` : "",
      change.changed.length > 0 ? `changed ${change.changed.join(", ")}` : "",
      change.removed.length > 0 ? `removed ${change.removed.join(", ")}` : "",
    ].filter(Boolean);
    return `\`env\`: ${parts.join("; ")} (values hidden)`;
  }
  return `\`${change.field}\`: ${value(change.from)} → ${value(change.to)}`;
}

function source(spec: { repo?: string; image?: string; branch?: string }): string {
  return spec.repo !== undefined ? `${spec.repo}@${spec.branch ?? "main"}` : (spec.image ?? "");
}

export function describeChange(change: Change): ChangeLine {
  const symbol = symbols[change.action];
  if (change.kind === "service") {
    const resource = `service ${change.name}`;
    switch (change.action) {
      case "create": {
        const s = change.spec;
        return {
          symbol,
          resource,
          action: "create",
          details: `${s.gpu} ×${s.gpu_count ?? 1}, ${s.min_replicas ?? 1}–${s.max_replicas ?? 1} replicas, ${source(s)}`,
        };
      }
      case "update":
        return {
          symbol,
          resource,
          action: change.redeploys ? "update (rolling redeploy)" : "update",
          details: change.fields.map(describeField).join("; "),
        };
      case "replace":
        return {
          symbol,
          resource,
          action: !change.owned
            ? "replace (not owned)"
            : change.allowed
              ? "replace"
              : "replace (not allowed)",
          details:
            change.fields.map(describeField).join("; ") +
            (!change.owned
              ? "; this project's records do not show the live service as its own, so it is never deleted"
              : change.allowed
                ? "; deletes and re-creates the service"
                : "; allow replacement to apply"),
        };
      case "redeploy":
        return { symbol, resource, action: "redeploy", details: "redeploy requested" };
      case "noop":
        return {
          symbol,
          resource,
          action: "no change",
          details: change.rewrite ? rewriteNote : "",
        };
      case "orphan":
        return {
          symbol,
          resource,
          action: change.prune && change.exists && change.owned ? "delete (prune)" : "orphan",
          details: !change.exists
            ? "gone from outpost.yaml and from Outpost; its record is removed"
            : !change.prune
              ? "gone from outpost.yaml; kept (pruning is off)"
              : change.owned
                ? "gone from outpost.yaml; pruning deletes it"
                : "gone from outpost.yaml; not deleted: the live service is not the one this project's record names",
        };
    }
  }
  const resource = `job ${change.key}`;
  switch (change.action) {
    case "submit":
      return {
        symbol,
        resource,
        action: `submit ${change.runName}`,
        details: reasonText[change.reason],
      };
    case "attach":
      return {
        symbol,
        resource,
        action: `attach ${change.runName}`,
        details:
          change.status === undefined
            ? "submitted before for this request; Outpost no longer has the run"
            : change.record.state === "begun"
              ? `an interrupted apply's submission, found on Outpost (${change.status})`
              : `already submitted for this request (${change.status})`,
      };
    case "skip":
      return {
        symbol,
        resource,
        action: "not due",
        details: `unchanged since ${change.lastRunName}${change.lastCommit ? ` (${change.lastCommit.slice(0, 7)})` : ""}${change.rewrite ? `; ${rewriteNote}` : ""}`,
      };
    case "cancel":
      return {
        symbol,
        resource,
        action: `cancel ${change.runName}`,
        details: `superseded by ${change.supersededBy}`,
      };
  }
}

const rewriteNote =
  "its record is rewritten under the current records key (nothing sent to Outpost)";

const reasonText = {
  new: "first submission",
  "definition-changed": "definition changed",
  "inputs-changed": "files under its `paths:` changed",
  requested: "run requested",
} as const;

function headlineLabel(action: Change["action"], n: number): string {
  switch (action) {
    case "submit":
      return n === 1 ? "job to submit" : "jobs to submit";
    case "cancel":
      return n === 1 ? "job to cancel" : "jobs to cancel";
    case "orphan":
      return "to delete";
    default:
      return `to ${action}`;
  }
}

/**
 * What a plan is of: its namespace, and the project when it is not the default one (another
 * config file than outpost.yaml, or an environment), e.g. `acme (outpost.staging.yaml)`.
 */
export function planTarget(plan: Plan): string {
  const { config, environment } = plan.identity;
  const parts = [
    ...(config === "outpost.yaml" ? [] : [config]),
    ...(environment === defaultEnvironment ? [] : [`environment ${environment}`]),
  ];
  return parts.length === 0 ? plan.namespace : `${plan.namespace} (${parts.join(", ")})`;
}

/** "2 to create, 1 to update, 1 job to submit" — or "no changes". */
export function planHeadline(plan: Plan): string {
  const counts = new Map<Change["action"], number>();
  for (const change of plan.changes.filter(writes)) {
    counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
  }
  const parts = [...counts].map(([action, n]) => `${n} ${headlineLabel(action, n)}`);
  const blocked = blockedChanges(plan).length;
  if (blocked > 0) parts.push(`${blocked} replacement${blocked === 1 ? "" : "s"} refused`);
  return parts.length === 0 ? "no changes" : parts.join(", ");
}

export interface ResultLine {
  readonly ok: boolean;
  readonly resource: string;
  readonly outcome: string;
  readonly status: string;
  readonly where: string;
  readonly message: string;
}

const outcomeText: Record<Change["action"], string> = {
  create: "created",
  update: "updated",
  replace: "replaced",
  redeploy: "redeployed",
  noop: "unchanged",
  orphan: "orphan",
  submit: "submitted",
  attach: "attached",
  skip: "not due",
  cancel: "cancelled",
};

export function describeResult(result: ResourceResult): ResultLine {
  const where =
    result.kind === "service"
      ? (result.endpoint ?? "")
      : [
          result.outpostName,
          result.progress ? `(${result.progress})` : "",
          result.runtimeSeconds === undefined ? "" : formatDuration(result.runtimeSeconds),
          result.totalCost === undefined ? "" : `$${result.totalCost}`,
          result.artifactsUrl ?? "",
        ]
          .filter(Boolean)
          .join(" ");
  return {
    ok: result.ok,
    resource: `${result.kind} ${result.name}`,
    outcome: result.ok
      ? outcomeText[result.action]
      : result.interrupted === true
        ? "stopped"
        : "failed",
    status:
      result.status === undefined
        ? ""
        : result.readyReplicas === undefined
          ? result.status
          : `${result.status} (${result.readyReplicas} ready)`,
    where,
    message: result.message ?? "",
  };
}

export function resultHeadline(result: ApplyResult): string {
  const failed = result.results.filter((r) => !r.ok).length;
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (result.interrupted) {
    const left = result.results.filter((r) => r.interrupted === true).length;
    return `stopped after ${seconds}s: ${left} of ${result.results.length} resource${result.results.length === 1 ? "" : "s"} not done; what was sent is recorded, and the next apply does what is left`;
  }
  return failed === 0
    ? `applied in ${seconds}s: ${result.results.length} resource${result.results.length === 1 ? "" : "s"} ok`
    : `${failed} of ${result.results.length} resource${result.results.length === 1 ? "" : "s"} failed (${seconds}s)`;
}
