/**
 * Plans and results as JSON for machines (`--json`, the action's `plan` output). Env values are
 * replaced by their keys' names before serialising; the redaction then runs over the text too.
 */
import type { ApplyResult } from "../plan/apply.ts";
import type { Change, Plan } from "../plan/plan.ts";
import { hasChanges } from "../plan/plan.ts";
import { planHeadline } from "./describe.ts";
import { noRedaction, type Redact } from "./redaction.ts";

const hidden = "***";

function maskEnv<T extends { readonly env?: Readonly<Record<string, string>> }>(value: T): T {
  if (value.env === undefined) return value;
  return { ...value, env: Object.fromEntries(Object.keys(value.env).map((key) => [key, hidden])) };
}

function printable(change: Change): Change {
  switch (change.action) {
    case "update":
      return { ...change, spec: maskEnv(change.spec), body: maskEnv(change.body) };
    case "create":
    case "replace":
    case "redeploy":
    case "noop":
      return { ...change, spec: maskEnv(change.spec) };
    case "submit":
    case "attach":
      return { ...change, spec: maskEnv(change.spec) };
    default:
      return change;
  }
}

export function planToJson(plan: Plan, redact: Redact = noRedaction): string {
  return redact(
    JSON.stringify({
      namespace: plan.namespace,
      summary: planHeadline(plan),
      changed: hasChanges(plan),
      changes: plan.changes.map(printable),
    }),
  );
}

export function resultToJson(result: ApplyResult, redact: Redact = noRedaction): string {
  return redact(JSON.stringify(result));
}
