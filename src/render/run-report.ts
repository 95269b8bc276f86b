/**
 * The report of one whole run as markdown, for the GitHub Action's job summary: what ran and
 * why, config problems, the plan, the results with endpoints and run names, the failure, and
 * timings. Composed from the plan and result renderers, so it reads like the bot's and the CLI's.
 */
import type { Problem } from "../config/problems.ts";
import type { ApplyResult } from "../plan/apply.ts";
import type { Plan } from "../plan/plan.ts";
import type { PlannedPreviews } from "../plan/preview-plan.ts";
import { previewsToMarkdown } from "./previews.ts";
import { planToMarkdown, resultToMarkdown, table } from "./markdown.ts";
import { noRedaction, type Redact } from "./redaction.ts";

export type RunOutcome = "planned" | "applied" | "validated" | "failed";

export interface RunTimings {
  readonly planMs?: number;
  readonly applyMs?: number;
  /** From the first write to the end of each written resource, e.g. `service llama`. */
  readonly resources?: readonly { readonly resource: string; readonly ms: number }[];
}

export interface RunReport {
  readonly outcome: RunOutcome;
  readonly namespace?: string;
  /** Why the run did what it did (event, branch, mode): one sentence. */
  readonly context: string;
  /** The commit that was planned or applied. */
  readonly commit?: string;
  readonly problems?: readonly Problem[];
  readonly plan?: Plan;
  readonly result?: ApplyResult;
  /** A pull request's previews, as planned and applied (their own project). */
  readonly previews?: { readonly planned: PlannedPreviews; readonly result?: ApplyResult };
  /** Why the run failed, when neither the problems nor the result say it. */
  readonly failure?: string;
  readonly timings?: RunTimings;
}

const headings: Readonly<Record<RunOutcome, string>> = {
  planned: "📝 Outpost plan",
  applied: "✅ Outpost apply",
  validated: "🔎 Outpost validation",
  failed: "❌ Outpost",
};

/** Seconds with one decimal: timings of a deploy are read at a glance, not to the millisecond. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Every config problem, errors first, each at `file:line:column`. */
export function problemsToMarkdown(
  problems: readonly Problem[],
  redact: Redact = noRedaction,
): string {
  const errors = problems.filter((p) => p.severity === "error").length;
  const warnings = problems.length - errors;
  const file = problems[0]?.file ?? "outpost.yaml";
  const counts = [
    errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : "",
    warnings > 0 ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  const rows = problems.map((p) => [
    p.severity === "error" ? "❌" : "⚠️",
    `\`${p.file}:${p.line}:${p.column}\``,
    p.message,
  ]);
  return redact(
    [`### \`${file}\`: ${counts.join(", ")}`, "", table(["", "Where", "Problem"], rows), ""].join(
      "\n",
    ),
  );
}

function timingsToMarkdown(timings: RunTimings): string {
  const rows: string[][] = [];
  if (timings.planMs !== undefined) rows.push(["plan", seconds(timings.planMs)]);
  for (const { resource, ms } of timings.resources ?? []) rows.push([resource, seconds(ms)]);
  if (timings.applyMs !== undefined) rows.push(["apply, in all", seconds(timings.applyMs)]);
  if (rows.length === 0) return "";
  return [
    "<details><summary>Timings</summary>",
    "",
    table(["Step", "Time"], rows),
    "",
    "</details>",
    "",
  ].join("\n");
}

export function runReportToMarkdown(report: RunReport, redact: Redact = noRedaction): string {
  const where = report.namespace === undefined ? "" : ` · \`${report.namespace}\``;
  const commit = report.commit === undefined ? "" : ` Commit \`${report.commit.slice(0, 7)}\`.`;
  const sections = [`## ${headings[report.outcome]}${where}`, "", `${report.context}${commit}`, ""];
  if (report.failure !== undefined) sections.push(`**Failed:** ${report.failure}`, "");
  if (report.problems !== undefined && report.problems.length > 0)
    sections.push(problemsToMarkdown(report.problems));
  if (report.plan !== undefined) sections.push(planToMarkdown(report.plan));
  if (report.result !== undefined) sections.push(resultToMarkdown(report.result));
  if (report.previews !== undefined)
    sections.push(previewsToMarkdown(report.previews.planned, report.previews.result));
  if (report.timings !== undefined) sections.push(timingsToMarkdown(report.timings));
  return redact(`${sections.join("\n").trimEnd()}\n`);
}
