/** Plans and results as GitHub-flavoured markdown, for job summaries, check runs and comments. */
import type { ApplyResult } from "../plan/apply.ts";
import type { Plan } from "../plan/plan.ts";
import {
  describeChange,
  describeResult,
  planHeadline,
  planTarget,
  resultHeadline,
} from "./describe.ts";
import { noRedaction, type Redact } from "./redaction.ts";

/** Table cells cannot hold pipes or newlines. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll(/\r?\n/g, " ");
}

/** A GitHub-flavoured markdown table; cells are escaped. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => " --- ").join("|")}|`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

export function planToMarkdown(plan: Plan, redact: Redact = noRedaction): string {
  const rows = plan.changes.map((change) => {
    const line = describeChange(change);
    return [`\`${line.symbol}\``, line.resource, line.action, line.details];
  });
  const body = [
    `### Outpost plan for \`${planTarget(plan)}\`: ${planHeadline(plan)}`,
    "",
    rows.length === 0
      ? "_outpost.yaml declares no services or jobs._"
      : table(["", "Resource", "Action", "Details"], rows),
    "",
  ].join("\n");
  return redact(body);
}

export function resultToMarkdown(result: ApplyResult, redact: Redact = noRedaction): string {
  const rows = result.results.map((r) => {
    const line = describeResult(r);
    return [
      line.ok ? "✅" : "❌",
      line.resource,
      line.outcome,
      line.status,
      line.where,
      line.message,
    ];
  });
  const failures = result.results
    .filter((r) => !r.ok && r.logTail !== undefined && r.logTail.length > 0)
    .map((r) =>
      [
        `<details><summary>Last log lines of ${r.kind} ${r.name}</summary>`,
        "",
        "```text",
        ...(r.logTail ?? []).map((l) => l.replaceAll("```", "'''")),
        "```",
        "</details>",
      ].join("\n"),
    );
  const body = [
    `### Outpost apply for \`${result.namespace}\`: ${resultHeadline(result)}`,
    "",
    table(["", "Resource", "Outcome", "Status", "Endpoint / run", "Message"], rows),
    "",
    ...failures.flatMap((f) => [f, ""]),
  ].join("\n");
  return redact(body);
}
