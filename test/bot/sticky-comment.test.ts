import assert from "node:assert/strict";
import { test } from "node:test";
import { getOctokit } from "@actions/github";
import { refreshStickyComment } from "../../src/bot/sticky-comment.ts";
import { startWatch } from "../../src/bot/tracking/start-watch.ts";
import { stickyMarker } from "../../src/render/sticky-comment.ts";
import { commit, installationId, name, owner, repo, startBed, type Bed } from "./harness.ts";

const repository = { owner, repo: name };

function installationGitHub(bed: Bed) {
  const token = bed.github.state.issueInstallationToken(installationId, {
    pull_requests: "write",
    metadata: "read",
  });
  return getOctokit(token.token, { baseUrl: bed.github.url });
}

async function follow(bed: Bed, pullRequest: number, outpostName: string, deploymentId: number) {
  await startWatch(bed.bot.context, {
    repository,
    installationId,
    namespace: "acme",
    kind: "job",
    key: outpostName,
    outpostName,
    deploymentId,
    headSha: commit(`pr-${pullRequest}`),
    pullRequest,
  });
}

function stickyComments(bed: Bed) {
  return (bed.github.state.repository(repo)?.comments ?? []).filter((c) =>
    c.body.startsWith(stickyMarker),
  );
}

test("two replicas writing a pull request's first comment at once: one writes it, the other leaves it to it", async (t) => {
  const bed = await startBed(t);
  bed.github.state.addPullRequest(repo, { number: 4, headSha: commit("pr-4") });
  await follow(bed, 4, "train", 1);
  const github = installationGitHub(bed);
  // A slow comment list: the first replica is still searching when the second arrives.
  bed.github.delay({ operationId: "issues/list-comments", ms: 300 });
  const written = await Promise.all(
    ["replica-a", "replica-b"].map((replicaId) =>
      refreshStickyComment({ ...bed.bot.context, replicaId }, github, repository, 4),
    ),
  );
  assert.deepEqual(written.toSorted(), ["busy", "written"]);
  assert.equal(bed.github.writes("issues/create-comment"), 1, "created once");
  assert.equal(bed.github.writes("issues/delete-comment"), 0, "nothing to clean up");
  assert.equal(stickyComments(bed).length, 1);
  const recorded = await bed.bot.context.store.getComment(owner, name, 4);
  assert.equal(recorded?.commentId, stickyComments(bed)[0]?.id);
  assert.equal(
    await refreshStickyComment(
      { ...bed.bot.context, replicaId: "replica-b" },
      github,
      repository,
      4,
    ),
    "unchanged",
    "the other replica finds it written and leaves it",
  );
});

test("with its state lost, the bot finds its comment by the marker; a person's copy of the marker is not taken", async (t) => {
  const first = await startBed(t);
  first.github.state.addPullRequest(repo, { number: 6, headSha: commit("pr-6") });
  first.github.state.addComment(repo, 6, "octo-dev", `${stickyMarker}\nquoting the bot`);
  await follow(first, 6, "train", 1);
  await refreshStickyComment(first.bot.context, installationGitHub(first), repository, 6);
  assert.equal(stickyComments(first).length, 2);
  const ours = stickyComments(first).find((c) => c.appId !== undefined);

  const second = await startBed(t, { github: first.github, emulator: first.emulator });
  await follow(second, 6, "train", 1);
  await follow(second, 6, "evaluate", 2);
  assert.equal(
    await refreshStickyComment(second.bot.context, installationGitHub(second), repository, 6),
    "written",
  );
  assert.equal(stickyComments(second).length, 2, "edited, not added");
  assert.match(ours?.body ?? "", /`evaluate`/);
  assert.equal(
    stickyComments(second).find((c) => c.appId === undefined)?.body,
    `${stickyMarker}\nquoting the bot`,
  );
});
