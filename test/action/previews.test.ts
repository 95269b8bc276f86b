/**
 * Previews in the action, on the emulator and the fake GitHub: created when this repository's
 * pull request opens, updated on each push, deleted when it closes; refused, with nothing
 * created, over the concurrency limit; never for a fork, or for files `paths` does not match.
 * The file's own services are only ever planned from a pull request.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { CliIo } from "../../src/cli/command.ts";
import { run as outpost } from "../../src/cli/main.ts";
import { parseDeploymentPayload } from "../../src/records/deployment-payload.ts";
import { parseJsonOutput } from "../support/json-outputs.ts";
import {
  commit,
  failureOf,
  outpostToken,
  repository,
  runAction,
  startTestbed,
  transcript,
  type Testbed,
} from "./harness.ts";

const file = (previews = "  namespace: acme-previews\n", paths = "") => `version: 1
namespace: acme
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: A100-80GB
    min_replicas: 2
    max_replicas: 8
    env:
      MODEL: big
    preview:
      gpu: L4
      min_replicas: 0
      max_replicas: 1
      env:
        LOG_LEVEL: debug
${paths}  worker:
    image: ghcr.io/acme/worker:v1
    gpu: L4
previews:
${previews}`;

function servicesIn(bed: Testbed, namespace: string) {
  return bed.emulator.controls
    .inspect()
    .services.filter((service) => service.namespace === namespace)
    .map((service) => ({ name: service.name, env: service.env }));
}

function previewDeployments(bed: Testbed) {
  return (bed.github.state.repository(repository)?.deployments ?? [])
    .filter((d) => d.environment.startsWith("preview/"))
    .map((d) => {
      const parsed = parseDeploymentPayload(d.payload);
      return {
        environment: d.environment,
        sha: d.sha,
        transient: d.transientEnvironment,
        identity: parsed.type === "outpost" ? parsed.payload.identity?.environment : undefined,
        urls: d.statuses.map((s) => s.environmentUrl).filter((url) => url !== ""),
      };
    });
}

const pullRequest = (
  action: "opened" | "synchronize" | "reopened" | "closed" | "labeled",
  sha: string,
  number = 12,
  fork = false,
) =>
  ({
    event: { name: "pull_request", action, sha, number, headBranch: "topic", fork },
  }) as const;

test("a pull request's preview: created on open, updated on push, deleted on close", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", file());
  const opened = await runAction(bed, pullRequest("opened", commit("pr-1")));
  assert.equal(opened.exitCode, 0, transcript(opened));
  // The preview, with its fields over the service's; the file's own services only planned.
  assert.deepEqual(servicesIn(bed, "acme-previews"), [
    { name: "api-pr-12", env: { MODEL: "big", LOG_LEVEL: "debug" } },
  ]);
  assert.deepEqual(servicesIn(bed, "acme"), []);
  assert.match(opened.stdout, /Plan for acme: 2 to create/);
  const [created] = previewDeployments(bed);
  assert.ok(created !== undefined);
  assert.equal(created.environment, "preview/pr-12/api");
  assert.equal(created.identity, "preview/pr-12");
  assert.equal(created.sha, commit("pr-1"));
  assert.equal(created.transient, true);
  assert.match(created.urls.at(-1) ?? "", /^https?:\/\/\S*api-pr-12/);
  assert.match(opened.summary, /Previews of #12 in `acme-previews`/);
  assert.match(opened.summary, /`api-pr-12` \| api \| created \| \w+ \| https?:\/\/\S*api-pr-12/);

  // A push: the preview is redeployed at the new head commit, and recorded for it.
  const pushed = await runAction(bed, pullRequest("synchronize", commit("pr-2")));
  assert.equal(pushed.exitCode, 0, transcript(pushed));
  assert.match(pushed.summary, /`api-pr-12` \| api \| redeployed/);
  assert.deepEqual(
    previewDeployments(bed).map((d) => d.sha),
    [commit("pr-1"), commit("pr-2")],
  );
  // A label changes no code: nothing is written.
  const labelled = await runAction(bed, pullRequest("labeled", commit("pr-2")));
  assert.equal(labelled.exitCode, 0, transcript(labelled));
  assert.equal(previewDeployments(bed).length, 2);

  // Changing the preview's fields updates it in place.
  await bed.writeFile("outpost.yaml", file().replace("LOG_LEVEL: debug", "LOG_LEVEL: info"));
  const changed = await runAction(bed, pullRequest("synchronize", commit("pr-3")));
  assert.equal(changed.exitCode, 0, transcript(changed));
  assert.deepEqual(servicesIn(bed, "acme-previews"), [
    { name: "api-pr-12", env: { MODEL: "big", LOG_LEVEL: "info" } },
  ]);

  const closed = await runAction(bed, pullRequest("closed", commit("pr-3")));
  assert.equal(closed.exitCode, 0, transcript(closed));
  assert.deepEqual(servicesIn(bed, "acme-previews"), []);
  assert.match(closed.summary, /`api-pr-12` \| api \| deleted/);
  // Closing plans nothing else: the file's own namespace was never written.
  assert.doesNotMatch(closed.stdout, /Plan for acme:/);
  assert.deepEqual(servicesIn(bed, "acme"), []);
});

test("over the concurrency limit a pull request's previews are refused and nothing is created", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile(
    "outpost.yaml",
    file("  namespace: acme-previews\n  max_concurrent: 1\n").replace(
      "    gpu: L4\npreviews:",
      "    gpu: L4\n    preview: { max_replicas: 1 }\npreviews:",
    ),
  );
  // One pull request with two previews would pass the limit by itself.
  const both = await runAction(bed, pullRequest("opened", commit("a"), 3));
  assert.equal(both.exitCode, 1, transcript(both));
  assert.match(
    failureOf(both),
    /`previews\.max_concurrent` is 1: this pull request's 2 previews would make 2/,
  );
  assert.deepEqual(servicesIn(bed, "acme-previews"), []);
  assert.deepEqual(previewDeployments(bed), []);
  assert.match(both.summary, /\*\*Refused:\*\*/);

  // One preview each: the first pull request's fits, the second's is refused and names it.
  await bed.writeFile("outpost.yaml", file("  namespace: acme-previews\n  max_concurrent: 1\n"));
  const first = await runAction(bed, pullRequest("opened", commit("b"), 4));
  assert.equal(first.exitCode, 0, transcript(first));
  const second = await runAction(bed, pullRequest("opened", commit("c"), 5));
  assert.equal(second.exitCode, 1, transcript(second));
  assert.match(
    failureOf(second),
    /`previews\.max_concurrent` is 1: 1 preview of other pull requests exist \(#4\) and this pull request's 1 preview would make 2/,
  );
  assert.deepEqual(
    servicesIn(bed, "acme-previews").map((s) => s.name),
    ["api-pr-4"],
  );
  // Once #4 closes, #5's next push gets its preview.
  assert.equal((await runAction(bed, pullRequest("closed", commit("b"), 4))).exitCode, 0);
  const retried = await runAction(bed, pullRequest("synchronize", commit("d"), 5));
  assert.equal(retried.exitCode, 0, transcript(retried));
  assert.deepEqual(
    servicesIn(bed, "acme-previews").map((s) => s.name),
    ["api-pr-5"],
  );
});

test("a fork's pull request never gets a preview, even with credentials; mode plan writes none", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", file());
  const fork = await runAction(bed, pullRequest("opened", commit("f"), 7, true));
  assert.equal(fork.exitCode, 0, transcript(fork));
  const planOnly = await runAction(bed, {
    ...pullRequest("opened", commit("p"), 8),
    inputs: { mode: "plan" },
  });
  assert.equal(planOnly.exitCode, 0, transcript(planOnly));
  assert.deepEqual(bed.emulator.controls.inspect().services, []);
  assert.deepEqual(previewDeployments(bed), []);
});

test("preview.paths: only a pull request changing a matching file gets the preview", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", file(undefined, "      paths: [serving/**]\n"));
  bed.github.state.addPullRequest(repository, {
    number: 20,
    headSha: commit("docs"),
    files: [{ filename: "docs/readme.md" }],
  });
  bed.github.state.addPullRequest(repository, {
    number: 21,
    headSha: commit("serving"),
    files: [{ filename: "docs/readme.md" }, { filename: "serving/app.py" }],
  });
  const docs = await runAction(bed, pullRequest("opened", commit("docs"), 20));
  assert.equal(docs.exitCode, 0, transcript(docs));
  const serving = await runAction(bed, pullRequest("opened", commit("serving"), 21));
  assert.equal(serving.exitCode, 0, transcript(serving));
  assert.deepEqual(
    servicesIn(bed, "acme-previews").map((s) => s.name),
    ["api-pr-21"],
  );
});

test("a preview name some other service already has is never written to", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", file("  max_concurrent: 5\n"));
  // The file's namespace holds previews too, and someone's own service has the name.
  const pushed = await runAction(bed, {
    event: { name: "push", sha: commit("main") },
  });
  assert.equal(pushed.exitCode, 0, transcript(pushed));
  await bed.writeFile(
    "outpost.yaml",
    file("  max_concurrent: 5\n").replace("  worker:", "  api-pr-12:"),
  );
  assert.equal(
    (await runAction(bed, { event: { name: "push", sha: commit("main2") } })).exitCode,
    0,
  );
  const before = servicesIn(bed, "acme");
  const pull = await runAction(bed, pullRequest("opened", commit("pr"), 12));
  assert.equal(pull.exitCode, 1, transcript(pull));
  assert.match(
    failureOf(pull),
    /`api-pr-12` already exists in namespace `acme` and is not this pull request's preview/,
  );
  assert.deepEqual(servicesIn(bed, "acme"), before);
});

/** `outpost previews prune` beside the checkout, with the action's records (GitHub Deployments). */
async function prune(bed: Testbed, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd: bed.workspace,
    env: {
      OUTPOST_API_URL: bed.emulator.url,
      OUTPOST_TOKEN: outpostToken,
      GITHUB_TOKEN: bed.githubToken(),
      GITHUB_API_URL: bed.github.url,
    },
  };
  const code = await outpost(
    ["previews", "prune", "--repository", repository, "--sha", commit("main"), ...args],
    io,
  );
  return { code, stdout, stderr };
}

test("outpost previews prune: expired by ttl or idle_expiry on Outpost's clock, only recorded previews", async (t) => {
  // Outpost's and GitHub's clocks stand still but for the test's advances.
  const bed = await startTestbed(t, { manualClock: true, githubOnEmulatorClock: true });
  const hour = 3_600_000;
  await bed.writeFile(
    "outpost.yaml",
    file().replace(
      "      max_replicas: 1\n",
      "      max_replicas: 1\n      ttl: 10h\n      idle_expiry: 3h\n",
    ),
  );
  // #1 opened first, then pushed to; #2 opened later and left alone.
  assert.equal(
    (
      await runAction(bed, {
        ...pullRequest("opened", commit("one"), 1),
        inputs: { wait: "false" },
      })
    ).exitCode,
    0,
  );
  bed.emulator.controls.advance(2 * hour);
  assert.equal(
    (
      await runAction(bed, {
        ...pullRequest("opened", commit("two"), 2),
        inputs: { wait: "false" },
      })
    ).exitCode,
    0,
  );
  // Someone's own service, named like a preview: no records hold it.
  await fetch(`${bed.emulator.url}/auth/v1/seed/acme-previews/services`, {
    method: "POST",
    headers: { authorization: `Bearer ${outpostToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "api-pr-3", image: "ghcr.io/acme/api:v1", gpu: "L4" }),
  });
  bed.emulator.controls.advance(2 * hour);
  assert.equal(
    (
      await runAction(bed, {
        ...pullRequest("synchronize", commit("one-b"), 1),
        inputs: { wait: "false" },
      })
    ).exitCode,
    0,
  );
  const names = () =>
    servicesIn(bed, "acme-previews")
      .map((s) => s.name)
      .sort();

  // 4 h on: #2 was last deployed 2 h ago, #1 just now; nothing has expired.
  const early = await prune(bed, "--dry-run");
  assert.equal(early.code, 0, early.stderr);
  assert.match(early.stdout, /Would delete 0 previews in acme-previews/);
  assert.match(early.stdout, /keep {4}api-pr-3 {2}\(no records of #3 hold it\)/);

  // 6 h on: #2 idle for 4 h (over 3 h); #1 deployed 2 h ago.
  bed.emulator.controls.advance(2 * hour);
  const idle = await prune(bed, "--json");
  assert.equal(idle.code, 0, idle.stderr);
  const output = parseJsonOutput("previews-prune", idle.stdout);
  assert.deepEqual(output.deleted, ["api-pr-2"]);
  assert.match(
    output.previews.find((p) => p.name === "api-pr-2")?.reason ?? "",
    /idle for `idle_expiry` 3h/,
  );
  assert.deepEqual(names(), ["api-pr-1", "api-pr-3"]);

  // 11 h on: #1 was created 11 h ago (over its 10 h ttl), though pushed to since.
  bed.emulator.controls.advance(5 * hour);
  assert.equal(
    (
      await runAction(bed, {
        ...pullRequest("synchronize", commit("one-c"), 1),
        inputs: { wait: "false" },
      })
    ).exitCode,
    0,
  );
  const expired = await prune(bed);
  assert.equal(expired.code, 0, expired.stderr);
  assert.match(expired.stdout, /deleted {2}api-pr-1 {2}\(its lifetime \(`ttl` 10h\) ended/);
  assert.deepEqual(names(), ["api-pr-3"]);
  // Its records know: the next push to #1 deploys it afresh.
  assert.equal(
    (
      await runAction(bed, {
        ...pullRequest("synchronize", commit("one-d"), 1),
        inputs: { wait: "false" },
      })
    ).exitCode,
    0,
  );
  assert.deepEqual(names(), ["api-pr-1", "api-pr-3"]);
});
