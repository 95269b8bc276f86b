/** Plans and results as terminal text: one line per resource, aligned. */
import type { ApplyResult } from "../plan/apply.ts";
import type { Plan } from "../plan/plan.ts";
import {
  describeChange,
  describeResult,
  planHeadline,
  planTarget,
  resultHeadline,
} from "./describe.ts";
import { columns } from "./columns.ts";
import { noRedaction, type Redact } from "./redaction.ts";

export function planToText(plan: Plan, redact: Redact = noRedaction): string {
  const rows = plan.changes.map((change) => {
    const line = describeChange(change);
    return [line.symbol, line.resource, line.action, line.details.replaceAll("`", "")];
  });
  return redact(
    [
      `Plan for ${planTarget(plan)}: ${planHeadline(plan)}`,
      ...columns(rows).map((l) => `  ${l}`),
      "",
    ].join("\n"),
  );
}

export function resultToText(result: ApplyResult, redact: Redact = noRedaction): string {
  const rows = result.results.map((r) => {
    const line = describeResult(r);
    return [
      line.ok ? "ok" : "FAILED",
      line.resource,
      line.outcome,
      line.status,
      line.where,
      line.message,
    ];
  });
  const tails = result.results
    .filter((r) => !r.ok && (r.logTail?.length ?? 0) > 0)
    .flatMap((r) => [
      `Last log lines of ${r.kind} ${r.name}:`,
      ...(r.logTail ?? []).map((l) => `  ${l}`),
    ]);
  return redact(
    [
      `Apply for ${result.namespace}: ${resultHeadline(result)}`,
      ...columns(rows).map((l) => `  ${l}`),
      ...tails,
      "",
    ].join("\n"),
  );
}
