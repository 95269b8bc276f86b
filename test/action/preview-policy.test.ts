/** The preview table: every row, in each mode, with GitHub's real payloads. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { describeEvent, type TriggerEvent } from "../../src/action/event.ts";
import {
  decidePreviews,
  previewPolicy,
  type PreviewFacts,
} from "../../src/action/preview-policy.ts";
import { adaptPayload, webhookExample, type ExampleName } from "../support/webhooks.ts";

const repository = "acme/app";

function event(name: string, example: ExampleName, fork = false): TriggerEvent {
  return describeEvent(name, adaptPayload(webhookExample(example), { repository, fork }));
}

interface Case {
  readonly name: string;
  readonly facts: Omit<PreviewFacts, "mode">;
  /** auto, plan */
  readonly expected: readonly [string, string];
}

const facts = (
  triggering: TriggerEvent,
  changes: Partial<Omit<PreviewFacts, "mode" | "event">> = {},
): Omit<PreviewFacts, "mode"> => ({
  event: triggering,
  hasCredentials: true,
  hasPreviews: true,
  ...changes,
});

const cases: Case[] = [
  { name: "a push", facts: facts(event("push", "push")), expected: ["none", "none"] },
  {
    name: "a pull request review",
    facts: facts(event("pull_request_review", "pull_request_review.submitted")),
    expected: ["none", "none"],
  },
  {
    name: "a pull request, no service with a preview",
    facts: facts(event("pull_request", "pull_request.opened"), { hasPreviews: false }),
    expected: ["none", "none"],
  },
  {
    name: "a fork's pull request, even with credentials",
    facts: facts(event("pull_request", "pull_request.opened", true)),
    expected: ["none", "none"],
  },
  {
    name: "a fork's pull request closed",
    facts: facts(event("pull_request", "pull_request.closed", true)),
    expected: ["none", "none"],
  },
  {
    name: "this repository's pull request without credentials (Dependabot's)",
    facts: facts(event("pull_request", "pull_request.opened"), { hasCredentials: false }),
    expected: ["none", "none"],
  },
  {
    name: "this repository's pull request closed",
    facts: facts(event("pull_request", "pull_request.closed")),
    expected: ["delete", "none"],
  },
  {
    name: "this repository's pull request opened",
    facts: facts(event("pull_request", "pull_request.opened")),
    expected: ["deploy", "none"],
  },
  {
    name: "this repository's pull request pushed to",
    facts: facts(event("pull_request", "pull_request.synchronize")),
    expected: ["deploy", "none"],
  },
  {
    name: "this repository's pull request reopened",
    facts: facts(event("pull_request", "pull_request.reopened")),
    expected: ["deploy", "none"],
  },
  {
    name: "this repository's pull request labelled",
    facts: facts(event("pull_request", "pull_request.labeled")),
    expected: ["none", "none"],
  },
];

test("every row of the preview table, in each mode, with real payload shapes", () => {
  const covered = new Set<number>();
  for (const { name, facts: given, expected } of cases) {
    covered.add(previewPolicy.findIndex((row) => row.when({ ...given, mode: "auto" })));
    for (const [index, mode] of (["auto", "plan"] as const).entries()) {
      const decision = decidePreviews({ ...given, mode });
      assert.equal(decision.run, expected[index], `${name}, mode ${mode}: ${decision.reason}`);
      assert.ok(!decision.reason.includes("undefined"), decision.reason);
    }
    assert.equal(decidePreviews({ ...given, mode: "apply" }).run, expected[1], name);
  }
  assert.deepEqual(
    [...covered].sort((a, b) => a - b),
    previewPolicy.map((_, index) => index),
    "every row is tested",
  );
});

test("a fork's pull request says how a maintainer previews it", () => {
  const decision = decidePreviews({
    ...facts(event("pull_request", "pull_request.opened", true)),
    mode: "auto",
  });
  assert.match(decision.reason, /\/outpost preview/);
});
