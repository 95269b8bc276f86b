/**
 * What a workflow run may do — apply, plan read-only, validate offline, or refuse — decided from
 * the event and the `mode` input before anything is read, by one table: `eventPolicy`, whose
 * rows docs/action.md shows as they are (scripts/generate/action-docs.ts renders them).
 *
 * The principle: only this repository's own deploy-branch code is ever applied. A pull request's
 * code is not merged yet; `pull_request_target`, `workflow_run` after a fork's pull request and
 * comment events hand the base repository's secrets to a workflow that may have checked out
 * someone else's code; a run without credentials (a fork's, Dependabot's) can only validate.
 */
import type { TriggerEvent } from "./event.ts";

export const modes = ["auto", "plan", "apply"] as const;
export type Mode = (typeof modes)[number];

export type Run = "apply" | "plan" | "validate" | "refuse";

export interface Decision {
  readonly run: Run;
  readonly reason: string;
}

export interface RunFacts {
  readonly mode: Mode;
  readonly event: TriggerEvent;
  /** `GITHUB_REF`, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** `GITHUB_REPOSITORY`: the repository the workflow runs in. */
  readonly repository: string;
  /** What a push must be of to apply in `auto` mode; undefined when nothing says. */
  readonly deploys: DeployedRefs | undefined;
  /** Whether an Outpost token or API key was given. */
  readonly hasCredentials: boolean;
}

/**
 * The refs whose pushes deploy: the `deploy-branch` input (the repository's default branch), or
 * the branches and tag patterns of outpost.yaml's environments.
 */
export interface DeployedRefs {
  /** Whether `ref` (`refs/heads/…`, `refs/tags/…`) is deployed by its pushes. */
  readonly deploys: (ref: string) => boolean;
  /** What deploys, for messages: "the deploy branch `main`". */
  readonly description: string;
}

/** The deploy branch alone, for a file without environments. */
export function deployBranchRefs(branch: string | undefined): DeployedRefs | undefined {
  return branch === undefined
    ? undefined
    : {
        deploys: (ref) => ref === `refs/heads/${branch}`,
        description: `the deploy branch \`${branch}\``,
      };
}

export interface PolicyRow {
  /** The event(s), as the table shows them. */
  readonly event: string;
  /** When the row applies, in words; empty when always. */
  readonly condition: string;
  readonly when: (facts: RunFacts) => boolean;
  readonly auto: Run;
  readonly plan: Run;
  readonly apply: Run;
  /** Why, for the table and the run's log. */
  readonly why: string;
  /** Why, for this run's log, when the facts add to `why`. */
  readonly explain?: (facts: RunFacts) => string;
}

const pullRequestEvents = [
  "pull_request",
  "pull_request_review",
  "pull_request_review_comment",
  "merge_group",
];
const deployEvents = ["push", "workflow_dispatch", "schedule", "repository_dispatch"];
const refEvents = ["release", "create", "deployment"];
const commentEvents = ["issue_comment", "discussion", "discussion_comment"];

const sameRepository = (a: string | undefined, b: string) =>
  a !== undefined && a.toLowerCase() === b.toLowerCase();

const isEvent =
  (...names: string[]) =>
  (facts: RunFacts) =>
    names.includes(facts.event.name);

const onDeployBranch = (facts: RunFacts) => facts.deploys?.deploys(facts.ref) === true;

const triggeredFromFork = (facts: RunFacts) =>
  !sameRepository(facts.event.workflowRun?.headRepository, facts.repository);

const triggeredByPullRequest = (facts: RunFacts) =>
  (facts.event.workflowRun?.event ?? "").startsWith("pull_request");

const triggeredOnDeployBranch = (facts: RunFacts) => {
  const branch = facts.event.workflowRun?.headBranch;
  return branch !== undefined && facts.deploys?.deploys(`refs/heads/${branch}`) === true;
};

/** The rows, first match wins. */
export const eventPolicy: readonly PolicyRow[] = [
  {
    event: "`pull_request_target`",
    condition: "",
    when: isEvent("pull_request_target"),
    auto: "refuse",
    plan: "refuse",
    apply: "refuse",
    why: "It gives the base repository's secrets to a workflow that may run a fork's code. Plan on `pull_request` (a fork's is validated without secrets), apply on `push`.",
  },
  {
    event: "`workflow_run`",
    condition: "the triggering run's code came from another repository (a fork's pull request)",
    when: (facts) => isEvent("workflow_run")(facts) && triggeredFromFork(facts),
    auto: "refuse",
    plan: "refuse",
    apply: "refuse",
    why: "The same hazard as `pull_request_target`: secrets, with a fork's files possibly checked out.",
  },
  {
    event: "`workflow_run`",
    condition: "the triggering run was a pull request's in this repository",
    when: (facts) => isEvent("workflow_run")(facts) && triggeredByPullRequest(facts),
    auto: "plan",
    plan: "plan",
    apply: "refuse",
    why: "A pull request's code is not merged yet.",
  },
  {
    event: "`workflow_run`",
    condition: "the triggering run was this repository's, on the deploy branch",
    when: (facts) => isEvent("workflow_run")(facts) && triggeredOnDeployBranch(facts),
    auto: "apply",
    plan: "plan",
    apply: "apply",
    why: "The triggering run's code is this repository's deploy-branch code; the workflow checks out the deploy branch (`GITHUB_SHA`).",
  },
  {
    event: "`workflow_run`",
    condition: "the triggering run was this repository's, on another branch",
    when: isEvent("workflow_run"),
    auto: "plan",
    plan: "plan",
    apply: "apply",
    why: "This repository's code, but not the deploy branch's.",
  },
  {
    event: pullRequestEvents.map((name) => `\`${name}\``).join(", "),
    condition: "without credentials (forks and Dependabot get no secrets)",
    when: (facts) => isEvent(...pullRequestEvents)(facts) && !facts.hasCredentials,
    auto: "validate",
    plan: "validate",
    apply: "refuse",
    why: "Nothing can be read from Outpost without credentials: outpost.yaml is validated offline, with a notice. A pull request never applies.",
  },
  {
    event: pullRequestEvents.map((name) => `\`${name}\``).join(", "),
    condition: "",
    when: isEvent(...pullRequestEvents),
    auto: "plan",
    plan: "plan",
    apply: "refuse",
    why: "A pull request's (or merge queue's) code is not merged yet: it is planned, never applied.",
  },
  {
    event: commentEvents.map((name) => `\`${name}\``).join(", "),
    condition: "",
    when: isEvent(...commentEvents),
    auto: "refuse",
    plan: "refuse",
    apply: "refuse",
    why: "Anyone may comment, and such workflows often check out a pull request's code with the repository's secrets. The Outpost GitHub App's `/outpost` commands check the commenter's permission.",
  },
  {
    event: deployEvents.map((name) => `\`${name}\``).join(", "),
    condition:
      "on a deployed ref: the deploy branch (`deploy-branch`, default: the repository's default branch), or a branch or tag an environment of outpost.yaml deploys",
    when: (facts) => isEvent(...deployEvents)(facts) && onDeployBranch(facts),
    auto: "apply",
    plan: "plan",
    apply: "apply",
    why: "This repository's deploy-branch code. `workflow_dispatch` also runs the `jobs` input now, and may name a manual-only environment (`environment`).",
  },
  {
    event: deployEvents.map((name) => `\`${name}\``).join(", "),
    condition: "on another branch or tag",
    when: isEvent(...deployEvents),
    auto: "plan",
    plan: "plan",
    apply: "apply",
    why: "This repository's code, but not the deploy branch's: `mode: apply` applies it on purpose.",
    explain: (facts) =>
      `Not a deployed ref (${facts.deploys?.description ?? "none is known"}): set \`deploy-branch\` or an environment's \`deploy\`, or \`mode: apply\`, to apply from it.`,
  },
  {
    event: refEvents.map((name) => `\`${name}\``).join(", "),
    condition: "",
    when: isEvent(...refEvents),
    auto: "plan",
    plan: "plan",
    apply: "apply",
    why: "This repository's code at the event's ref, which is not a push to the deploy branch: `mode: apply` applies it on purpose.",
  },
  {
    event: "any other event",
    condition: "",
    when: () => true,
    auto: "plan",
    plan: "plan",
    apply: "refuse",
    why: "Not an event a deploy comes from: it is planned, never applied.",
  },
];

function situation(facts: RunFacts): string {
  const { event, ref } = facts;
  const pull = event.pullRequest;
  if (pull !== undefined) {
    const fork = pull.fromFork ? ` comes from the fork ${pull.headRepository ?? "(deleted)"}` : "";
    return `Pull request #${pull.number}${fork} (\`${event.name}\`)`;
  }
  const run = event.workflowRun;
  if (run !== undefined) {
    return `\`workflow_run\` after a \`${run.event}\` run of ${run.headRepository ?? "a deleted repository"}${run.headBranch === undefined ? "" : ` on \`${run.headBranch}\``}`;
  }
  return `\`${event.name}\` on \`${ref || "(no ref)"}\``;
}

function outcome(run: Run, facts: RunFacts, row: PolicyRow): string {
  const why = row.explain?.(facts) ?? row.why;
  switch (run) {
    case "apply":
      return "this run applies.";
    case "plan":
      return `this run plans only; nothing is written to Outpost. ${why}`;
    case "validate":
      return "no Outpost credentials (GitHub gives workflows of forks, and Dependabot's, no secrets): this run validates outpost.yaml without contacting Outpost.";
    case "refuse":
      return facts.mode === "apply" && row.auto !== "refuse"
        ? `\`mode: apply\` is refused here. ${why}`
        : `Outpost does not run here. ${why}`;
  }
}

/** The table's decision for this run. */
export function decideRun(facts: RunFacts): Decision {
  const row = eventPolicy.find((candidate) => candidate.when(facts));
  if (row === undefined) throw new Error("unreachable: the last row matches every event");
  const run = row[facts.mode];
  const needsBranch =
    facts.mode === "auto" &&
    facts.deploys === undefined &&
    (deployEvents.includes(facts.event.name) || facts.event.name === "workflow_run");
  if (needsBranch) {
    return {
      run: "refuse",
      reason:
        `The \`${facts.event.name}\` event does not name the repository's default branch; set the ` +
        "`deploy-branch` input to the branch whose pushes apply.",
    };
  }
  return { run, reason: `${situation(facts)}: ${outcome(run, facts, row)}` };
}
