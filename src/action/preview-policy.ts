/**
 * What a workflow run does with pull-request previews, beside what event-policy.ts decides for
 * the file's own environment: deploy them, delete them, or nothing. One table, first match
 * wins, shown in docs/action.md as it is. Only a pull request from this repository itself, run
 * with credentials in `mode: auto`, writes — and then only its own previews (`preview/pr-<n>`):
 * a fork's code is never deployed automatically.
 */
import type { Mode } from "./event-policy.ts";
import type { TriggerEvent } from "./event.ts";

export type PreviewRun = "deploy" | "delete" | "none";

export interface PreviewFacts {
  readonly mode: Mode;
  readonly event: TriggerEvent;
  readonly hasCredentials: boolean;
  /** Whether outpost.yaml has a service with `preview:`. */
  readonly hasPreviews: boolean;
}

export interface PreviewRow {
  readonly event: string;
  readonly condition: string;
  readonly when: (facts: PreviewFacts) => boolean;
  readonly auto: PreviewRun;
  /** `mode: plan` (and `mode: apply`, which event-policy.ts refuses on pull requests). */
  readonly plan: PreviewRun;
  readonly why: string;
}

export interface PreviewDecision {
  readonly run: PreviewRun;
  readonly reason: string;
}

/** The `pull_request` actions that bring new code: a preview is deployed for them. */
const codeActions = ["opened", "synchronize", "reopened", "ready_for_review"];

const action = (facts: PreviewFacts) =>
  facts.event.name === "pull_request" ? facts.event.pullRequest?.action : undefined;

export const previewPolicy: readonly PreviewRow[] = [
  {
    event: "any but `pull_request`",
    condition: "",
    when: (facts) => facts.event.name !== "pull_request" || facts.event.pullRequest === undefined,
    auto: "none",
    plan: "none",
    why: "Previews are of pull requests.",
  },
  {
    event: "`pull_request`",
    condition: "no service of outpost.yaml has `preview:`",
    when: (facts) => !facts.hasPreviews,
    auto: "none",
    plan: "none",
    why: "Nothing asks for a preview.",
  },
  {
    event: "`pull_request`",
    condition: "from a fork",
    when: (facts) => facts.event.pullRequest?.fromFork === true,
    auto: "none",
    plan: "none",
    why: "A fork's code is never deployed automatically: a maintainer's `/outpost preview` (the Outpost GitHub App) deploys the commit they reviewed.",
  },
  {
    event: "`pull_request`",
    condition: "without credentials (Dependabot's)",
    when: (facts) => !facts.hasCredentials,
    auto: "none",
    plan: "none",
    why: "Nothing can be written to Outpost without credentials.",
  },
  {
    event: "`pull_request`",
    condition: "`closed` (merged or not)",
    when: (facts) => action(facts) === "closed",
    auto: "delete",
    plan: "none",
    why: "A closed pull request's previews are deleted — only those its own records hold. Under `mode: plan` they stay until they expire.",
  },
  {
    event: "`pull_request`",
    condition: `${codeActions.map((name) => `\`${name}\``).join(", ")}`,
    when: (facts) => codeActions.includes(action(facts) ?? ""),
    auto: "deploy",
    plan: "none",
    why: "This repository's pull request: its previews (`<service>-pr-<number>`, in the preview namespace) are created or updated at its head commit, within `previews:` limits. Nothing else is written.",
  },
  {
    event: "`pull_request`",
    condition: "any other activity (`labeled`, `edited`, …)",
    when: () => true,
    auto: "none",
    plan: "none",
    why: "No new code to preview.",
  },
];

/** The table's decision for this run. */
export function decidePreviews(facts: PreviewFacts): PreviewDecision {
  const row = previewPolicy.find((candidate) => candidate.when(facts));
  if (row === undefined) throw new Error("unreachable: the last row matches every event");
  const run = facts.mode === "auto" ? row.auto : row.plan;
  const quiet = run === "none" && row.auto !== "none";
  const reason = quiet ? `${row.why} (\`mode: ${facts.mode}\` writes nothing.)` : row.why;
  return { run, reason };
}
