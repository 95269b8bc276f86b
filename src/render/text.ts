/** Plans and results as terminal text: one line per resource, aligned. */
import type { ApplyResult } from "../plan/apply.ts";
import type { Plan } from "../plan/plan.ts";
import { describeChange, describeResult, planHeadline, resultHeadline } from "./describe.ts";
import { noRedaction, type Redact } from "./redaction.ts";

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - [...c].length)))
      .join("  ")
      .trimEnd(),
  );
}

export function planToText(plan: Plan, redact: Redact = noRedaction): string {
  const rows = plan.changes.map((change) => {
    const line = describeChange(change);
    return [line.symbol, line.resource, line.action, line.details.replaceAll("`", "")];
  });
  return redact(
    [
      `Plan for ${plan.namespace}: ${planHeadline(plan)}`,
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
