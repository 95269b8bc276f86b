import assert from "node:assert/strict";
import { test } from "node:test";
import { describeEvent } from "../../src/action/event.ts";
import { decideMode, type Mode } from "../../src/action/mode.ts";
import { adaptPayload, webhookExample } from "../support/webhooks.ts";

const pullRequest = (fork: boolean) =>
  describeEvent(
    "pull_request",
    adaptPayload(webhookExample("pull_request.opened"), { repository: "acme/app", fork }),
  );
const push = describeEvent(
  "push",
  adaptPayload(webhookExample("push"), { repository: "acme/app" }),
);
const dispatch = describeEvent("workflow_dispatch", webhookExample("workflow_dispatch"));

test("events are read from real payloads: forks, head commits, default branches", () => {
  assert.equal(pullRequest(true).pullRequest?.fromFork, true);
  assert.equal(pullRequest(true).pullRequest?.headRepository, "fork-owner/app");
  assert.equal(pullRequest(false).pullRequest?.fromFork, false);
  assert.match(pullRequest(false).pullRequest?.headSha ?? "", /^[0-9a-f]{40}$/);
  assert.equal(push.pullRequest, undefined);
  assert.equal(push.defaultBranch, "master");
  assert.equal(dispatch.defaultBranch, "main");
  assert.equal(describeEvent("schedule", {}).defaultBranch, undefined);
});

test("what each event may do, in each mode", () => {
  const cases: [string, Mode, ReturnType<typeof describeEvent>, string, boolean, string][] = [
    ["auto applies a push to the deploy branch", "auto", push, "refs/heads/master", true, "apply"],
    ["auto plans a push to another branch", "auto", push, "refs/heads/feature", true, "plan"],
    ["auto plans a tag", "auto", push, "refs/tags/v1", true, "plan"],
    ["plan plans the deploy branch", "plan", push, "refs/heads/master", true, "plan"],
    ["apply applies any branch", "apply", push, "refs/heads/feature", true, "apply"],
    [
      "auto applies a dispatch on the deploy branch",
      "auto",
      dispatch,
      "refs/heads/main",
      true,
      "apply",
    ],
    ["auto plans a pull request", "auto", pullRequest(false), "refs/pull/1/merge", true, "plan"],
    [
      "apply never applies a pull request",
      "apply",
      pullRequest(false),
      "refs/pull/1/merge",
      true,
      "refuse",
    ],
    ["a fork with credentials plans", "auto", pullRequest(true), "refs/pull/1/merge", true, "plan"],
    [
      "a fork without credentials validates",
      "auto",
      pullRequest(true),
      "refs/pull/1/merge",
      false,
      "validate",
    ],
    [
      "apply on a fork is refused",
      "apply",
      pullRequest(true),
      "refs/pull/1/merge",
      false,
      "refuse",
    ],
    [
      "pull_request_target is refused",
      "plan",
      { ...pullRequest(true), name: "pull_request_target" },
      "refs/heads/master",
      true,
      "refuse",
    ],
    [
      "without a default branch, auto asks for deploy-branch",
      "auto",
      describeEvent("schedule", {}),
      "refs/heads/main",
      true,
      "refuse",
    ],
  ];
  for (const [name, mode, event, ref, hasCredentials, expected] of cases) {
    const decision = decideMode({
      mode,
      event,
      ref,
      deployBranch: event.defaultBranch,
      hasCredentials,
    });
    assert.equal(decision.run, expected, `${name}: ${decision.reason}`);
  }
});
