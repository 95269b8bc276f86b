import assert from "node:assert/strict";
import { test } from "node:test";
import { describeEvent, type TriggerEvent } from "../../src/action/event.ts";
import {
  decideRun,
  deployBranchRefs,
  eventPolicy,
  modes,
  type RunFacts,
} from "../../src/action/event-policy.ts";
import { adaptPayload, webhookExample, type ExampleName } from "../support/webhooks.ts";

const repository = "acme/app";

/** An event as the runner describes it, from GitHub's real example payload for it. */
function event(name: string, example: ExampleName, changes: { fork?: boolean } = {}): TriggerEvent {
  return describeEvent(name, adaptPayload(webhookExample(example), { repository, ...changes }));
}

/** A `workflow_run` after a run of `triggering` from `from` on `branch`. */
function workflowRun(triggering: string, from: string, branch: string): TriggerEvent {
  // A JSON copy, to change the fields the example helpers do not.
  const payload = JSON.parse(
    JSON.stringify(adaptPayload(webhookExample("workflow_run.completed"), { repository })),
  ) as { workflow_run: Record<string, unknown> & { head_repository: Record<string, unknown> } };
  const run = payload.workflow_run;
  run["event"] = triggering;
  run["head_branch"] = branch;
  run.head_repository["full_name"] = from;
  return describeEvent("workflow_run", payload);
}

const push = event("push", "push");
/** The `deploy-branch` input. */
const defaultBranch = "main";

interface Case {
  readonly name: string;
  readonly facts: Omit<RunFacts, "mode">;
  /** auto, plan, apply */
  readonly expected: readonly [string, string, string];
}

const facts = (
  triggering: TriggerEvent,
  ref: string,
  hasCredentials = true,
): Omit<RunFacts, "mode"> => ({
  event: triggering,
  ref,
  repository,
  deploys: deployBranchRefs(defaultBranch),
  hasCredentials,
});

const onDeploy = `refs/heads/${defaultBranch}`;
const cases: Case[] = [
  {
    name: "pull_request_target, even from this repository",
    facts: facts(
      { ...event("pull_request", "pull_request.opened"), name: "pull_request_target" },
      onDeploy,
    ),
    expected: ["refuse", "refuse", "refuse"],
  },
  {
    name: "workflow_run after a fork's pull request (its file checked out, GITHUB_REF the deploy branch)",
    facts: facts(workflowRun("pull_request", "fork-owner/app", "main"), onDeploy),
    expected: ["refuse", "refuse", "refuse"],
  },
  {
    name: "workflow_run after this repository's pull request",
    facts: facts(workflowRun("pull_request", repository, "feature"), onDeploy),
    expected: ["plan", "plan", "refuse"],
  },
  {
    name: "workflow_run after a push to the deploy branch",
    facts: facts(workflowRun("push", repository, defaultBranch), onDeploy),
    expected: ["apply", "plan", "apply"],
  },
  {
    name: "workflow_run after a push to another branch",
    facts: facts(workflowRun("push", repository, "feature"), onDeploy),
    expected: ["plan", "plan", "apply"],
  },
  {
    name: "a fork's pull request without credentials",
    facts: facts(
      event("pull_request", "pull_request.opened", { fork: true }),
      "refs/pull/1/merge",
      false,
    ),
    expected: ["validate", "validate", "refuse"],
  },
  {
    name: "a same-repository pull request without credentials (Dependabot's)",
    facts: facts(
      event("pull_request", "pull_request.opened", { fork: false }),
      "refs/pull/1/merge",
      false,
    ),
    expected: ["validate", "validate", "refuse"],
  },
  {
    name: "a pull request with credentials",
    facts: facts(event("pull_request", "pull_request.opened", { fork: true }), "refs/pull/1/merge"),
    expected: ["plan", "plan", "refuse"],
  },
  {
    name: "a pull request review",
    facts: facts(
      event("pull_request_review", "pull_request_review.submitted"),
      "refs/pull/1/merge",
    ),
    expected: ["plan", "plan", "refuse"],
  },
  {
    name: "the merge queue",
    facts: facts(
      event("merge_group", "merge_group.checks_requested"),
      "refs/heads/gh-readonly-queue/main/pr-1",
    ),
    expected: ["plan", "plan", "refuse"],
  },
  {
    name: "an issue comment",
    facts: facts(event("issue_comment", "issue_comment.created"), onDeploy),
    expected: ["refuse", "refuse", "refuse"],
  },
  {
    name: "a push to the deploy branch",
    facts: facts(push, onDeploy),
    expected: ["apply", "plan", "apply"],
  },
  {
    name: "a manual run on the deploy branch",
    facts: facts(event("workflow_dispatch", "workflow_dispatch"), "refs/heads/main"),
    expected: ["apply", "plan", "apply"],
  },
  {
    name: "a schedule (on the default branch)",
    facts: { ...facts({ ...push, name: "schedule", pullRequest: undefined }, onDeploy) },
    expected: ["apply", "plan", "apply"],
  },
  {
    name: "a repository_dispatch",
    facts: facts(event("repository_dispatch", "repository_dispatch"), onDeploy),
    expected: ["apply", "plan", "apply"],
  },
  {
    name: "a push to another branch",
    facts: facts(push, "refs/heads/feature"),
    expected: ["plan", "plan", "apply"],
  },
  {
    name: "a tag",
    facts: facts(push, "refs/tags/v1.2.0"),
    expected: ["plan", "plan", "apply"],
  },
  {
    name: "a release",
    facts: facts(event("release", "release.published"), "refs/tags/v1.2.0"),
    expected: ["plan", "plan", "apply"],
  },
  {
    name: "any other event (a label)",
    facts: facts(event("label", "label.created"), onDeploy),
    expected: ["plan", "plan", "refuse"],
  },
];

test("every row of the event table, in each mode, with real payload shapes", () => {
  const covered = new Set<number>();
  for (const { name, facts: given, expected } of cases) {
    covered.add(eventPolicy.findIndex((row) => row.when({ ...given, mode: "auto" })));
    for (const [index, mode] of modes.entries()) {
      const decision = decideRun({ ...given, mode });
      assert.equal(decision.run, expected[index], `${name}, mode ${mode}: ${decision.reason}`);
      assert.ok(!decision.reason.includes("undefined"), decision.reason);
    }
  }
  assert.deepEqual(
    [...covered].sort((a, b) => a - b),
    eventPolicy.map((_, index) => index),
    "every row is tested",
  );
});

test("a fork's workflow_run never applies, whatever GITHUB_REF says", () => {
  const decision = decideRun({
    ...facts(workflowRun("pull_request", "fork-owner/app", defaultBranch), onDeploy),
    mode: "auto",
  });
  assert.equal(decision.run, "refuse");
  assert.match(decision.reason, /fork-owner\/app/);
  assert.match(decision.reason, /pull_request_target/);
});

test("without a deploy branch, auto refuses the events that need one and says what to set", () => {
  const decision = decideRun({
    event: describeEvent("schedule", {}),
    ref: "refs/heads/main",
    repository,
    deploys: undefined,
    hasCredentials: true,
    mode: "auto",
  });
  assert.equal(decision.run, "refuse");
  assert.match(decision.reason, /`deploy-branch`/);
});

test("events are read from real payloads: forks, head commits, default branches, triggering runs", () => {
  const fork = event("pull_request", "pull_request.opened", { fork: true });
  assert.equal(fork.pullRequest?.fromFork, true);
  assert.equal(fork.pullRequest?.headRepository, "fork-owner/app");
  assert.match(fork.pullRequest?.headSha ?? "", /^[0-9a-f]{40}$/);
  assert.equal(push.pullRequest, undefined);
  assert.equal(push.repository, repository);
  const run = workflowRun("push", repository, "main").workflowRun;
  assert.deepEqual(
    [run?.event, run?.headBranch, run?.headRepository],
    ["push", "main", repository],
  );
});
