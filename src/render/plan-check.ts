/**
 * The output of the "Outpost plan" check run on a pull request's head commit: what would change
 * on Outpost if it were applied, or why there is no plan (errors in outpost.yaml, a namespace the
 * operator did not grant, an Outpost failure). Config problems are also annotated on their lines;
 * the summary lists them too, so they read well where annotations are not shown.
 */
import type { Problem } from "../config/problems.ts";
import type { Plan } from "../plan/plan.ts";
import { blockedChanges } from "../plan/plan.ts";
import type { CheckRunOutput } from "./check-run.ts";
import { planHeadline } from "./describe.ts";
import { clipText, maxBodyLength, maxTitleLength } from "./github-limits.ts";
import { planToMarkdown } from "./markdown.ts";
import { noRedaction, type Redact } from "./redaction.ts";
import { problemsToMarkdown } from "./run-report.ts";

export type PlanCheckReport =
  | { readonly outcome: "invalid"; readonly problems: readonly Problem[] }
  | { readonly outcome: "refused"; readonly namespace: string; readonly reason: string }
  | {
      readonly outcome: "failed";
      readonly namespace: string;
      readonly failure: string;
      readonly problems: readonly Problem[];
    }
  | {
      readonly outcome: "planned";
      readonly plan: Plan;
      /** Warnings of the config. */
      readonly problems: readonly Problem[];
      /** What the reader should know about this plan (secrets the bot lacks, a fork). */
      readonly notes: readonly string[];
    };

export interface PlanCheckContext {
  readonly commit: string;
  /** The fork a pull request comes from, if it does. */
  readonly fork?: string;
}

function errorCount(problems: readonly Problem[]): number {
  return problems.filter((p) => p.severity === "error").length;
}

function titleOf(report: PlanCheckReport): string {
  switch (report.outcome) {
    case "invalid": {
      const errors = errorCount(report.problems);
      return `outpost.yaml has ${errors} error${errors === 1 ? "" : "s"}`;
    }
    case "refused":
      return `Namespace ${report.namespace} is not available to this repository`;
    case "failed":
      return `Could not plan namespace ${report.namespace}`;
    case "planned":
      return `${report.plan.namespace}: ${planHeadline(report.plan)}`;
  }
}

export function planCheckOutput(
  report: PlanCheckReport,
  context: PlanCheckContext,
  redact: Redact = noRedaction,
): CheckRunOutput {
  const origin =
    context.fork === undefined
      ? `Commit \`${context.commit.slice(0, 7)}\`.`
      : `Commit \`${context.commit.slice(0, 7)}\` from the fork \`${context.fork}\`: planned read-only, without secrets; nothing from a fork runs without a maintainer's command.`;
  const sections = [origin, ""];
  switch (report.outcome) {
    case "invalid":
      sections.push(
        "Fix these and push again; nothing was sent to Outpost.",
        "",
        problemsToMarkdown(report.problems),
      );
      break;
    case "refused":
      sections.push(`**Refused:** ${report.reason}`);
      break;
    case "failed":
      sections.push(`**Failed:** ${report.failure}`);
      if (report.problems.length > 0) sections.push("", problemsToMarkdown(report.problems));
      break;
    case "planned": {
      if (report.problems.length > 0) sections.push(problemsToMarkdown(report.problems));
      sections.push(planToMarkdown(report.plan));
      if (blockedChanges(report.plan).length > 0) {
        sections.push(
          "Applying this would be refused: a replacement deletes the running service. Allow it with the action's `allow-replace` input, or revert the immutable field.",
          "",
        );
      }
      for (const note of report.notes) sections.push(`> ${note}`, "");
      break;
    }
  }
  const title = titleOf(report);
  return {
    title: redact(
      title.length <= maxTitleLength ? title : `${title.slice(0, maxTitleLength - 1)}…`,
    ),
    summary: clipText(redact(sections.join("\n").trimEnd()), maxBodyLength),
  };
}
